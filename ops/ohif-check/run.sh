#!/usr/bin/env bash
# Runs the real OHIF viewer against Sagitta in headless Chromium (see README.md beside this file).
#
#   ops/ohif-check/run.sh                 starts server/target/sagitta.jar on free ports with a
#                                         temporary data directory, checks, stops it
#   ops/ohif-check/run.sh ARCHIVE_URL     checks a running archive (http://host:port); it must allow
#                                         the viewer's origin: http.cors_origins of
#                                         http://127.0.0.1:$VIEWER_PORT (default 3300), or '*'
#
# Needs node/npm (the npm registry, first run only), python3, dcmtk (dump2dcm, dcmcjpeg) and
# Chromium (apt-get install -y chromium). Screenshots and report.json go to ops/ohif-check/out/.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/out"
CACHE="$HERE/.cache"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

for tool in node npm python3 dump2dcm dcmcjpeg; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 69; }
done
[ -x "$CHROMIUM" ] || { echo "run.sh: no Chromium at $CHROMIUM (apt-get install -y chromium)" >&2; exit 69; }

# playwright-core as package-lock.json pins it, and OHIF's built viewer as package.json names it.
cd "$HERE"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund
OHIF_APP="$(node -p "require('./package.json').config.ohifApp")"
DIST="$CACHE/${OHIF_APP//[@\/]/_}/dist"
if [ ! -f "$DIST/index.html" ]; then
  mkdir -p "$CACHE/pack"
  (cd "$CACHE/pack" && npm pack --silent "$OHIF_APP" >/dev/null)
  mkdir -p "$(dirname "$DIST")"
  tar -xzf "$CACHE"/pack/*.tgz -C "$(dirname "$DIST")" --strip-components=1 package/dist
  rm -rf "$CACHE/pack"
fi

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ARCHIVE="${1:-}"
if [ -z "$ARCHIVE" ]; then
  VIEWER_PORT="${VIEWER_PORT:-$(free_port)}"
  JAR="${JAR:-$REPO/server/target/sagitta.jar}"
  [ -f "$JAR" ] || { echo "run.sh: no $JAR; build it: mvn -B -q -DskipTests -pl server -am package" >&2; exit 69; }
  HTTP_PORT="$(free_port)"
  SAGITTA_DATA_DIR="$WORK/data" SAGITTA_DICOM_PORT=0 SAGITTA_HTTP_PORT="$HTTP_PORT" \
    SAGITTA_HTTP_CORS_ORIGINS="http://127.0.0.1:$VIEWER_PORT" \
    java -jar "$JAR" >"$WORK/archive.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 120); do
    grep -q ready "$WORK/archive.log" && break
    kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/archive.log" >&2; exit 70; }
    sleep 1
  done
  grep -q ready "$WORK/archive.log" || { echo "run.sh: the archive did not start" >&2; cat "$WORK/archive.log" >&2; exit 70; }
  ARCHIVE="http://127.0.0.1:$HTTP_PORT"
  echo "archive on $ARCHIVE (its log goes to $OUT/archive.log)"
else
  VIEWER_PORT="${VIEWER_PORT:-3300}"
fi
ARCHIVE="${ARCHIVE%/}"

python3 "$HERE/make-studies.py" "$WORK/studies" >"$WORK/studies.tsv"
python3 "$HERE/stow-studies.py" "$ARCHIVE" "$WORK"/studies/*.dcm

config() {
  sed -e "s#__ARCHIVE__#$ARCHIVE#g" -e "s#__IMAGE_RENDERING__#$1#g" "$HERE/app-config.template.js" >"$WORK/app-config.js"
}
RENDERINGS="${RENDERINGS:-wadors wadouri}"
config "${RENDERINGS%% *}"
node "$HERE/serve-viewer.mjs" "$DIST" "$WORK/app-config.js" "$VIEWER_PORT" &
PIDS+=($!)
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $VIEWER_PORT), 1)" 2>/dev/null && break
  sleep 0.2
done

# ops/ohif-config.js as it is, on one origin with the archive (as behind ops/nginx.conf, whose CSP
# is sent with the pages): a second viewer server passes /dicom-web and /wado through.
SAME_ORIGIN_PORT="$(free_port)"
CSP="$(sed -n 's/.*add_header Content-Security-Policy "\(.*\)" always;.*/\1/p' "$REPO/ops/nginx.conf")" \
  node "$HERE/serve-viewer.mjs" "$DIST" "$REPO/ops/ohif-config.js" "$SAME_ORIGIN_PORT" "$ARCHIVE" &
PIDS+=($!)

rm -rf "$OUT"
status=0
# The viewer reads app-config.js at each page load (served uncached): one check per image loading.
for rendering in $RENDERINGS; do
  echo "== imageRendering: $rendering"
  config "$rendering"
  mkdir -p "$OUT/$rendering"
  node "$HERE/check.mjs" "http://127.0.0.1:$VIEWER_PORT" "$ARCHIVE" "$WORK/studies.tsv" "$OUT/$rendering" || status=1
done
echo "== ops/ohif-config.js on the archive's origin, with ops/nginx.conf's CSP"
mkdir -p "$OUT/same-origin"
node "$HERE/check.mjs" "http://127.0.0.1:$SAME_ORIGIN_PORT" "http://127.0.0.1:$SAME_ORIGIN_PORT" "$WORK/studies.tsv" \
  "$OUT/same-origin" || status=1
[ -f "$WORK/archive.log" ] && cp "$WORK/archive.log" "$OUT/archive.log"
[ "$status" = 0 ] && echo "ohif-check: PASS ($RENDERINGS, same-origin)" || echo "ohif-check: FAIL (see $OUT)"
exit "$status"
