#!/usr/bin/env bash
# Restore a dump made by backup.sh into a NEW database; the live one is never touched.
#
#   deploy/restore.sh DUMP NEW_DATABASE [OWNER]
#
# Env: MINIAPP_RESTORE_ADMIN_URL: a role that may create databases, connected to the server's
#      maintenance database, without a query string (default postgresql:///postgres, i.e. run
#      as the postgres user on the database machine).
# OWNER (e.g. miniapp) then owns the database and every restored object. Afterwards point
# MINIAPP_DATABASE_URL at the new database and restart miniapp.target (README: "Restore").
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 DUMP NEW_DATABASE [OWNER]" >&2
  exit 2
fi
dump=$1
name=$2
owner=${3:-}
admin="${MINIAPP_RESTORE_ADMIN_URL:-postgresql:///postgres}"
identifier='^[a-z_][a-z0-9_]{0,62}$'
if ! [[ "$name" =~ $identifier ]] || { [ -n "$owner" ] && ! [[ "$owner" =~ $identifier ]]; }; then
  echo "restore.sh: database and owner names are lower-case letters, digits and _" >&2
  exit 2
fi
if [ -f "$dump.sha256" ]; then
  # Compare the sums themselves: the dump may have been copied elsewhere to be restored.
  expected=$(cut -d' ' -f1 "$dump.sha256")
  actual=$(sha256sum "$dump" | cut -d' ' -f1)
  if [ "$expected" != "$actual" ]; then
    echo "restore.sh: $dump does not match $dump.sha256: damaged" >&2
    exit 1
  fi
fi
pg_restore --list "$dump" >/dev/null

# CREATE DATABASE fails if the name is taken: a restore never lands on top of anything.
psql --dbname="$admin" --no-psqlrc --quiet -v ON_ERROR_STOP=1 \
  -c "CREATE DATABASE \"$name\"${owner:+ OWNER \"$owner\"}"
target="${admin%/*}/$name"
role=()
if [ -n "$owner" ]; then
  role=(--role="$owner")
fi
# One transaction: the new database holds all of the dump or, on any error, none of it.
pg_restore --dbname="$target" --no-owner --no-privileges "${role[@]}" \
  --single-transaction --exit-on-error "$dump"
# pg_restore does not bring the planner's statistics; without them the first queries crawl.
psql --dbname="$target" --no-psqlrc --quiet -v ON_ERROR_STOP=1 -c "ANALYZE"
echo "restored $dump into database $name"
