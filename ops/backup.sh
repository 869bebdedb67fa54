#!/usr/bin/env bash
# Backs up a Sagitta archive: the index (PostgreSQL) and the blobs, configured by the same
# SAGITTA_* variables as the server.
#
#   ops/backup.sh [--verify] [--jar PATH] DEST
#
# Embedded database (SAGITTA_DB_URL unset): the server must be stopped (refused otherwise); the
#   whole data directory (SAGITTA_DATA_DIR, default ./sagitta-data: database files and blobs) is
#   copied to DEST/data. A cold copy is the consistent one; the embedded database is not reachable
#   while the server is stopped, and pg_dump would have to be PostgreSQL 17 as well.
# External database: pg_dump --format=custom to DEST/index.dump (a pg_dump at least as new as the
#   server: set PG_CLIENT_BIN), then the blobs: file blobs copied to DEST/blobs (rsync, else cp),
#   S3 blobs mirrored with MinIO's client to DEST/s3 (`mc mirror`, alias in SAGITTA_BACKUP_MC_ALIAS,
#   e.g. `mc alias set archive http://minio:9000 KEY SECRET`). The server may keep running: blobs
#   are immutable and an index row only ever points at a blob that was durable first; an instance
#   replaced or deleted during the backup may leave the dump pointing at a blob that is gone, which
#   --verify reports.
# --verify: restores the backup into a scratch directory (and, for an external database, a scratch
#   PostgreSQL) and runs `java -jar sagitta.jar verify` on it; the backup fails if verify does.
#   For S3, verify checks the restored index against the live bucket (not against DEST/s3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/pg-tools.sh"

verify=false
jar="$here/../server/target/sagitta.jar"
dest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --verify) verify=true ;;
    --jar) jar="$2"; shift ;;
    -*) echo "usage: ops/backup.sh [--verify] [--jar PATH] DEST" >&2; exit 64 ;;
    *) dest="$1" ;;
  esac
  shift
done
[ -n "$dest" ] || { echo "usage: ops/backup.sh [--verify] [--jar PATH] DEST" >&2; exit 64; }
if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
  echo "backup: $dest exists and is not empty" >&2; exit 2
fi
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
data_dir="$(mkdir -p "${SAGITTA_DATA_DIR:-./sagitta-data}" && cd "${SAGITTA_DATA_DIR:-./sagitta-data}" && pwd)"

if [ -z "${SAGITTA_DB_URL:-}" ]; then
  if embedded_running "$data_dir"; then
    echo "backup: the archive in $data_dir is in use (its embedded PostgreSQL is running): stop the server first" >&2
    exit 75
  fi
  copy_tree "$data_dir" "$dest/data"
  rm -f "$dest/data/postgres/postmaster.pid"
  echo "backup: copied $data_dir to $dest/data"
else
  parse_db_url "$SAGITTA_DB_URL"
  PGPASSWORD="${SAGITTA_DB_PASSWORD:-}" "$(pg_client pg_dump)" --format=custom --no-owner \
    -h "$DB_HOST" -p "$DB_PORT" -U "${SAGITTA_DB_USER:-postgres}" -f "$dest/index.dump" "$DB_NAME"
  echo "backup: index of $DB_HOST:$DB_PORT/$DB_NAME dumped to $dest/index.dump"
  if [ -n "${SAGITTA_S3_BUCKET:-}" ]; then
    : "${SAGITTA_BACKUP_MC_ALIAS:?set SAGITTA_BACKUP_MC_ALIAS to an mc alias for the S3 endpoint}"
    mc mirror --quiet "$SAGITTA_BACKUP_MC_ALIAS/$SAGITTA_S3_BUCKET" "$dest/s3"
    echo "backup: bucket $SAGITTA_S3_BUCKET mirrored to $dest/s3"
  else
    copy_tree "$data_dir/blobs" "$dest/blobs"
    echo "backup: blobs copied to $dest/blobs"
  fi
fi

if $verify; then
  scratch="$(mktemp -d "${TMPDIR:-/tmp}/sagitta-backup-verify.XXXXXX")"
  pg_bin=""
  cleanup() {
    if [ -n "$pg_bin" ] && [ -f "$scratch/postgres/postmaster.pid" ]; then pg_stop "$pg_bin" "$scratch/postgres" || true; fi
    rm -rf "$scratch"
  }
  trap cleanup EXIT
  if [ -d "$dest/data" ]; then
    copy_tree "$dest/data" "$scratch/data"
    status=0
    env -u SAGITTA_DB_URL -u SAGITTA_S3_BUCKET SAGITTA_DATA_DIR="$scratch/data" \
      java -jar "$jar" verify --no-progress || status=$?
  else
    pg_bin=$(pg_server_bin "$scratch/pg-bin")
    port=$(free_port)
    pg_start "$pg_bin" "$scratch/postgres" "$port"
    "$(pg_client psql)" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE sagitta"
    "$(pg_client pg_restore)" --no-owner -h 127.0.0.1 -p "$port" -U postgres -d sagitta "$dest/index.dump"
    [ -d "$dest/blobs" ] && copy_tree "$dest/blobs" "$scratch/data/blobs"
    status=0
    SAGITTA_DATA_DIR="$scratch/data" SAGITTA_DB_URL="r2dbc:postgresql://127.0.0.1:$port/sagitta" \
      SAGITTA_DB_USER=postgres SAGITTA_DB_PASSWORD= java -jar "$jar" verify --no-progress || status=$?
  fi
  if [ "$status" != 0 ]; then
    echo "backup: VERIFY FAILED (exit $status): the backup in $dest is not complete" >&2
    exit 1
  fi
  echo "backup: verified"
fi
