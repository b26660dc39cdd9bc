#!/usr/bin/env bash
# The chaos runs of docs/reliability.md: three silos behind HAProxy (infra/run.sh --silos 3 --bare)
# on a PostgreSQL cluster of this script's own (pg_createcluster, port HAWIYA_DB_PORT, 5433 by
# default), which the database fault stops and starts; the machine's own PostgreSQL is never
# touched. Each fault gets one run of the load tool's chaos command; reports go under OUT.
#   load-tests/chaos.sh                 all three: silo killed, database down 30 s, rolling restart
#   load-tests/chaos.sh kill            one of them (kill, database, rolling)
#   load-tests/chaos.sh rolling-login   the rolling restart under SMS-code logins (LOGIN_RATE/s, 10 by default)
#   RATE=100 OUT=/tmp/chaos load-tests/chaos.sh
# Ports and run folder as infra/run.sh takes them (infra/lib/cluster.sh); the defaults here keep
# clear of a platform started by infra/run.sh with its own defaults.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/infra/lib/common.sh"

export HAWIYA_DB_PORT="${HAWIYA_DB_PORT:-5433}"
export HAWIYA_RUN_DATABASE="${HAWIYA_RUN_DATABASE:-hawiya_chaos}"
export HAWIYA_PUBLIC_PORT="${HAWIYA_PUBLIC_PORT:-5280}"
export HAWIYA_SILO_HTTP_BASE="${HAWIYA_SILO_HTTP_BASE:-5281}"
export HAWIYA_SILO_PORT_BASE="${HAWIYA_SILO_PORT_BASE:-11211}"
export HAWIYA_GATEWAY_BASE="${HAWIYA_GATEWAY_BASE:-30211}"
export HAWIYA_RUN_DIR="${HAWIYA_RUN_DIR:-$root/.run/chaos}"
cluster="${HAWIYA_CHAOS_CLUSTER:-hawiya-chaos}"
rate="${RATE:-100}"
out="${OUT:-$root/load-tests/reports/chaos-$(date -u +%Y%m%d-%H%M%S)}"
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(kill database rolling)

apt_install postgresql
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$cluster"; then
  log "creating PostgreSQL cluster $version/$cluster on port $HAWIYA_DB_PORT"
  as_root pg_createcluster "$version" "$cluster" --port "$HAWIYA_DB_PORT" -o max_connections=300 >/dev/null
fi
db_start="pg_ctlcluster $version $cluster start"
# Fast: every backend is ended at once, as when the database's host goes away.
db_stop="pg_ctlcluster $version $cluster stop -m fast"
as_root $db_start 2>/dev/null || true
# Stopped again at the end: a server started here inherits this script's open files, the ports
# lock it runs under among them, and would hold that lock until it stops.
trap 'as_root $db_stop >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$HAWIYA_DB_PORT" && break; sleep 0.5; done

mkdir -p "$HAWIYA_RUN_DIR" "$out"
bash "$root/infra/run.sh" --silos 3 --bare --detach
trap 'bash "$root/infra/stop.sh"; as_root $db_stop >/dev/null 2>&1 || true' EXIT
dotnet build "$root/load-tests/Hawiya.LoadTests" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lt() { dotnet "$root/load-tests/Hawiya.LoadTests/bin/Release/net10.0/Hawiya.LoadTests.dll" "$@"; }
target="http://127.0.0.1:$HAWIYA_PUBLIC_PORT"
lt seed --target "$target" --citizens 1000

# Votes: each voter's first vote must come back first and every later one repeat with the same
# pseudonym, so an acknowledged vote lost, or a second first vote, is a wrong answer.
votes=(--target "$target" --citizens 1000 --scenario poll-vote --voters 600 --repeat-share 0.5 --rate "$rate")
for run in "${runs[@]}"; do
  case "$run" in
    kill) lt chaos "${votes[@]}" --duration 60s --fault 20s=kill:1 --fault 40s=start:1 --report-dir "$out/kill" || true ;;
    database) lt chaos "${votes[@]}" --duration 70s --fault 20s=db-stop --fault 50s=db-start \
      --db-stop-command "$db_stop" --db-start-command "$db_start" --report-dir "$out/database" || true ;;
    rolling) lt chaos "${votes[@]}" --duration 150s --fault 10s=restart-all --report-dir "$out/rolling" || true ;;
    rolling-login) lt chaos --target "$target" --citizens 1000 --scenario peak-login --rate "${LOGIN_RATE:-10}" \
      --duration 150s --fault 10s=restart-all --report-dir "$out/rolling-login" || true ;;
    *) die "unknown run $run (kill, database, rolling, rolling-login)" ;;
  esac
done
log "reports under $out (chaos.md and chaos.png in each)"
