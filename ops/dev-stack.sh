#!/usr/bin/env bash
# A local PostgreSQL and S3 server (S3Proxy, filesystem backend) for trying Sagitta against an
# external database and S3 by hand. Not for production.
#
#   ops/dev-stack.sh start [DIR]   start both (state under DIR, default ./dev-stack); prints the
#                                  SAGITTA_* environment and writes it to DIR/env.sh
#   ops/dev-stack.sh stop [DIR]    stop both
#
# PostgreSQL: the PostgreSQL 17 binaries of the embedded database (from ~/.m2, present once the
# project has been built), or the Debian server, or PG_BIN. S3Proxy: run from the storage module's
# test class path (needs Maven and the project's dependencies in ~/.m2; run from the repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
. "$here/pg-tools.sh"

command="${1:-start}"
dir="$(mkdir -p "${2:-./dev-stack}" && cd "${2:-./dev-stack}" && pwd)"

case "$command" in
  start)
    if [ -f "$dir/env.sh" ]; then
      echo "dev-stack: already started in $dir (ops/dev-stack.sh stop $dir first)" >&2; exit 1
    fi
    bin=$(pg_server_bin "$dir/pg-bin")
    pg_port=$(free_port)
    pg_start "$bin" "$dir/postgres" "$pg_port"
    "$(pg_client psql)" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
      -c "SELECT 1 FROM pg_database WHERE datname = 'sagitta'" -tA | grep -q 1 \
      || "$(pg_client psql)" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE sagitta"

    s3_port=$(free_port)
    mkdir -p "$dir/s3"
    # S3Proxy's classpath, with the versions the build pins (the parent pom's), from a one-dependency pom:
    # asking the storage module instead would need the project's own modules installed in ~/.m2.
    version=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/pom.xml" | head -1)
    parent=$(realpath --relative-to="$dir" "$repo/pom.xml") # Maven reads relativePath from the pom's folder
    cat >"$dir/s3proxy-pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>io.sagitta</groupId><artifactId>sagitta-parent</artifactId><version>$version</version>
    <relativePath>$parent</relativePath></parent>
  <artifactId>dev-stack-s3proxy</artifactId>
  <packaging>pom</packaging>
  <dependencies><dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId></dependency></dependencies>
</project>
POM
    # Offline first; S3Proxy alone may want a few jars that the build's own resolution never fetched.
    mvn -B -o -q -f "$dir/s3proxy-pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/s3proxy.classpath" \
      >"$dir/s3proxy-classpath.log" 2>&1 \
      || mvn -B -q -f "$dir/s3proxy-pom.xml" dependency:build-classpath -Dmdep.outputFile="$dir/s3proxy.classpath" \
      >>"$dir/s3proxy-classpath.log" 2>&1 \
      || { echo "dev-stack: cannot resolve S3Proxy's classpath, see $dir/s3proxy-classpath.log" >&2; exit 1; }
    cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=sagitta
s3proxy.credential=sagitta-secret
jclouds.provider=filesystem
jclouds.identity=sagitta
jclouds.credential=sagitta-secret
jclouds.filesystem.basedir=$dir/s3
PROPS
    nohup java -cp "$(cat "$dir/s3proxy.classpath")" org.gaul.s3proxy.Main --properties "$dir/s3proxy.properties" \
      >"$dir/s3proxy.log" 2>&1 &
    echo $! >"$dir/s3proxy.pid"
    for _ in $(seq 1 60); do
      if curl -s -o /dev/null "http://127.0.0.1:$s3_port/"; then break; fi
      sleep 1
    done
    curl -s -o /dev/null "http://127.0.0.1:$s3_port/" || { echo "dev-stack: S3Proxy did not start, see $dir/s3proxy.log" >&2; exit 1; }

    cat >"$dir/env.sh" <<ENV
export SAGITTA_DB_URL=r2dbc:postgresql://127.0.0.1:$pg_port/sagitta
export SAGITTA_DB_USER=postgres
export SAGITTA_DB_PASSWORD=
export SAGITTA_S3_ENDPOINT=http://127.0.0.1:$s3_port
export SAGITTA_S3_BUCKET=sagitta
export SAGITTA_S3_ACCESS_KEY=sagitta
export SAGITTA_S3_SECRET_KEY=sagitta-secret
ENV
    echo "dev-stack: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port, S3Proxy on 127.0.0.1:$s3_port (state in $dir)"
    echo "# point Sagitta at them (also in $dir/env.sh; the bucket is created at start):"
    cat "$dir/env.sh"
    ;;
  stop)
    if [ -f "$dir/s3proxy.pid" ]; then kill "$(cat "$dir/s3proxy.pid")" 2>/dev/null || true; rm -f "$dir/s3proxy.pid"; fi
    if [ -f "$dir/postgres/postmaster.pid" ]; then pg_stop "$(pg_server_bin "$dir/pg-bin")" "$dir/postgres"; fi
    rm -f "$dir/env.sh"
    echo "dev-stack: stopped (data kept in $dir)"
    ;;
  *)
    echo "usage: ops/dev-stack.sh start|stop [DIR]" >&2; exit 64 ;;
esac
