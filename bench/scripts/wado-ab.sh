#!/bin/bash
# The alternated whole-study runs of bench/RESULTS.md, session 7: a fresh archive pinned to core 0, two CT
# studies of IPS instances seeded and read for 10 s (warm-up), then 20 s of `wado-study` with one client
# pinned to core 1; prints the tool's line and the archive's CPU ticks (1/100 s) over the 20 s run, seeding
# of that run included. Run it for two jars in turn, several times.
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/wado-ab.sh server/target/sagitta.jar LABEL [IPS=100]
. "$(dirname "$0")/sched-check.sh"
JAR=$1; LABEL=$2; IPS=${3:-100}; D=/tmp/wado-ab-$LABEL; rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D SAGITTA_DICOM_PORT=21200 SAGITTA_HTTP_PORT=28200 taskset -c 0 java -jar $JAR > $D.log 2>&1 &
APID=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D.log && break; sleep 1; done
L="taskset -c 1 java -jar bench/target/sagitta-bench.jar load --dicom 127.0.0.1:21200 --web http://127.0.0.1:28200/dicom-web"
$L --workload wado-study --modality CT --studies 2 --instances-per-study $IPS --concurrency 1 --duration 10s > /dev/null 2>&1
t0=$(awk '{print $14+$15}' /proc/$APID/stat)
$L --workload wado-study --modality CT --studies 2 --instances-per-study $IPS --concurrency 1 --duration 20s 2>&1 | grep -E "^wado-study " | tr '\n' ' '
t1=$(awk '{print $14+$15}' /proc/$APID/stat); echo " archive ticks $((t1-t0))"
kill $APID; sleep 4
