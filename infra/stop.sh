#!/usr/bin/env bash
# Stops what infra/run.sh started: the balancer, the silos (each gracefully) and the companions.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"
quiet=0; [ "${1:-}" = "--quiet" ] && quiet=1
for pidfile in "$HAWIYA_RUN_DIR"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    [ "$quiet" -eq 1 ] || log "stopping $(basename "$pidfile" .pid)"
    # setsid made each process a group leader: stop the whole group.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    # A silo drains for a few seconds, then deactivates its grains with their state written.
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
