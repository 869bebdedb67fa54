#!/bin/bash
# Where the index's store calls spend their time (bench/RESULTS.md, session 8): a fresh archive pinned to
# core 0 (its embedded PostgreSQL inherits the core), the load tool to core 1, two store runs of warm-up,
# then a small-instance store run over 4 associations and one over 1, each followed by PostgreSQL's own
# per-function figures (track_functions = 'pl'): calls of store_instances (one per batch) and of
# refresh_study (one per stored instance), and the average time of a call, lock waits included.
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/store-functions.sh server/target/sagitta.jar LABEL      (needs psql: postgresql-client)
. "$(dirname "$0")/sched-check.sh"
JAR=$1; LABEL=$2; D=/tmp/functions-$LABEL; rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D SAGITTA_DICOM_PORT=21197 SAGITTA_HTTP_PORT=28197 taskset -c 0 java -jar $JAR > $D.log 2>&1 &
APID=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D.log && break; sleep 1; done
PORT=$(grep -o 'embedded PostgreSQL on [0-9.:]*' $D.log | sed 's/.*://')
Q="psql -h 127.0.0.1 -p $PORT -U postgres -q -t -A"
L="taskset -c 1 java -jar bench/target/sagitta-bench.jar load --dicom 127.0.0.1:21197 --web http://127.0.0.1:28197/dicom-web"
$Q -c "ALTER SYSTEM SET track_functions = 'pl'" -c "SELECT pg_reload_conf()" > /dev/null
for w in 1 2; do $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
for c in 4 1; do
    $Q -c "SELECT pg_stat_reset()" > /dev/null
    $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency $c 2>&1 \
        | awk -v label="$LABEL" -v c=$c '/^store /{print label, c " assoc.:", $4, "inst/s, p50", $7, "ms, p99", $9, "ms"}'
    $Q -F' ' -c "SELECT funcname, calls, round(total_time::numeric / calls, 3) AS ms_per_call FROM pg_stat_user_functions ORDER BY 1"
done
kill $APID; sleep 4
