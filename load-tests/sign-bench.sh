#!/usr/bin/env bash
# ES256 signatures per second in-process and through SoftHSM2 (docs/benchmarks.md, "Signing in the HSM").
#   load-tests/sign-bench.sh [--seconds 10] [--threads 1,2]
set -euo pipefail
source "$(dirname "$0")/../infra/lib/common.sh"
ensure_softhsm "$HAWIYA_ROOT/artifacts/softhsm/bench" hawiya-bench
export HAWIYA_HSM_MODULE HAWIYA_HSM_PIN HAWIYA_HSM_TOKEN=hawiya-bench
dotnet run -c Release --project "$HAWIYA_ROOT/load-tests/Hawiya.SignBench" -- "$@"
