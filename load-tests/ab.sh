#!/usr/bin/env bash
# A/B of two server builds on this machine, in the same run: one silo per build, each on its own
# ports and its own database, the same load-test steps alternating between them.
#   load-tests/ab.sh BEFORE_DIR AFTER_DIR SCENARIO RATE...
#   DURATION=20s WARMUP=30s CITIZENS=2000 load-tests/ab.sh /tmp/ab/before src/Hawiya.Server/bin/Release/net10.0 peak-login 60 90
# BEFORE_DIR and AFTER_DIR each hold a built Hawiya.Server.dll (dotnet build -c Release of
# src/Hawiya.Server at the two commits, e.g. from a git worktree). Only the silo under load
# runs its steps; the other is idle. Reports go under one folder; table.md gathers them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/infra/lib/common.sh"
[ $# -ge 4 ] || { sed -n '2,8p' "$0"; exit 2; }
before="$(cd "$1" && pwd)"; after="$(cd "$2" && pwd)"; scenario="$3"; shift 3
rates=("$@")
duration="${DURATION:-20s}"
warmup="${WARMUP:-30s}"
citizens="${CITIZENS:-2000}"
token="DEV-ONLY-operator-token"
out="${OUT:-$root/load-tests/reports/ab-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
for dir in "$before" "$after"; do [ -f "$dir/Hawiya.Server.dll" ] || die "no Hawiya.Server.dll in $dir"; done

dotnet build "$root/load-tests/Hawiya.LoadTests" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lt() { dotnet "$root/load-tests/Hawiya.LoadTests/bin/Release/net10.0/Hawiya.LoadTests.dll" "$@"; }

names=(before after); dirs=("$before" "$after"); pids=()
stop_all() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
for i in 0 1; do
  port=$((5180 + i)); database="hawiya_ab_${names[$i]}"
  require_free_port "$port"; require_free_port $((11181 + i)); require_free_port $((30181 + i))
  ensure_postgres "$database"
  psql_admin -d "$database" -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION \"${HAWIYA_DB_USER}\";" >/dev/null
  apply_schema "$database"
  (
    cd "${dirs[$i]}"
    ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Hawiya__Cluster__SiloPort=$((11181 + i)) Hawiya__Cluster__GatewayPort=$((30181 + i)) \
    Hawiya__Cluster__ClusterId="ab-${names[$i]}" Hawiya__Cluster__SiloName="ab-${names[$i]}" \
    Hawiya__Database__ConnectionString="$(connection_string "$database");Maximum Pool Size=12" \
    Hawiya__Secrets__OperatorToken="$token" \
      exec dotnet Hawiya.Server.dll >"$out/${names[$i]}.log" 2>&1
  ) &
  pids+=($!)
done
for i in 0 1; do
  wait_http_ok "http://127.0.0.1:$((5180 + i))/health/ready" 180 || { tail -n 30 "$out/${names[$i]}.log" >&2; die "${names[$i]} silo did not start"; }
  lt seed --target "http://127.0.0.1:$((5180 + i))" --citizens "$citizens" --operator-token "$token" >/dev/null
  if [ "$warmup" != 0 ]; then
    log "${names[$i]}: warm-up at $(( (rates[0] + 1) / 2 ))/s for $warmup"
    lt run --target "http://127.0.0.1:$((5180 + i))" --scenario "$scenario" --rate $(( (rates[0] + 1) / 2 )) --duration "$warmup" \
      --operator-token "$token" --report-dir "$out/warmup-${names[$i]}" >/dev/null 2>&1 || true
  fi
done

# PostgreSQL's write-ahead log grows by what each write really costs (row, index, page images),
# whichever build made it; only the silo under load writes, the idle one adds its heartbeats.
# A checkpoint inside a step (every 5 min by default) still inflates that step's figure.
wal_lsn() { psql_admin -At -c "SELECT pg_current_wal_lsn()"; }
wal_per_operation() {
  local bytes operations
  bytes=$(psql_admin -At -c "SELECT pg_wal_lsn_diff('$2', '$1')")
  operations=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['work']['operations'])" "$3/data.json" 2>/dev/null || echo 0)
  [ "$operations" -gt 0 ] && echo $(( bytes / operations )) || echo n/a
}

reports=()
printf '| build | rate | WAL bytes per operation |\n| --- | ---: | ---: |\n' >"$out/wal.md"
for rate in "${rates[@]}"; do
  for i in 0 1; do
    dir="$out/${names[$i]}-$scenario-$rate"
    log "${names[$i]}: $scenario at $rate/s"
    # Each step starts from a checkpoint, so each pays the page images that follow one alike.
    psql_admin -c "CHECKPOINT" >/dev/null
    start_lsn=$(wal_lsn)
    lt run --target "http://127.0.0.1:$((5180 + i))" --scenario "$scenario" --rate "$rate" --ramp 3s --duration "$duration" \
      --operator-token "$token" --report-dir "$dir" >"$dir.log" 2>&1 || true
    printf '| %s | %s/s | %s |\n' "${names[$i]}" "$rate" "$(wal_per_operation "$start_lsn" "$(wal_lsn)" "$dir")" >>"$out/wal.md"
    tail -n 3 "$dir.log" | head -n 2
    reports+=("$dir")
  done
done
lt table "${reports[@]}" | tee "$out/table.md"
cat "$out/wal.md"
echo "reports and table: $out"
