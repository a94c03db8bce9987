#!/usr/bin/env bash
# A throw-away local PostgreSQL for Daka Server's tests (and trying the server on it):
# a fresh cluster in a temporary folder, listening on 127.0.0.1 only, trust
# authentication for local connections, database `daka_test`.
#
#   scripts/postgres.sh         start (or reuse a running one); prints DATABASE_URL
#   scripts/postgres.sh stop    stop it and delete its folder
#
# Uses Debian's `postgresql` package (apt-get install postgresql). As root the
# cluster runs as the `postgres` user (PostgreSQL refuses to run as root).
# Environment: DAKA_PG_PORT (default 54329), DAKA_PG_DIR (default /tmp/daka-pg-<port>).
set -euo pipefail

port="${DAKA_PG_PORT:-54329}"
dir="${DAKA_PG_DIR:-${TMPDIR:-/tmp}/daka-pg-${port}}"
url="postgres://daka@127.0.0.1:${port}/daka_test"

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bin="$candidate"
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin="$(dirname "$(command -v initdb)")"; fi
if [ -z "$bin" ]; then
  echo "postgres.sh: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi

# Runs a PostgreSQL program as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-start}" = "stop" ]; then
  if [ -f "$dir/data/PG_VERSION" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  echo "postgres.sh: stopped"
  exit 0
fi

if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "DATABASE_URL=$url"
  exit 0
fi

rm -rf "$dir"
mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
as_owner "$bin/initdb" -D "$dir/data" -U daka --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}
# The socket goes in the cluster's own folder: nothing system-wide is touched.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 1
}
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U daka daka_test
echo "DATABASE_URL=$url"
