#!/usr/bin/env bash
# Unplanned failover, Standby against pg_auto_failover and Patroni on this machine: the primary's postmaster and
# its local supervisor SIGKILLed, the time to the first write acknowledged by the new primary, ROUNDS rounds
# (default 5) of each system, alternating, each peer with its defaults and tuned to Standby's ~3 s detection
# budget. Prints one JSON line per round on stderr, then the table (median, min, max) and the ratios.
# Usage: bench/peers/failover-vs-peers.sh [ROUNDS] [SYSTEMS]   (SYSTEMS: comma-separated, default all of
#   standby,pgaf-tuned,patroni-tuned,pgaf-default,patroni-default)
# Everything runs on 127.0.0.1 and free ports under /tmp/standby-bench-peers-*, and is stopped at the end, also on
# failure or Ctrl-C. A failed round's directory is kept, with its logs, for a look.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
rounds=${1:-5}
systems=${2:-standby,pgaf-tuned,patroni-tuned,pgaf-default,patroni-default}
bench/peers/setup
lab/lab install
[ -f worker/target/standby-worker.jar ] || mvn -q -B -ntp -pl worker -am package -DskipTests
results=$(mktemp /tmp/standby-bench-peers-XXXX.jsonl)
.venv/bin/python bench/peers/failover_vs_peers.py --rounds "$rounds" --systems "$systems" --results "$results" &
pid=$!
# The driver stops what it started on SIGTERM; forward ours (and Ctrl-C) to it and wait for it to finish.
trap 'kill -TERM "$pid" 2>/dev/null || true; wait "$pid" || true' INT TERM
wait "$pid"
echo "rounds: $results"
