#!/bin/bash
# Where a store waits while viewers retrieve (bench/RESULTS.md, "Session 5"): a fresh archive (and its
# embedded PostgreSQL) pinned to core 0, the load tool to core 1; a warm-up, then the mixed workload
# (500-instance CT studies) with the store-phase histograms scraped from /metrics and every thread's
# scheduler counters read from /proc over the same 25 s of it.
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/mixed-waits.sh server/target/sagitta.jar LABEL RATE VIEWERS
# RATE: ingest in CT instances/s (half the CT store rate of quiet-run.sh is the target's); needs python3.
. "$(dirname "$0")/sched-check.sh"
JAR=$1; LABEL=$2; RATE=${3:-100}; VIEWERS=${4:-1}; D=/tmp/mixed-waits-$LABEL; W=$(dirname $0)/waits.py
rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D/data SAGITTA_DICOM_PORT=21195 SAGITTA_HTTP_PORT=28195 taskset -c 0 java -jar $JAR > $D/archive.log 2>&1 &
APID=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D/archive.log && break; sleep 1; done
L="taskset -c 1 java -jar bench/target/sagitta-bench.jar load --dicom 127.0.0.1:21195 --web http://127.0.0.1:28195/dicom-web"
scrape() { curl -s http://127.0.0.1:28195/metrics > $1; }
# warm-up: the JIT is still compiling the store and retrieval paths after a few thousand instances
for w in 1 2; do $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
$L --workload store --modality CT --studies 10 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
$L --workload wado-study --modality CT --studies 2 --instances-per-study 100 --concurrency 1 --duration 10s > /dev/null 2>&1
# the mixed run seeds two studies first (about 10 s), so the window opens 12 s in and lasts 25 s
( sleep 12; scrape $D/m0; python3 $W snap $D/s0 $APID $(pgrep postgres)
  sleep 25; scrape $D/m1; python3 $W snap $D/s1 $APID $(pgrep postgres) ) &
SNAP=$!
$L --workload mixed --modality CT --studies 2 --instances-per-study 500 --concurrency 2 --rate $RATE \
   --viewers $VIEWERS --duration 30s 2>&1 | grep -E "^(seed-store|ingest-store|viewer-wado-study) |FAIL"
wait $SNAP
python3 $W metrics $D/m0 $D/m1
python3 $W threads $D/s0 $D/s1
kill $APID; sleep 4
