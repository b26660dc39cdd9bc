#!/usr/bin/env bash
# The run command: brings up the platform on this machine and prints where it is.
#   infra/run.sh              one silo, in the foreground (Ctrl-C stops it)
#   infra/run.sh --silos 3    three silos forming one cluster, behind HAProxy on one public port
#   infra/run.sh --detach     return once ready, leaving the silos running (infra/stop.sh stops them)
#   infra/run.sh --card       also a virtual CNIE in pcscd and a reader credential, for a card login (README)
#   infra/run.sh --bare       the silos and the balancer only (no sample provider, portal or seed)
# Ports and database move by environment (infra/lib/cluster.sh); infra/restart.sh restarts the silos one by one.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/cluster.sh"

silos=1
detach=0
card=0
bare=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
    --detach) detach=1; shift ;;
    --card) card=1; shift ;;
    --bare) bare=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done
[[ "$silos" =~ ^[1-9]$ ]] || die "--silos takes 1 to 9"

database="$HAWIYA_RUN_DATABASE"
operator_token="${HAWIYA_OPERATOR_TOKEN:-DEV-ONLY-operator-token}"
run_dir="$HAWIYA_RUN_DIR"
public_url="$HAWIYA_PUBLIC_URL"
mkdir -p "$run_dir"

"$HAWIYA_ROOT/infra/stop.sh" --quiet || true
for i in $(seq 0 $((silos - 1))); do
  require_free_silo_ports "$i"
done
require_free_port "$HAWIYA_PUBLIC_PORT"
if [ "$bare" -eq 0 ]; then
  require_free_port 5090
  require_free_port 5095
fi
ensure_postgres "$database"
apply_schema "$database"
# The platform's private keys live in this SoftHSM2 token (kept across runs, as the database is);
# the silos generate their keys there at the first start.
ensure_softhsm "$run_dir/softhsm" hawiya

log "building (Release)"
for project in Hawiya.Server Hawiya.SampleProvider Hawiya.Portal; do
  dotnet build "$HAWIYA_ROOT/src/$project" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
    || dotnet build "$HAWIYA_ROOT/src/$project" -c Release -nologo -clp:ErrorsOnly || die "build of $project failed"
done
sample_dir="$HAWIYA_ROOT/src/Hawiya.SampleProvider/bin/Release/net10.0"
portal_dir="$HAWIYA_ROOT/src/Hawiya.Portal/bin/Release/net10.0"

# Connections per silo (HAWIYA_DB_POOL_SIZE, 12 by default, used by start_silo). PostgreSQL shares
# this machine's cores with the silos: a dozen busy backends keep it fed, while eighty (tried)
# spend its CPU switching between them and a login peak collapses instead of queueing. A
# dedicated database server takes more (see docs/benchmarks.md).
for i in $(seq 0 $((silos - 1))); do
  : >"$run_dir/silo-$i.log"
  start_silo "$i"
done

for i in $(seq 0 $((silos - 1))); do
  wait_silo_ready "$i"
done
log "all $silos silo(s) ready"
start_balancer "$silos"
echo "$silos" >"$run_dir/silos"

if [ "$bare" -eq 1 ]; then
  log "silos and balancer running on $public_url (--bare); stop with infra/stop.sh"
  [ "$detach" -eq 1 ] && exit 0
  trap '"$HAWIYA_ROOT/infra/stop.sh"; exit 0' INT TERM
  wait
  exit 0
fi

log "seeding demo data from infra/seed"
curl -sf -H "Authorization: Bearer $operator_token" -H 'Content-Type: application/json' \
  --data-binary @"$HAWIYA_ROOT/infra/seed/demo.json" $public_url/operator/seed >"$run_dir/seed-report.json" \
  || die "seeding failed (see $run_dir/silo-0.log)"

[ "$card" -eq 0 ] || "$HAWIYA_ROOT/infra/card-demo.sh"

log "starting the sample service provider on http://127.0.0.1:5090"
(
  cd "$sample_dir"
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:5090" \
    exec setsid dotnet Hawiya.SampleProvider.dll >"$run_dir/sample-provider.log" 2>&1
) &
echo $! >"$run_dir/sample-provider.pid"
wait_http_ok "http://127.0.0.1:5090/" 60 || { tail -n 40 "$run_dir/sample-provider.log" >&2; die "the sample provider did not start"; }

log "starting the citizen portal on http://127.0.0.1:5095"
(
  cd "$portal_dir"
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:5095" \
    exec setsid dotnet Hawiya.Portal.dll >"$run_dir/portal.log" 2>&1
) &
echo $! >"$run_dir/portal.pid"
wait_http_ok "http://127.0.0.1:5095/portal.css" 60 || { tail -n 40 "$run_dir/portal.log" >&2; die "the citizen portal did not start"; }

cat <<INFO

  Hawiya is running ($silos silo(s) behind HAProxy on $public_url, cluster hawiya-dev, PostgreSQL database '$database').

  Sample provider  http://127.0.0.1:5090  ("Se connecter avec Hawiya"; citizen AB100001, password demo-password-1,
                   or an SMS code read from the development outbox below)
  Citizen portal   http://127.0.0.1:5095  (activity, consents, methods, identity, alerts, "not me")
  SMS/email outbox $public_url/dev/outbox   (Development only)
  OIDC discovery   $public_url/.well-known/openid-configuration
                   client demo-sp, secret DEV-ONLY-demo-sp-secret, redirect http://127.0.0.1:5090/signin-hawiya

  Health        $public_url/health/ready
  Cluster view  $public_url/operator/cluster   (user 'operator', password '$operator_token')
  Operator API  curl -H "Authorization: Bearer $operator_token" $public_url/operator/cluster
  Silos         $(for i in $(seq 0 $((silos - 1))); do printf '%s ' "$(silo_url "$i")"; done)(each checked by the balancer at /health/ready)
  Logs          $run_dir/silo-*.log, $run_dir/haproxy.log
  Demo data     infra/seed/demo.json (report: $run_dir/seed-report.json)

INFO

if [ "$detach" -eq 1 ]; then
  log "detached; stop with infra/stop.sh"
  exit 0
fi
trap '"$HAWIYA_ROOT/infra/stop.sh"; exit 0' INT TERM
log "running; Ctrl-C stops"
wait
