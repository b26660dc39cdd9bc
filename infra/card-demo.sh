#!/usr/bin/env bash
# The demo's card: personalises a CNIE for citizen AB100001 (PIN 1234) with the silos' development
# PKI, registers it with the cluster, puts it in pcscd's first virtual reader, and issues a reader
# credential for the edge reader agent. Called by infra/run.sh --card once the silos are ready;
# infra/stop.sh removes the card (it stops everything with a pid file in .run).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

run_dir="$HAWIYA_ROOT/.run"
operator_token="${HAWIYA_OPERATOR_TOKEN:-DEV-ONLY-operator-token}"
pki_dir="${TMPDIR:-/tmp}/hawiya-pki-development"
export HAWIYA_PKI_PASSPHRASE="${HAWIYA_PKI_PASSPHRASE:-DEV-ONLY-pki-passphrase}"

bash "$HAWIYA_ROOT/infra/pcsc-up.sh"
log "building the PKI tool, the virtual card and the edge reader (Release)"
for project in tools/Hawiya.PkiTool tools/Hawiya.VirtualCard src/Hawiya.EdgeReader; do
  dotnet build "$HAWIYA_ROOT/$project" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
    || die "build of $project failed"
done
pki="$HAWIYA_ROOT/tools/Hawiya.PkiTool/bin/Release/net10.0/hawiya-pki.dll"
[ -d "$pki_dir" ] || die "the silos' development PKI is missing ($pki_dir): start the silos first"

# A fresh card each run: the development hierarchy may have been recreated since the last one.
rm -f "$run_dir/demo-card.json" "$run_dir/demo-card-state.json"
dotnet "$pki" personalise --dir "$pki_dir" --identity "$HAWIYA_ROOT/infra/seed/demo-card.json" --out "$run_dir/demo-card.json" >/dev/null \
  || die "personalising the demo card failed"
certificate=$(sed -n 's/^ *"certificate": *"\([^"]*\)".*/\1/p' "$run_dir/demo-card.json")
[ -n "$certificate" ] || die "no certificate in $run_dir/demo-card.json"
curl -fsS -H "Authorization: Bearer $operator_token" -H 'Content-Type: application/json' \
  --data-binary "[{\"cardNumber\":\"CNIE100001\",\"nationalNumber\":\"AB100001\",\"certificate\":\"$certificate\"}]" \
  http://127.0.0.1:5080/operator/cards >"$run_dir/card-seed-report.json" || die "registering the demo card failed"

rm -rf "$run_dir/reader"
dotnet "$pki" reader --dir "$pki_dir" --name demo-reader --out "$run_dir/reader" >/dev/null || die "issuing the reader credential failed"

log "inserting the demo card in 'Virtual PCD 00 00'"
(
  cd "$HAWIYA_ROOT/tools/Hawiya.VirtualCard/bin/Release/net10.0"
  exec setsid dotnet Hawiya.VirtualCard.dll --card "$run_dir/demo-card.json" --state "$run_dir/demo-card-state.json" \
    >"$run_dir/virtual-card.log" 2>&1
) &
echo $! >"$run_dir/virtual-card.pid"

cat <<INFO

  Card login: citizen AB100001 holds card CNIE100001 (PIN 1234) in 'Virtual PCD 00 00'.
  Reader agent (run it in a second terminal, then type the code the login page shows, then the PIN):
    dotnet $HAWIYA_ROOT/src/Hawiya.EdgeReader/bin/Release/net10.0/Hawiya.EdgeReader.dll bridge \\
      --server http://127.0.0.1:5080 --credential $run_dir/reader/demo-reader
INFO
