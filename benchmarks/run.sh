#!/usr/bin/env bash
# Builds the JMH jar and runs a representative subset of W1-W7 (about 9 minutes on 2 cores), then
# prints the ratio table and draws the chart. Every figure comes from this one run.
#
#   benchmarks/run.sh        # JDK 17 (the default java): results in benchmarks/results/jdk17/
#   benchmarks/run.sh 25     # JDK 25, adds Gatherers.mapConcurrent: benchmarks/results/jdk25/
#
# Extra arguments after the JDK number go to every JMH run (e.g. -prof gc).
# ONLY="w5 w5-footprint w7-open-maps" runs only the named steps (the names of their result files);
# OUT=benchmarks/results/x writes to another folder (e.g. the before/after figures of a change);
# ALTERNATIVES=SUBMIT_ALL,STREAM_EXECUTOR,... narrows the alternatives of W2, W3 and W5.
set -euo pipefail
cd "$(dirname "$0")/.."

jdk="${1:-17}"
shift || true
alternatives="SUBMIT_ALL,INVOKE_ALL,STREAM_EXECUTOR,STREAM_EXECUTOR_CHUNKED,STREAM_EXECUTOR_ADAPTIVE,COMPLETABLE_FUTURE,REACTOR,PARALLEL_COLLECTORS,PARALLEL_COLLECTORS_BATCHING,SEQUENTIAL"
fast="SUBMIT_ALL,INVOKE_ALL,STREAM_EXECUTOR,STREAM_EXECUTOR_CHUNKED,STREAM_EXECUTOR_ADAPTIVE,COMPLETABLE_FUTURE,PARALLEL_COLLECTORS_BATCHING,SEQUENTIAL"
slow="REACTOR,PARALLEL_COLLECTORS"
profiles="benchmarks"
build_flags=()
jar="benchmarks/target/benchmarks.jar"
case "$jdk" in
  17) java_home="${JAVA_HOME:-}" ;;
  25)
    java_home=/usr/lib/jvm/temurin-25-jdk-amd64
    profiles="benchmarks,jdk25"
    # google-java-format 1.28 cannot run on JDK 25; the JDK 17 build checks the same format.
    build_flags=(-Dspotless.check.skip=true)
    jar="benchmarks/target/benchmarks-jdk25.jar"
    alternatives="$alternatives,MAP_CONCURRENT"
    slow="$slow,MAP_CONCURRENT"
    ;;
  *) echo "usage: $0 [17|25] [JMH options...]; JDK must be 17 or 25, was $jdk" >&2; exit 2 ;;
esac
if [[ -n "$java_home" ]]; then
  export JAVA_HOME="$java_home"
  export PATH="$JAVA_HOME/bin:$PATH"
fi
alternatives="${ALTERNATIVES:-$alternatives}"
java="java"
out="${OUT:-benchmarks/results/jdk$jdk}"
only="${ONLY:-}"
wants() { [[ -z "$only" || " $only " == *" $1 "* ]]; }

echo "== build ($(java -version 2>&1 | head -1))"
./mvnw -B -q -P"$profiles" -pl core,benchmarks package -DskipTests "${build_flags[@]}"
rm -rf "$out"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cores: $(nproc)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/run.txt"

jmh() {
  local name="$1"
  shift
  wants "$name" || return 0
  echo "== $name"
  "$java" -jar "$jar" "$@" -rf json -rff "$out/$name.json" "${extra[@]}" > "$out/$name.log" 2>&1 ||
    { tail -30 "$out/$name.log"; exit 1; }
  grep -A100 '^Benchmark ' "$out/$name.log"
}
extra=("$@")

# W1: 10^6 inputs per operation; the slow alternatives (several s per operation) get fewer
# iterations so the whole script stays under 10 minutes. Six warm-up seconds: on 2 cores the JIT
# needs about that long before the chunked maps' times settle (12 one-second iterations without
# warm-up, JDK 17: 339, 47, 42, 39, 47, 34, then 29-33 ms).
jmh w1 'TrivialWork' -p alternative="$fast" -wi 6 -i 5 -w 1 -r 1
jmh w1-slow 'TrivialWork' -p alternative="$slow" -wi 1 -i 2 -w 1 -r 1
# W2 and its measured ideal.
jmh w2 'BlockingWork' -p alternative="$alternatives" -wi 2 -i 4 -w 1 -r 1
# W3: time to the first result and to the first 10.
jmh w3 'SlowProducer' -p alternative="$alternatives" -wi 1 -i 3 -w 1 -r 1
# W5 (JMH part): per-map time, and bytes per map from -prof gc.
jmh w5 'ManyMaps' -p alternative="$alternatives" -wi 1 -i 2 -w 1 -r 1 -prof gc

cp_main() {
  local name="$1" main="$2"
  shift 2
  wants "$name" || return 0
  echo "== $name"
  "$java" -Xms2g -Xmx2g -cp "$jar" "io.github.streamexecutors.benchmarks.$main" "$out/$name.json" "$@" \
    > "$out/$name.log" 2>&1 || { tail -30 "$out/$name.log"; exit 1; }
}
lazy="STREAM_EXECUTOR REACTOR SEQUENTIAL"
[[ "$jdk" == 25 ]] && lazy="$lazy MAP_CONCURRENT"
# W4: endless source, read-ahead 100 (the eager alternatives never return on it).
# shellcheck disable=SC2086
cp_main w4-endless EndlessSource $lazy SUBMIT_ALL
# W5 (custom part): bytes of every thread, threads started per map.
# shellcheck disable=SC2086
cp_main w5-footprint ManyMapsFootprint ${alternatives//,/ }
# W7: 10 000 maps open at once, consumers idle: threads held, heap per open map, back to baseline.
# shellcheck disable=SC2086
cp_main w7-open-maps OpenMaps $lazy
# W1 hand-offs: context switches per item and thread role.
cp_main w1-handoffs HandOffCounts STREAM_EXECUTOR SUBMIT_ALL COMPLETABLE_FUTURE

echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/run.txt"
echo
cat "$out/run.txt"
python3 benchmarks/report.py "$out"
python3 benchmarks/chart.py "$out"
