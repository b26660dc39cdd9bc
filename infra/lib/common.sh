# Shared helpers of the run and test commands. Sourced, not executed.
# shellcheck shell=bash

HAWIYA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HAWIYA_DB_USER="${HAWIYA_DB_USER:-hawiya}"
# Development default, refused by the silo outside Development (see DevelopmentSecrets).
HAWIYA_DB_PASSWORD="${HAWIYA_DB_PASSWORD:-DEV-ONLY-hawiya}"
# The machine's PostgreSQL by default; load-tests/chaos.sh points this at a cluster of its own
# (created with pg_createcluster), which it may stop and start without touching anyone else's.
HAWIYA_DB_PORT="${HAWIYA_DB_PORT:-5432}"

log() { printf '\033[1m[hawiya]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[hawiya] %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  # Installs the named Debian packages if any is missing; apt-get update once per run.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  if [ -z "${HAWIYA_APT_UPDATED:-}" ]; then
    as_root apt-get update -qq >/dev/null
    HAWIYA_APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Debian's Chromium, which the portal's browser tests drive through Playwright (never a
# browser downloaded by Playwright itself).
ensure_chromium() {
  apt_install chromium
  [ -x /usr/bin/chromium ] || die "chromium is not at /usr/bin/chromium"
}

# kubectl, with which the deployment tests render infra/k8s (no cluster is contacted).
ensure_kubectl() {
  command -v kubectl >/dev/null 2>&1 || apt_install kubectl
  command -v kubectl >/dev/null 2>&1 || die "kubectl is not installed"
}

# SoftHSM2, the PKCS#11 token that holds the platform's private keys on these machines (a
# hardware module in production, through the same code). The token lives in a directory the
# scripts own, named by SOFTHSM2_CONF; the PINs are development defaults, refused by the silo
# outside Development (Hawiya:Hsm:Pin).
HAWIYA_HSM_MODULE="${HAWIYA_HSM_MODULE:-/usr/lib/softhsm/libsofthsm2.so}"
HAWIYA_HSM_PIN="${HAWIYA_HSM_PIN:-DEV-ONLY-hsm-user-pin}"
HAWIYA_HSM_SO_PIN="${HAWIYA_HSM_SO_PIN:-DEV-ONLY-hsm-so-pin}"

# ensure_softhsm DIR LABEL [--fresh]: installs SoftHSM2 if missing, points SOFTHSM2_CONF at DIR
# and initialises a token labelled LABEL there unless it exists (--fresh: a new, empty token).
ensure_softhsm() {
  local dir="$1" label="$2" fresh="${3:-}"
  apt_install softhsm2
  [ -r "$HAWIYA_HSM_MODULE" ] || die "the PKCS#11 module $HAWIYA_HSM_MODULE is missing"
  [ "$fresh" = "--fresh" ] && rm -rf "$dir/tokens"
  mkdir -p "$dir/tokens"
  chmod 700 "$dir"
  printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
    "$dir" >"$dir/softhsm2.conf"
  export SOFTHSM2_CONF="$dir/softhsm2.conf"
  if ! softhsm2-util --show-slots 2>/dev/null | grep -Eq "^ *Label: *${label} *$"; then
    log "initialising the SoftHSM2 token '$label' in $dir"
    softhsm2-util --init-token --free --label "$label" --so-pin "$HAWIYA_HSM_SO_PIN" --pin "$HAWIYA_HSM_PIN" >/dev/null \
      || die "the SoftHSM2 token '$label' could not be initialised"
  fi
}

psql_admin() {
  as_root runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$HAWIYA_DB_PORT" "$@"
}

# Installs PostgreSQL if missing, starts it, and makes sure role and database exist.
ensure_postgres() {
  local database="$1"
  apt_install postgresql
  if [ "$HAWIYA_DB_PORT" != 5432 ]; then
    # A cluster of the caller's own (load-tests/chaos.sh): started by its owner, never restarted here.
    pg_isready -q -h 127.0.0.1 -p "$HAWIYA_DB_PORT" || die "PostgreSQL on port $HAWIYA_DB_PORT does not answer"
  elif ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL"
    as_root service postgresql start >/dev/null
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
    pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL did not start"
  fi
  # Each silo keeps its own connection pool (Orleans' and the health check's); three silos
  # and the tests together need more than the default 100 connections.
  if [ "$HAWIYA_DB_PORT" = 5432 ] && [ "$(psql_admin -d postgres -tAc 'SHOW max_connections')" -lt 300 ]; then
    log "raising PostgreSQL max_connections to 300 (restart)"
    psql_admin -d postgres -c "ALTER SYSTEM SET max_connections = 300" >/dev/null
    as_root service postgresql restart >/dev/null
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
  # CREATEDB: the backup-and-restore test restores into databases of its own (infra/pg-restore.sh).
  psql_admin -d postgres <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${HAWIYA_DB_USER}') THEN
    CREATE ROLE "${HAWIYA_DB_USER}" LOGIN CREATEDB PASSWORD '${HAWIYA_DB_PASSWORD}';
  ELSE
    ALTER ROLE "${HAWIYA_DB_USER}" LOGIN CREATEDB PASSWORD '${HAWIYA_DB_PASSWORD}';
  END IF;
END
\$\$;
SQL
  if [ "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${database}'")" != "1" ]; then
    log "creating database ${database}"
    psql_admin -d postgres -c "CREATE DATABASE \"${database}\" OWNER \"${HAWIYA_DB_USER}\""
  fi
}

connection_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$HAWIYA_DB_PORT" "$1" "$HAWIYA_DB_USER" "$HAWIYA_DB_PASSWORD"
}

# Applies infra/db in order (the silo does the same at start; both are idempotent).
apply_schema() {
  local database="$1"
  for f in "$HAWIYA_ROOT"/infra/db/*.sql; do
    PGOPTIONS="--client-min-messages=warning" PGPASSWORD="$HAWIYA_DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$HAWIYA_DB_PORT" -U "$HAWIYA_DB_USER" -d "$database" -f "$f" >/dev/null \
      || die "schema file $(basename "$f") failed"
  done
}

# Fails when something already listens on a port we are about to use (a stray process would
# otherwise answer the readiness checks in our place).
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    die "port $1 is already in use on 127.0.0.1 (see: ss -ltnp | grep :$1); stop that process first"
  fi
}

wait_http_ok() {
  local url="$1" seconds="${2:-120}" i
  for i in $(seq 1 $((seconds * 2))); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = "200" ] && return 0
    sleep 0.5
  done
  return 1
}
