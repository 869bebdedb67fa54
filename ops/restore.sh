#!/usr/bin/env bash
# Restores a backup made by ops/backup.sh into the archive the SAGITTA_* variables describe.
#
#   ops/restore.sh SRC
#
# Embedded backup (SRC/data): the server must be stopped and the data directory must be empty or
#   absent (move the damaged one aside first); SRC/data is copied there.
# External database backup (SRC/index.dump): pg_restore --clean --if-exists into the configured
#   database (stop the servers first: the index is replaced whole), then the blobs: SRC/blobs copied
#   into the data directory, or SRC/s3 mirrored back with `mc mirror` (SAGITTA_BACKUP_MC_ALIAS).
# Afterwards, `java -jar sagitta.jar verify` checks what was restored.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pg-tools.sh"

[ $# -eq 1 ] || { echo "usage: ops/restore.sh SRC" >&2; exit 64; }
src="$(cd "$1" && pwd)"
data_dir="${SAGITTA_DATA_DIR:-./sagitta-data}"

if [ -d "$src/data" ]; then
  if [ -n "${SAGITTA_DB_URL:-}" ]; then
    echo "restore: $src holds an embedded-database backup but SAGITTA_DB_URL is set" >&2; exit 2
  fi
  if [ -e "$data_dir" ] && [ -n "$(ls -A "$data_dir" 2>/dev/null)" ]; then
    if embedded_running "$data_dir"; then
      echo "restore: the archive in $data_dir is in use: stop the server first" >&2; exit 75
    fi
    echo "restore: $data_dir is not empty: move it aside first" >&2; exit 2
  fi
  copy_tree "$src/data" "$data_dir"
  echo "restore: $src/data copied to $data_dir"
elif [ -f "$src/index.dump" ]; then
  : "${SAGITTA_DB_URL:?set SAGITTA_DB_URL (and SAGITTA_DB_USER, SAGITTA_DB_PASSWORD) to the database to restore into}"
  parse_db_url "$SAGITTA_DB_URL"
  PGPASSWORD="${SAGITTA_DB_PASSWORD:-}" "$(pg_client pg_restore)" --clean --if-exists --no-owner \
    -h "$DB_HOST" -p "$DB_PORT" -U "${SAGITTA_DB_USER:-postgres}" -d "$DB_NAME" "$src/index.dump"
  echo "restore: index restored into $DB_HOST:$DB_PORT/$DB_NAME"
  if [ -d "$src/s3" ]; then
    : "${SAGITTA_S3_BUCKET:?set SAGITTA_S3_BUCKET}"
    : "${SAGITTA_BACKUP_MC_ALIAS:?set SAGITTA_BACKUP_MC_ALIAS to an mc alias for the S3 endpoint}"
    mc mirror --quiet "$src/s3" "$SAGITTA_BACKUP_MC_ALIAS/$SAGITTA_S3_BUCKET"
    echo "restore: $src/s3 mirrored to bucket $SAGITTA_S3_BUCKET"
  elif [ -d "$src/blobs" ]; then
    copy_tree "$src/blobs" "$data_dir/blobs"
    echo "restore: blobs copied to $data_dir/blobs"
  fi
else
  echo "restore: $src is not a backup made by ops/backup.sh (no data/ and no index.dump)" >&2; exit 2
fi
