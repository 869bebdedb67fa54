#!/bin/bash
# The issue's reference method, reproduced on this machine: dcmtk's storescu over 4 associations (4
# processes, one association each, a quarter of the studies each), against a fresh Orthanc and a fresh
# Sagitta, both pinned to core 0 (Sagitta with its embedded PostgreSQL), storescu on core 1. The same
# files go to both: `sagitta-bench files` writes them, so the load tool's own CPU is out of the numbers,
# and Orthanc's rate here says how this machine compares with the machine the issue's targets were
# measured on (Orthanc 1.10: 1,400 small and 400 CT instances/s there). Each archive is warmed first as
# in side-by-side.sh (three store runs and a STOW-RS run of the load tool, then CT stores), and only one
# archive is busy at a time.
# UNPINNED=1: nothing pinned, as the issue's set-up has it (2 cores shared by the archive and the client).
# WARMUP_RUNS=N: N small store runs of warm-up instead of 3 (Sagitta's JIT settles after about 16,000
# instances, bench/RESULTS.md session 10; a server that runs for months is past that).
# usage, from the repository root after `mvn -B -q -DskipTests -pl server,bench -am package`:
#   bench/scripts/storescu-calibration.sh server/target/sagitta.jar [ROUNDS]
# Needs dcmtk and Debian's orthanc (apt-get install -y dcmtk orthanc orthanc-dicomweb). Run it with
# nothing else busy on the machine.
. "$(dirname "$0")/sched-check.sh"
JAR=$1; ROUNDS=${2:-2}; D=/tmp/storescu-cal; rm -rf $D; mkdir -p $D
CORE0="taskset -c 0"; CORE1="taskset -c 1"; [ -n "$UNPINNED" ] && { CORE0=; CORE1=; }
B="java -jar bench/target/sagitta-bench.jar"
. "$(dirname "$0")/archives.sh"
start_archives $D $JAR "$CORE0"
# TCP_NODELAY=1 for storescu too (dcmtk, as Orthanc): see archives.sh.
export TCP_NODELAY=1
C="$CORE1 $B compare --a-label sagitta --a-dicom 127.0.0.1:21195 --a-web http://127.0.0.1:28195/dicom-web
   --b-label orthanc --b-dicom 127.0.0.1:21113 --b-aet ORTHANC --b-web http://127.0.0.1:28042/dicom-web"
for w in $(seq ${WARMUP_RUNS:-3}); do $C --workload store --modality small --studies 30 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1; done
$C --workload stow --modality small --studies 10 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
$C --workload store --modality CT --studies 20 --instances-per-study 100 --concurrency 4 > /dev/null 2>&1
# send NAME AET PORT DIR: 4 storescu processes, each one association for every 4th study; prints inst/s.
send() {
  local name=$1 aet=$2 port=$3 dir=$4 n t0 t1 pids=() failed=0
  n=$(find $dir -name '*.dcm' | wc -l)
  sync; t0=$(date +%s.%N)
  for lane in 0 1 2 3; do
    $CORE1 storescu -aec $aet +sd -R 127.0.0.1 $port $(ls -d $dir/* | awk -v l=$lane 'NR % 4 == l') \
      > $D/storescu-$name-$lane.log 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait $p || failed=1; done
  t1=$(date +%s.%N)
  grep -l -iE "failed|error" $D/storescu-$name-*.log > /dev/null && failed=1
  echo "$name $(basename $dir): $n instances in $(echo "$t1 - $t0" | bc) s = $(echo "$n / ($t1 - $t0)" | bc) inst/s$([ $failed = 1 ] && echo ' FAILED (see '$D')')"
}
for r in $(seq $ROUNDS); do
  for m in small CT; do
    [ $m = small ] && S=60 || S=20
    for target in sagitta orthanc; do
      rm -rf $D/files-$m; $B files $D/files-$m --modality $m --studies $S --instances-per-study 100 > /dev/null 2>&1
      [ $target = sagitta ] && send sagitta SAGITTA 21195 $D/files-$m || send orthanc ORTHANC 21113 $D/files-$m
    done
  done
done
echo "held at the end: Sagitta $(curl -s 'http://127.0.0.1:28195/dicom-web/studies?limit=100000' | grep -o '"0020000D"' | wc -l) studies," \
     "Orthanc $(curl -s http://127.0.0.1:28042/statistics | tr -d '\n ' )"
kill $SAGITTA $ORTHANC; sleep 5; rm -rf $D/files-*
