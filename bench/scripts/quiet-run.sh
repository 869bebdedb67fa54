#!/bin/bash
# The quiet-machine runs of bench/RESULTS.md ("Store path: one call per batch"): a fresh archive (and
# its embedded PostgreSQL) pinned to core 0, the load tool to core 1; three store runs and a STOW-RS run
# of warm-up (the JIT is still busy after a few thousand instances), then each workload once, each
# after WARMUP (default 10s) of its own operations in the same tool process (`--warmup`; since session 9:
# the tool's own JIT otherwise runs beside what it measures).
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/quiet-run.sh server/target/sagitta.jar LABEL      (QUICK=1: stop after the store runs)
# The archive logs to /tmp/quiet-LABEL-archive.log (its data: /tmp/quiet-LABEL).
# Run it with nothing else busy on the machine: numbers taken beside builds are not comparable.
. "$(dirname "$0")/sched-check.sh"
JAR=$1; LABEL=$2; D=/tmp/quiet-$LABEL; rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D SAGITTA_DICOM_PORT=21195 SAGITTA_HTTP_PORT=28195 taskset -c 0 java -jar $JAR > $D-archive.log 2>&1 &
APID=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D-archive.log && break; sleep 1; done
L="taskset -c 1 java -jar bench/target/sagitta-bench.jar load --dicom 127.0.0.1:21195 --web http://127.0.0.1:28195/dicom-web"
W="--warmup ${WARMUP:-10s}"
cpu() { for p in "$@"; do awk '{print $14+$15+$16+$17}' /proc/$p/stat 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
run() { echo "## $*"; $L "$@" 2>&1 | grep -E "^(warmup-)?(store|stow|seed-store|ingest-store|viewer-wado-study|wado-study|frames|qido-[a-z]+) |FAIL" ; }
# warm-up: three store runs, one stow
for w in 1 2 3; do $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
$L --workload stow --modality small --studies 10 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
PGP=$(pgrep -f postgres | tr '\n' ' '); a0=$(cpu $APID); p0=$(cpu $PGP)
SMALL=$(run --workload store --modality small --studies 60 --instances-per-study 100 --concurrency 4 $W); echo "$SMALL"
PGP=$(pgrep -f postgres | tr '\n' ' '); a1=$(cpu $APID); p1=$(cpu $PGP)
N=$(echo "$SMALL" | awk '/^(warmup-)?store /{n+=$2} END {print n+0}')  # the warm-up's stores are in the CPU too
echo "CPU per small instance ($N stored): archive $(( (a1-a0)*10000/N )) us, postgres $(( (p1-p0)*10000/N )) us"
run --workload store --modality small --studies 10 --instances-per-study 100 --concurrency 1 $W
CTOUT=$(run --workload store --modality CT --studies 20 --instances-per-study 100 --concurrency 4 $W); echo "$CTOUT"
[ -n "$QUICK" ] && { kill $APID; sleep 5; exit 0; }
RATE=${RATE:-$(echo "$CTOUT" | awk '/^store /{printf "%d", $4/2}')}; echo "mixed ingest rate: $RATE (half the CT store rate)"
run --workload stow --modality small --studies 30 --instances-per-study 100 --concurrency 4 $W
run --workload wado-study --modality CT --studies 3 --instances-per-study 100 --concurrency 1 --duration 20s $W
run --workload frames --modality CT --studies 1 --instances-per-study 50 --concurrency 2 --duration 15s $W
run --workload qido --modality small --studies 58 --instances-per-study 10 --concurrency 4 --duration 15s $W
# Ingest over 4 associations: one store is in flight per association, and two no longer carry half the CT
# maximum (bench/RESULTS.md, session 13).
run --workload mixed --modality CT --studies 2 --instances-per-study 500 --concurrency 4 --rate ${RATE:-100} --viewers 1 --duration 30s $W
run --workload mixed --modality CT --studies 2 --instances-per-study 500 --concurrency 4 --rate ${RATE:-100} --viewers 2 --duration 30s $W
kill $APID; sleep 5
