#!/bin/bash
# The quiet-machine side-by-side runs of bench/RESULTS.md ("Side by side with Orthanc, quiet machine"):
# a fresh Sagitta (with its embedded PostgreSQL) and a fresh Orthanc (Debian's orthanc and
# orthanc-dicomweb packages: apt-get install -y orthanc orthanc-dicomweb), both pinned to core 0,
# the load tool pinned to core 1. `compare` runs each workload against Sagitta, then against Orthanc,
# so only one archive is busy at a time. Both get the same warm-up (three store runs and one STOW-RS
# run), which also leaves them holding the same number of studies, and each measured run follows WARMUP
# (default 10s) of its own operations against the same archive (`--warmup`, since session 9: before it,
# the tool's JIT was colder while measuring A, Sagitta, than while measuring B).
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/side-by-side.sh server/target/sagitta.jar OUTDIR
# Run it with nothing else busy on the machine. OUTDIR gets one JSON and one HTML report per workload.
. "$(dirname "$0")/sched-check.sh"
JAR=$1; OUT=${2:-/tmp/side-by-side}; D=/tmp/sbs; rm -rf $D; mkdir -p $OUT
. "$(dirname "$0")/archives.sh"
start_archives $D $JAR "taskset -c 0"
C="taskset -c 1 java -jar bench/target/sagitta-bench.jar compare --a-label sagitta --a-dicom 127.0.0.1:21195
   --a-web http://127.0.0.1:28195/dicom-web --b-label orthanc --b-dicom 127.0.0.1:21113 --b-aet ORTHANC
   --b-web http://127.0.0.1:28042/dicom-web"
n=0
run() { n=$((n+1)); echo "## $*"; $C "$@" --warmup ${WARMUP:-10s} --json $OUT/$n.json --html $OUT/$n.html 2>&1 | grep -vE "^\s*$"; }
for w in 1 2 3; do $C --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
$C --workload stow --modality small --studies 10 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
run --workload store --modality small --studies 60 --instances-per-study 100 --concurrency 4
run --workload store --modality small --studies 10 --instances-per-study 100 --concurrency 1
run --workload store --modality CT --studies 20 --instances-per-study 100 --concurrency 4
run --workload stow --modality small --studies 30 --instances-per-study 100 --concurrency 4
run --workload wado-study --modality CT --studies 3 --instances-per-study 100 --concurrency 1 --duration 20s
run --workload wado-metadata --modality CT --studies 3 --instances-per-study 100 --concurrency 2 --duration 15s
run --workload frames --modality CT --studies 1 --instances-per-study 50 --concurrency 2 --duration 15s
run --workload qido --modality small --studies 58 --instances-per-study 10 --concurrency 4 --duration 15s
echo "## held at the end: Sagitta $(curl -s 'http://127.0.0.1:28195/dicom-web/studies?limit=100000' | grep -o '"0020000D"' | wc -l) studies," \
     "Orthanc $(curl -s http://127.0.0.1:28042/statistics | tr -d '\n ' )"
kill $SAGITTA $ORTHANC; sleep 5
