#!/usr/bin/env bash
# Restores a backup made by infra/pg-backup.sh into a NEW database, never over an existing one:
# the silos are then pointed at it (Hawiya__Database__ConnectionString) and started.
#   infra/pg-restore.sh FILE DATABASE
# Same libpq variables as pg-backup.sh; the role needs CREATEDB. See docs/operations.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

[ $# -eq 2 ] || die "usage: infra/pg-restore.sh FILE DATABASE"
file="$1" database="$2"
[ -f "$file" ] || die "no backup at $file"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$HAWIYA_DB_USER}"
export PGPASSWORD="${PGPASSWORD:-$HAWIYA_DB_PASSWORD}"
command -v pg_restore >/dev/null || apt_install postgresql-client

# Checks the archive before anything is created: a truncated or foreign file stops here.
pg_restore --list "$file" >/dev/null || die "$file is not a pg_dump archive"
if [ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" = "1" ]; then
  die "database $database exists; a restore goes into a new database"
fi
createdb "$database"
# One transaction: the database holds the whole backup or nothing of it.
if ! pg_restore --exit-on-error --single-transaction --no-owner --no-privileges --dbname="$database" "$file"; then
  dropdb --if-exists "$database"
  die "restore into $database failed; the database was dropped"
fi
log "restored $file into $database"
