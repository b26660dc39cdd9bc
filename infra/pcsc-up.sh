#!/usr/bin/env bash
# Installs pcscd with the vsmartcard vpcd driver (only what is missing) and starts pcscd in the
# background, idempotently: a second call finds it running and does nothing.
#
# Why: the edge reader talks PC/SC (PC/SC Workgroup specification part 5) to pcsc-lite's pcscd.
# On machines without a physical reader, vpcd gives pcscd two readers, "Virtual PCD 00 00" and
# "Virtual PCD 00 01", which a virtual card joins by connecting to 127.0.0.1:35963 and :35964
# (tools/Hawiya.VirtualCard, docs/card-profile.md). Tests, the demo and the load tests need both.
#
# Environment: PCSCD_LOG (default /tmp/hawiya-pcscd.log), PCSCD_ARGS (e.g. "--apdu --debug").
set -euo pipefail

log=${PCSCD_LOG:-/tmp/hawiya-pcscd.log}
run_dir=/run/pcscd
vpcd_port_hex=8C7B # 35963, the port of "Virtual PCD 00 00"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in pcscd vsmartcard-vpcd libpcsclite1; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "pcsc-up: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A live, non-zombie pcscd owns the pid file: nothing to do.
running_pid() {
  local pid
  # pcscd ends the number with a NUL byte: keep the digits only.
  pid=$(tr -dc '0-9' 2>/dev/null <"$run_dir/pcscd.pid") || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  # Field 3 of /proc/PID/stat is the state; Z is a zombie that only waits to be reaped.
  [ "$(awk '{print $3}' "/proc/$pid/stat")" != Z ] || return 1
  echo "$pid"
}

# LISTEN (state 0A) on the vpcd port, read from /proc so no networking tool is needed, and
# without connecting: a connection to that port would look to pcscd like a card insertion.
vpcd_listening() {
  awk -v port=":$vpcd_port_hex" '$2 ~ port"$" && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

if pid=$(running_pid) && vpcd_listening; then
  echo "pcsc-up: pcscd already running (pid $pid)"
  exit 0
fi

if pid=$(running_pid); then
  echo "pcsc-up: pcscd (pid $pid) runs without the vpcd readers; restarting it" >&2
  as_root kill -TERM "$pid"
  for _ in $(seq 50); do running_pid >/dev/null || break; sleep 0.1; done
fi

# A pcscd killed with SIGKILL leaves its pid file and socket behind; the next one would refuse.
as_root rm -f "$run_dir/pcscd.pid" "$run_dir/pcscd.comm"

# shellcheck disable=SC2086 # PCSCD_ARGS is a list of options
as_root setsid pcscd --foreground ${PCSCD_ARGS:-} >"$log" 2>&1 </dev/null &

for _ in $(seq 100); do
  if running_pid >/dev/null && vpcd_listening; then
    echo "pcsc-up: pcscd started (pid $(running_pid)), vpcd on 127.0.0.1:35963 and :35964, log $log"
    exit 0
  fi
  sleep 0.1
done

echo "pcsc-up: pcscd did not come up within 10 s; its log ($log) says:" >&2
tail -n 20 "$log" >&2 || true
exit 1
