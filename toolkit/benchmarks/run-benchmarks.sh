#!/usr/bin/env bash
# One complete benchmark run, as documented in docs/performance.md (about 13 minutes on 2 cores).
# Build first (from the repository root): mvn -B -ntp -f toolkit -DskipTests package
# Results: toolkit/benchmarks/target/results/{calls,bulk-fast,bulk-slow,throttled-bulk}.{json,txt}, heap.txt,
# concurrency-*.csv and adaptive-concurrency-*.svg, and summary.md.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/results
JAVA=${JAVA:-java}
mkdir -p "$OUT"

# 1. Single calls (µs/op, allocation): single pause ours vs bare HttpClient 5; token path.
"$JAVA" -jar "$JAR" 'SinglePauseBenchmark|TokenCachingBenchmark' \
  -f 3 -wi 8 -w 1s -i 5 -r 2s -prof gc -rf json -rff "$OUT/calls.json" | tee "$OUT/calls.txt"

# 2. Bulk pause of 1,000 jobs at 50 ms latency, concurrency 8/32/64 (a few seconds per invocation).
"$JAVA" -jar "$JAR" 'BulkPauseBenchmark.bulkOperation' -p concurrency=8,32,64 -p selection=running,ids \
  -wi 1 -i 3 -rf json -rff "$OUT/bulk-fast.json" | tee "$OUT/bulk-fast.txt"

# 3. Concurrency 1 and the sequential loop: 50+ s per invocation, so one measured invocation each.
"$JAVA" -jar "$JAR" 'BulkPauseBenchmark' -p concurrency=1 -p selection=running \
  -wi 0 -i 1 -rf json -rff "$OUT/bulk-slow.json" | tee "$OUT/bulk-slow.txt"

# 4. Fixed 8, fixed 64 and adaptive concurrency, without and with a 200 requests/s limit, side by side in one run;
#    the adaptive invocations record requests in flight every 10 ms for the charts.
"$JAVA" -jar "$JAR" 'ThrottledBulkBenchmark' -wi 1 -i 5 -rf json -rff "$OUT/throttled-bulk.json" \
  -jvmArgsAppend "-Dfoundry.bench.trace=$OUT" | tee "$OUT/throttled-bulk.txt"
"$JAVA" -cp "$JAR" io.jenkins.plugins.finetune.benchmarks.ConcurrencyChart "$OUT/concurrency-0.csv" \
  "$OUT/adaptive-concurrency-0.svg" "Adaptive concurrency: 1,000 pauses, 50 ms latency, (a) no rate limit" 0
"$JAVA" -cp "$JAR" io.jenkins.plugins.finetune.benchmarks.ConcurrencyChart "$OUT/concurrency-200.csv" \
  "$OUT/adaptive-concurrency-200.svg" "Adaptive concurrency: 1,000 pauses, 50 ms latency, (b) 200 requests/s" 200

# 5. Heap held by a bulk pause of 1,000 and of 10,000 jobs (emulator in its own process), in a 16 MiB heap.
for jobs in 1000 10000; do
  "$JAVA" -Xmx16m -cp "$JAR" io.jenkins.plugins.finetune.benchmarks.HeapFootprint "$jobs"
done | tee "$OUT/heap.txt"

"$JAVA" -cp "$JAR" io.jenkins.plugins.finetune.benchmarks.Summary "$OUT" | tee "$OUT/summary.md"
