#!/usr/bin/env bash
# The run command: brings up the platform on this machine and prints where it is.
#   infra/run.sh              one silo, in the foreground (Ctrl-C stops it)
#   infra/run.sh --silos 3    three silos forming one cluster
#   infra/run.sh --detach     return once ready, leaving the silos running (infra/stop.sh stops them)
#   infra/run.sh --card       also a virtual CNIE in pcscd and a reader credential, for a card login (README)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

silos=1
detach=0
card=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) silos="${2:?--silos needs a number}"; shift 2 ;;
    --detach) detach=1; shift ;;
    --card) card=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
done
[[ "$silos" =~ ^[1-9]$ ]] || die "--silos takes 1 to 9"

database=hawiya
operator_token="${HAWIYA_OPERATOR_TOKEN:-DEV-ONLY-operator-token}"
run_dir="$HAWIYA_ROOT/.run"
mkdir -p "$run_dir"

"$HAWIYA_ROOT/infra/stop.sh" --quiet || true
for i in $(seq 0 $((silos - 1))); do
  require_free_port $((5080 + i)); require_free_port $((11111 + i)); require_free_port $((30000 + i))
done
require_free_port 5090
require_free_port 5095
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
server_dir="$HAWIYA_ROOT/src/Hawiya.Server/bin/Release/net10.0"
sample_dir="$HAWIYA_ROOT/src/Hawiya.SampleProvider/bin/Release/net10.0"
portal_dir="$HAWIYA_ROOT/src/Hawiya.Portal/bin/Release/net10.0"

# Connections per silo. PostgreSQL shares this machine's cores with the silos: a dozen busy
# backends keep it fed, while eighty (tried) spend its CPU switching between them and a login
# peak collapses instead of queueing. A dedicated database server takes more (see
# docs/benchmarks.md).
pool_size="${HAWIYA_DB_POOL_SIZE:-12}"
for i in $(seq 0 $((silos - 1))); do
  http_port=$((5080 + i))
  log "starting silo $i on http://127.0.0.1:$http_port (silo port $((11111 + i)), gateway $((30000 + i)))"
  (
    cd "$server_dir"
    ASPNETCORE_ENVIRONMENT=Development \
    ASPNETCORE_URLS="http://127.0.0.1:$http_port" \
    Hawiya__Cluster__SiloPort=$((11111 + i)) \
    Hawiya__Cluster__GatewayPort=$((30000 + i)) \
    Hawiya__Cluster__SiloName="silo-$i" \
    Hawiya__Database__ConnectionString="$(connection_string "$database");Maximum Pool Size=$pool_size" \
    Hawiya__Secrets__OperatorToken="$operator_token" \
    Hawiya__Hsm__ModulePath="$HAWIYA_HSM_MODULE" \
    Hawiya__Hsm__TokenLabel=hawiya \
    Hawiya__Hsm__Pin="$HAWIYA_HSM_PIN" \
      exec setsid dotnet Hawiya.Server.dll >"$run_dir/silo-$i.log" 2>&1
  ) &
  echo $! >"$run_dir/silo-$i.pid"
done

for i in $(seq 0 $((silos - 1))); do
  url="http://127.0.0.1:$((5080 + i))/health/ready"
  wait_http_ok "$url" 180 || { tail -n 40 "$run_dir/silo-$i.log" >&2; die "silo $i did not become ready ($url)"; }
done
log "all $silos silo(s) ready"

log "seeding demo data from infra/seed"
curl -sf -H "Authorization: Bearer $operator_token" -H 'Content-Type: application/json' \
  --data-binary @"$HAWIYA_ROOT/infra/seed/demo.json" http://127.0.0.1:5080/operator/seed >"$run_dir/seed-report.json" \
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

  Hawiya is running ($silos silo(s), cluster hawiya-dev, PostgreSQL database '$database').

  Sample provider  http://127.0.0.1:5090  ("Se connecter avec Hawiya"; citizen AB100001, password demo-password-1,
                   or an SMS code read from the development outbox below)
  Citizen portal   http://127.0.0.1:5095  (activity, consents, methods, identity, alerts, "not me")
  SMS/email outbox http://127.0.0.1:5080/dev/outbox   (Development only)
  OIDC discovery   http://127.0.0.1:5080/.well-known/openid-configuration
                   client demo-sp, secret DEV-ONLY-demo-sp-secret, redirect http://127.0.0.1:5090/signin-hawiya

  Health        http://127.0.0.1:5080/health/ready
  Cluster view  http://127.0.0.1:5080/operator/cluster   (user 'operator', password '$operator_token')
  Operator API  curl -H "Authorization: Bearer $operator_token" http://127.0.0.1:5080/operator/cluster
  Logs          $run_dir/silo-*.log
  Demo data     infra/seed/demo.json (report: $run_dir/seed-report.json)

INFO

if [ "$detach" -eq 1 ]; then
  log "detached; stop with infra/stop.sh"
  exit 0
fi
trap '"$HAWIYA_ROOT/infra/stop.sh"; exit 0' INT TERM
log "running; Ctrl-C stops"
wait
