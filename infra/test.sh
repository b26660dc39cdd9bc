#!/usr/bin/env bash
# The test command: everything CI runs. Builds, brings up what the tests talk to
# (PostgreSQL, pcscd, a SoftHSM2 token), runs every test project, and ends with one line:
#   tests: N passed, N failed[, N skipped]
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"

# HAWIYA_TEST_DATABASE lets a second checkout on the same machine test against its own database.
database="${HAWIYA_TEST_DATABASE:-hawiya_test}"
results="$HAWIYA_ROOT/artifacts/test-results"

# HAWIYA_TEST_SKIP names test projects to leave out (space-separated, e.g. "Hawiya.EdgeReader.Tests"),
# for a checkout that must not share a machine-wide resource (pcscd) with another one; they are
# named in the output, never counted as passed. CI sets nothing and runs everything.
skip=" ${HAWIYA_TEST_SKIP:-} "

ensure_postgres "$database" || die "PostgreSQL is not available"
# pcscd with the vpcd driver: the edge reader tests talk PC/SC to a virtual card.
if [[ "$skip" != *" Hawiya.EdgeReader.Tests "* ]]; then
  bash "$HAWIYA_ROOT/infra/pcsc-up.sh" >&2 || die "pcscd could not be started"
fi
# Chromium for the citizen portal's browser tests (Playwright drives /usr/bin/chromium).
ensure_chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# kubectl renders and checks infra/k8s in the deployment tests.
ensure_kubectl

export HAWIYA_TEST_DB
HAWIYA_TEST_DB="$(connection_string "$database")"

# A fresh SoftHSM2 token per run (and per database, so two checkouts never share one): every
# private key the tests' silos sign with is generated in it (docs/security.md, "Private keys").
ensure_softhsm "$HAWIYA_ROOT/artifacts/softhsm/$database" hawiya-test --fresh
export HAWIYA_TEST_HSM_MODULE="$HAWIYA_HSM_MODULE" HAWIYA_TEST_HSM_TOKEN=hawiya-test HAWIYA_TEST_HSM_PIN="$HAWIYA_HSM_PIN"

log "building (Release)"
dotnet build "$HAWIYA_ROOT/Cluster.sln" -c Release -nologo -clp:ErrorsOnly -v quiet || die "build failed"
# The container images, as OCI archives, for the deployment tests (artifacts/images).
bash "$HAWIYA_ROOT/infra/images.sh" || die "the images did not build"

rm -rf "$results"
mkdir -p "$results"
mapfile -t projects < <(dotnet sln "$HAWIYA_ROOT/Cluster.sln" list | grep '\.Tests\.csproj$')

# One project at a time: each gets its own report file (the TRX logger would otherwise
# name them by the second and let two collide), and tests that share a machine-wide
# resource (pcscd's reader slots) never overlap.
passed=0; failed=0; skipped=0
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  if [[ "$skip" == *" $name "* ]]; then
    log "skipping $name (HAWIYA_TEST_SKIP)"
    continue
  fi
  log "running $name"
  dotnet test "$HAWIYA_ROOT/$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$results/$name.log" 2>&1
  status=$?
  grep -E '^\s+Failed [A-Za-z]|Passed!|Failed!' "$results/$name.log" >&2
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    # A test host that died leaves no report: count it as a failure, never as a pass.
    log "$name left no report (exit $status); see $results/$name.log"
    failed=$((failed + 1))
    continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  project_failed=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  if [ "$status" -ne 0 ] && [ "$project_failed" -eq 0 ]; then
    log "$name: dotnet test exited $status; see $results/$name.log"
    project_failed=1
  fi
  failed=$((failed + project_failed))
  skipped=$((skipped + $(get notExecuted)))
done

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ]
