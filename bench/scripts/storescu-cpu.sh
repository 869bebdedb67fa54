#!/bin/bash
# Where the CPU goes when dcmtk's storescu stores into Sagitta over 4 associations, nothing pinned (the issue's
# own method, as storescu-calibration.sh, without Orthanc): a fresh archive warmed by the load tool, then two
# runs of the same files by 4 storescu processes. Per run: instances/s; the archive's and its PostgreSQL's
# CPU per instance (/proc/PID/stat); the rest of the machine's busy CPU per instance (/proc/stat: user, nice,
# system, irq, softirq), which is storescu and the kernel's work for it; the share of the CPU left idle;
# the store-phase means from the archive's /metrics. See bench/RESULTS.md, session 14.
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/storescu-cpu.sh server/target/sagitta.jar small|CT
# WARMUP_RUNS=N: N small store runs of warm-up (default 8; CT adds one CT run). Needs dcmtk, python3.
JAR=$1; MOD=${2:-small}; D=/tmp/storescu-cpu; rm -rf $D; mkdir -p $D
SAGITTA_DATA_DIR=$D/data SAGITTA_DICOM_PORT=21195 SAGITTA_HTTP_PORT=28195 java -jar $JAR > $D/archive.log 2>&1 &
A=$!  # this archive, never a stale one from another run
for i in $(seq 60); do grep -q "ready" $D/archive.log && break; sleep 1; done
B="java -jar bench/target/sagitta-bench.jar"
L="$B load --dicom 127.0.0.1:21195 --web http://127.0.0.1:28195/dicom-web"
for w in $(seq ${WARMUP_RUNS:-8}); do $L --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
[ "$MOD" = CT ] && $L --workload store --modality CT --studies 20 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
[ "$MOD" = CT ] && S=20 || S=60
PG=$(pgrep -f "postgres.*$D/data" | tr '\n' ' ')  # the server and its backends: their command lines name nothing else
PG="$PG $(pgrep -P "$(echo $PG | tr ' ' ',')" | tr '\n' ' ')"
busy_idle() { head -1 /proc/stat | awk '{print $2+$3+$4+$7+$8, $5+$6}'; }
ticks() { for p in "$@"; do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
export TCP_NODELAY=1  # as storescu-calibration.sh
for r in 1 2; do
  $B files $D/files --modality $MOD --studies $S --instances-per-study 100 > /dev/null 2>&1; sync
  n=$(find $D/files -name '*.dcm' | wc -l)
  curl -s http://127.0.0.1:28195/metrics > $D/m0
  read b0 i0 <<< "$(busy_idle)"; a0=$(ticks $A); p0=$(ticks $PG); t0=$(date +%s.%N)
  pids=()
  for lane in 0 1 2 3; do
    storescu -aec SAGITTA +sd -R 127.0.0.1 21195 $(ls -d $D/files/* | awk -v l=$lane 'NR % 4 == l') > $D/storescu-$lane.log 2>&1 &
    pids+=($!)
  done
  failed=0; for p in "${pids[@]}"; do wait $p || failed=1; done
  t1=$(date +%s.%N); read b1 i1 <<< "$(busy_idle)"; a1=$(ticks $A); p1=$(ticks $PG)
  curl -s http://127.0.0.1:28195/metrics > $D/m1
  grep -q -iE "failed|error" $D/storescu-*.log && failed=1
  busy=$((b1 - b0)); idle=$((i1 - i0)); arch=$((a1 - a0)); pg=$((p1 - p0))
  echo "$MOD run $r: $n instances, $(echo "$n / ($t1 - $t0)" | bc)/s; CPU per instance (µs): archive $((arch * 10000 / n))," \
       "PostgreSQL $((pg * 10000 / n)), the rest $(((busy - arch - pg) * 10000 / n)); idle $((idle * 100 / (busy + idle))) %" \
       "$([ $failed = 1 ] && echo "FAILED (see $D)")"
  python3 bench/scripts/waits.py metrics $D/m0 $D/m1 | grep store_phase
  rm -rf $D/files
done
kill $A; sleep 5; [ "$failed" = 1 ] || rm -rf $D
