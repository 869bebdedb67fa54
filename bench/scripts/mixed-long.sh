#!/bin/bash
# The mixed runs of bench/RESULTS.md, session 6: a fresh archive pinned to core 0 (its embedded
# PostgreSQL inherits the core), the load tool to core 1, the warm-up of quiet-run.sh, one CT store run
# for reference, then two mixed runs of SECONDS each: ingest of CT instances at RATE per second over two
# associations while VIEWERS clients retrieve whole 500-instance CT studies, each run after WARMUP
# (default 10s) of the same mixed load in the same tool process (`--warmup`, since session 9).
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   [WARM_RETRIEVAL=1] [WARMUP=10s] bench/scripts/mixed-long.sh server/target/sagitta.jar LABEL [VIEWERS=1] [SECONDS=60] [RATE=83]
. "$(dirname "$0")/sched-check.sh"
JAR=$1; LABEL=$2; V=${3:-1}; SECONDS_EACH=${4:-60}; RATE=${5:-83}; D=/tmp/mixed-$LABEL; rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D SAGITTA_DICOM_PORT=21199 SAGITTA_HTTP_PORT=28199 taskset -c 0 java -jar $JAR > $D.log 2>&1 &
APID=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D.log && break; sleep 1; done
L="taskset -c 1 java -jar bench/target/sagitta-bench.jar load --dicom 127.0.0.1:21199 --web http://127.0.0.1:28199/dicom-web"
for w in 1 2 3; do $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
$L --workload store --modality CT --studies 10 --instances-per-study 100 --concurrency 4 2>&1 | grep -E "^store "
# WARM_RETRIEVAL=1: also warm the retrieval path (the JIT compiles it during the first mixed run otherwise)
[ -n "$WARM_RETRIEVAL" ] && $L --workload wado-study --modality CT --studies 1 --instances-per-study 500 \
    --concurrency 1 --duration 30s 2>&1 | grep -E "^wado-study "
for r in 1 2; do
    $L --workload mixed --modality CT --studies 2 --instances-per-study 500 --concurrency 2 --rate $RATE \
        --viewers $V --duration ${SECONDS_EACH}s --warmup ${WARMUP:-10s} 2>&1 \
        | grep -E "^(warmup-)?(ingest-store|viewer-wado-study) |FAIL"
done
kill $APID; sleep 5
