#!/usr/bin/env bash
# Where a silo spends its CPU under a scenario: perf samples of one silo, with the JIT's method
# names, grouped by assembly and by method.
#   load-tests/profile.sh BUILD_DIR [SCENARIO] [RATE] [WARMUP_SECONDS] [SECONDS]
#   load-tests/profile.sh src/Hawiya.Server/bin/Release/net10.0 peak-login 40 100 20
# BUILD_DIR holds a built Hawiya.Server.dll. The silo runs on its own ports and database
# (hawiya_profile); the scenario runs for WARMUP + SECONDS + 10, and perf samples the silo for
# SECONDS after WARMUP (a fresh silo spends its first minute recompiling its hot methods).
# PROFILE_ENV adds environment variables to the silo (e.g. a runtime knob to compare).
# Reports under load-tests/reports/profile-*: perf.data, by-library.txt, by-assembly.txt, by-method.txt.
# Proportions hold on a busy machine; absolute CPU per login needs a quiet one (ab.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/infra/lib/common.sh"
[ $# -ge 1 ] || { sed -n '2,11p' "$0"; exit 2; }
build="$(cd "$1" && pwd)"; scenario="${2:-peak-login}"; rate="${3:-40}"; warm="${4:-100}"; seconds="${5:-20}"
[ -f "$build/Hawiya.Server.dll" ] || die "no Hawiya.Server.dll in $build"
command -v perf >/dev/null || apt_install linux-perf
database=hawiya_profile; port=5190; token="DEV-ONLY-operator-token"
out="${OUT:-$root/load-tests/reports/profile-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
require_free_port "$port"; require_free_port 11190; require_free_port 30190

dotnet build "$root/load-tests/Hawiya.LoadTests" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lt() { dotnet "$root/load-tests/Hawiya.LoadTests/bin/Release/net10.0/Hawiya.LoadTests.dll" "$@"; }

ensure_postgres "$database"
psql_admin -d "$database" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION \"${HAWIYA_DB_USER}\";" >/dev/null
apply_schema "$database"
# The JIT writes /tmp/perf-PID.map for perf to name managed frames; W^X off so that JIT code is
# mapped where perf looks for it.
(
  cd "$build"
  exec env ${PROFILE_ENV:-} DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
    ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Hawiya__Cluster__SiloPort=11190 Hawiya__Cluster__GatewayPort=30190 \
    Hawiya__Cluster__ClusterId=profile Hawiya__Cluster__SiloName=profile \
    Hawiya__Database__ConnectionString="$(connection_string "$database");Maximum Pool Size=12" \
    Hawiya__Secrets__OperatorToken="$token" dotnet Hawiya.Server.dll >"$out/silo.log" 2>&1
) &
silo=$!
trap 'kill $silo 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait_http_ok "http://127.0.0.1:$port/health/ready" 180 || { tail -n 30 "$out/silo.log" >&2; die "the silo did not start"; }
lt seed --target "http://127.0.0.1:$port" --citizens 2000 --operator-token "$token" >/dev/null
lt run --target "http://127.0.0.1:$port" --scenario "$scenario" --rate "$rate" --duration "$((warm + seconds + 10))s" \
  --operator-token "$token" --report-dir "$out/run" >"$out/run.log" 2>&1 &
load=$!
log "$scenario at $rate/s: warming up for ${warm}s, then sampling the silo for ${seconds}s"
sleep "$warm"
perf record -F 999 -g -p "$silo" -o "$out/perf.data" -- sleep "$seconds" 2>"$out/perf.log" >/dev/null
wait "$load" || true

perf report -i "$out/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | sed 's/  \+/ /g' >"$out/by-method.txt"
# Managed frames read "[Assembly] Namespace.Type::Method"; the rest is the kernel or a native library.
awk '{ p = $1; sub(/%/, "", p); a = "native";
       if ($2 == "[k]") a = "kernel";
       else if (match($0, /\[[A-Za-z][A-Za-z0-9.]*\] [A-Za-z]/)) a = substr($0, RSTART, RLENGTH - 2);
       t[a] += p }
     END { for (k in t) printf "%6.2f%% %s\n", t[k], k }' "$out/by-method.txt" | sort -rn >"$out/by-assembly.txt"
# The same samples by library: the JIT's code, the runtime (GC, stubs), the kernel, OpenSSL...
perf report -i "$out/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null \
  | grep -v '^#' | grep -v '^$' | sed 's/  \+/ /g' >"$out/by-library.txt"
samples=$(grep -o '[0-9]* samples' "$out/perf.log" | tail -n 1)
log "$samples in ${seconds}s ($(grep -m1 'work per operation' "$out/run.log" | sed 's/^ *//'))"
head -n 8 "$out/by-library.txt"
head -n 15 "$out/by-assembly.txt"
log "reports: $out"
