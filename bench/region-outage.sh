#!/usr/bin/env bash
# Region outage at scale: N services on site-a (default 20, 50 and 200), each with its own PostgreSQL primary and
# streaming replica and its own HAProxy backend; every site-a primary SIGKILLed at once, then one region plan
# (region/site-a) fails them all over. Prints the plan's RTO (probed through HAProxy, and as Standby reports it),
# the per-service RTO percentiles, the worker's and the Temporal server's CPU and peak RSS, the history sizes, the
# lab's own footprint, and the ratios. Goal: all 200 served by their targets within 60 s.
# Usage: bench/region-outage.sh [SIZES] [MAX_PARALLEL] [DRIVER OPTIONS]   (default 20,50,200 and 25; the options,
#   e.g. --reconcile 5s --temporal-db file for Standby's and the lab's defaults: .venv/bin/python bench/region_outage.py --help)
# Everything runs on 127.0.0.1 and free ports under /tmp/standby-bench-region-*, and is stopped at the end, also on
# failure or Ctrl-C. A failed size's directory is kept, with its logs, for a look.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${1:-20,50,200}
max_parallel=${2:-25}
lab/lab install
[ -f worker/target/standby-worker.jar ] || mvn -q -B -ntp -pl worker -am package -DskipTests
results=$(mktemp /tmp/standby-bench-region-XXXX.jsonl)
.venv/bin/python bench/region_outage.py --sizes "$sizes" --max-parallel "$max_parallel" "${@:3}" --results "$results" &
pid=$!
# The driver stops what it started on SIGTERM; forward ours (and Ctrl-C) to it and wait for it to finish.
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true' INT TERM
wait "$pid"
echo "sizes: $results"
