#!/usr/bin/env bash
# Dump the Handheld Office database (pg_dump custom format) into a dated file; keep some days.
#
#   deploy/backup.sh                      # prints the path of the new dump
#
# Env: MINIAPP_BACKUP_DATABASE_URL (default: MINIAPP_DATABASE_URL, as in /etc/miniapp/miniapp.env;
#      a postgres:// URL libpq reads), MINIAPP_BACKUP_DIR (default /var/backups/miniapp),
#      MINIAPP_BACKUP_KEEP_DAYS (default 14).
# The dump holds citizens' names, phones and ID numbers: it is written readable by its owner
# only; copy it off the machine encrypted (README: "Backups").
set -euo pipefail

url="${MINIAPP_BACKUP_DATABASE_URL:-${MINIAPP_DATABASE_URL:-}}"
if [ -z "$url" ]; then
  echo "backup.sh: set MINIAPP_BACKUP_DATABASE_URL (or MINIAPP_DATABASE_URL)" >&2
  exit 2
fi
dir="${MINIAPP_BACKUP_DIR:-/var/backups/miniapp}"
keep="${MINIAPP_BACKUP_KEEP_DAYS:-14}"
umask 077
mkdir -p "$dir"

target="$dir/miniapp-$(date -u +%Y%m%dT%H%M%SZ).dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT
# A consistent snapshot of one moment (pg_dump runs in one repeatable-read transaction), so
# the servers and workers keep running during it.
pg_dump --format=custom --compress=6 --file="$partial" --dbname="$url"
# A dump that cannot be listed is no backup: fail now, not on the day of the restore.
pg_restore --list "$partial" >/dev/null
mv "$partial" "$target"
sha256sum "$target" >"$target.sha256"

find "$dir" -maxdepth 1 -name 'miniapp-*.dump*' -mtime +"$keep" -delete
echo "$target"
