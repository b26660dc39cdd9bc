#!/usr/bin/env bash
# Stops the silos started by infra/run.sh.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
for pidfile in "$HAWIYA_ROOT"/.run/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    [ "$quiet" -eq 1 ] || log "stopping $(basename "$pidfile" .pid)"
    # setsid made each process a group leader: stop the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
