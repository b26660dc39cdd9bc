#!/usr/bin/env bash
# Backs up one Hawiya database to a file: pg_dump's custom format (compressed, restorable
# object by object), taken from one consistent snapshot, so the platform keeps running.
#   infra/pg-backup.sh DATABASE FILE
# The server and role come from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
# PGSSLMODE…); unset, the local development server of infra/lib/common.sh. See docs/operations.md.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

[ $# -eq 2 ] || die "usage: infra/pg-backup.sh DATABASE FILE"
database="$1" file="$2"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-$HAWIYA_DB_USER}"
export PGPASSWORD="${PGPASSWORD:-$HAWIYA_DB_PASSWORD}"
command -v pg_dump >/dev/null || apt_install postgresql-client

# Written aside and renamed once complete: a failed or interrupted dump never looks like a backup.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$file.partial" "$database"
mv "$file.partial" "$file"
log "backed up $database to $file ($(stat -c %s "$file") bytes, sha256 $(sha256sum "$file" | cut -c1-16)…)"
