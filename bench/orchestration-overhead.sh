#!/usr/bin/env bash
# Orchestration overhead: planned failovers of the lab's payments, by Standby's Failover workflow (Temporal dev
# server + a running worker, as deployed) and by the same activity implementations called directly in one JVM (no
# Temporal), rounds alternating which goes first, each failover flipping the primary. Prints the median per step
# and end to end with the ratio workflow / direct (goal: at most 1.5x end to end).
# Usage: bench/orchestration-overhead.sh [ROUNDS]   (default 5; one warm-up failover each is not counted)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-5}
dir=$(mktemp -d /tmp/standby-bench-orchestration-XXXX)
chmod 755 "$dir" # PostgreSQL runs as its own OS user when we are root
worker=
cleanup() {
  if [ -n "$worker" ]; then kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; fi
  lab/lab down --dir "$dir/lab" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ -f worker/target/standby-worker.jar ] || mvn -q -B -ntp -pl worker -am package -DskipTests
lab/lab up --ports auto --dir "$dir/lab" >/dev/null
javac -d "$dir/classes" -cp worker/target/standby-worker.jar bench/OrchestrationBench.java
java -Xmx512m -jar worker/target/standby-worker.jar --topology "$dir/lab/topology.yaml" --serve-sites all --metrics-port 0 > "$dir/lab/logs/worker.log" 2>&1 &
worker=$!
for _ in $(seq 1800); do grep -q "Standby worker on task queue" "$dir/lab/logs/worker.log" && break; sleep 0.1; done
grep -q "Standby worker on task queue" "$dir/lab/logs/worker.log" || { tail -20 "$dir/lab/logs/worker.log"; exit 1; }
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "worker/target/standby-worker.jar:$dir/classes" -Dlogback.configurationFile=bench/logback-bench.xml \
  OrchestrationBench "$dir/lab/topology.yaml" "$rounds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
