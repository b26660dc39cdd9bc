#!/usr/bin/env bash
# Rolling restart of the silos infra/run.sh started, one at a time, under load if there is any:
# each silo is stopped gracefully (readiness turns 503, the balancer takes it out, the requests
# under way finish, its grains deactivate with their state written), started again, and the next
# one waits until it is ready and back in the balancer. The other silos serve meanwhile.
#   infra/restart.sh            every silo, 0 first
#   infra/restart.sh 2          silo 2 only
# Same environment as infra/run.sh (infra/lib/cluster.sh) for ports, database and run folder.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"

[ -f "$HAWIYA_RUN_DIR/silos" ] || die "no platform started by infra/run.sh in $HAWIYA_RUN_DIR"
silos=$(cat "$HAWIYA_RUN_DIR/silos")
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(seq 0 $((silos - 1)))

for i in "${targets[@]}"; do
  [[ "$i" =~ ^[0-9]$ ]] && [ "$i" -lt "$silos" ] || die "no silo $i (this platform has $silos)"
  log "restarting silo $i"
  stop_silo "$i"
  start_silo "$i"
  wait_silo_ready "$i"
  # Back in the balancer (two good checks, 250 ms apart) before the next one leaves.
  sleep 1
  log "silo $i is back"
done
