#!/usr/bin/env bash
# The benchmark series of docs/benchmarks.md, against a platform already running
# (bash infra/run.sh --detach). Each scenario climbs a ladder of arrival rates and stops at its
# first failed step; every step's report goes under one folder, and table.md gathers them.
#   load-tests/bench.sh                      every scenario
#   load-tests/bench.sh client-credentials   one scenario (several names allowed)
#   TARGET=http://127.0.0.1:5080 DURATION=20s WARMUP=60s load-tests/bench.sh
# Before its ladder, each scenario runs for WARMUP (default 60s, 0 to skip) at half its first
# rate, unmeasured: a freshly started silo spends a fifth of its CPU in the JIT's tier-1
# recompilation during its first minutes under load, and that is not what a peak costs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${TARGET:-http://127.0.0.1:5080}"
duration="${DURATION:-20s}"
warmup="${WARMUP:-60s}"
out="${OUT:-$root/load-tests/reports/bench-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$out"

dotnet build "$root/load-tests/Hawiya.LoadTests" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lt() { dotnet "$root/load-tests/Hawiya.LoadTests/bin/Release/net10.0/Hawiya.LoadTests.dll" "$@"; }

declare -A ladders=(
  [client-credentials]="1000 2000 3000 4000 5000 6500"
  [revocation-check]="2500 5000 7500 10000"
  [poll-vote]="600 1200 2000 3000 4000 5000"
  [refresh]="250 350 500 1000 2000 3000"
  [peak-login]="30 60 90 120 160"
  [push-login]="20 40 60"
  [password-login]="6 10 14 18 22"
  [mixed]="20 40 60 80"
)
declare -A extra=(
  [poll-vote]="--voters 1000 --polls 100 --repeat-share 0.2"
  [refresh]="--refresh-chains 600"
  [push-login]="--push-devices 300"
  [mixed]="--refresh-chains 300"
)
order=(client-credentials revocation-check poll-vote refresh peak-login push-login password-login mixed)
[ $# -gt 0 ] && order=("$@")

lt seed --target "$target" --citizens 2000 >/dev/null
dirs=()
for scenario in "${order[@]}"; do
  [ -n "${ladders[$scenario]:-}" ] || { echo "no ladder for $scenario" >&2; exit 2; }
  if [ "$warmup" != 0 ]; then
    first=(${ladders[$scenario]})
    echo "== $scenario warm-up at $(( (first[0] + 1) / 2 ))/s for $warmup"
    # shellcheck disable=SC2086
    lt run --target "$target" --scenario "$scenario" --rate $(( (first[0] + 1) / 2 )) --duration "$warmup" \
      ${extra[$scenario]:-} --report-dir "$out/warmup-$scenario" >"$out/warmup-$scenario.log" 2>&1 || true
  fi
  for rate in ${ladders[$scenario]}; do
    dir="$out/$scenario-$rate"
    echo "== $scenario at $rate/s"
    # shellcheck disable=SC2086
    if lt run --target "$target" --scenario "$scenario" --rate "$rate" --ramp 3s --duration "$duration" \
         ${extra[$scenario]:-} --report-dir "$dir" >"$dir.log" 2>&1; then
      dirs+=("$dir"); tail -n 3 "$dir.log" | head -n 2
    else
      dirs+=("$dir"); tail -n 3 "$dir.log"; break
    fi
  done
done
lt table "${dirs[@]}" | tee "$out/table.md"
echo "reports and table: $out"
