#!/usr/bin/env bash
# The demo's RTO, measured over rounds: each round starts a fresh lab, a worker and the API, runs lab/demo.py's
# failover (orders through the front door, site-a's PostgreSQL SIGKILLed, the health monitor detects it and fails
# over) and keeps its figures. With other checkouts, each round runs every checkout once (each with its own lab and
# jars, measured by this checkout's demo.py), in an order that rotates, so a change is measured side by side with the
# versions before it. Prints every run and the median, minimum and maximum per phase and version.
# Usage: bench/demo-rto.sh [ROUNDS] [OTHER_CHECKOUT...]   (default 5 rounds; other checkouts must be built)
# With KEEP=DIR, each round's demo output (its failover steps, timed) is kept in DIR. With SITES=3, every lab is the
# three-site one (lab up --sites 3): the failover elects between site-b and site-c, and the figures are the target's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-5}
shift || true
dir=$(mktemp -d /tmp/standby-bench-demo-rto-XXXX)
chmod 755 "$dir" # PostgreSQL runs as its own OS user when we are root
pids=()
current_lab=
stop_round() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
  if [ -n "$current_lab" ]; then "$current_lab" down --dir "$dir/lab" >/dev/null 2>&1 || true; fi
  current_lab=
}
cleanup() {
  stop_round
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$dir"/round-* "$KEEP"/ 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

checkouts=("$root")
for other in "$@"; do checkouts+=("$(cd "$other" && pwd)"); done
for checkout in "${checkouts[@]}"; do
  for jar in worker/target/standby-worker.jar api/target/standby-api.jar; do
    [ -f "$checkout/$jar" ] || { echo "bench: $checkout/$jar is missing: build it (mvn -B -ntp -DskipTests package)" >&2; exit 1; }
  done
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_log() { # file pattern
  for _ in $(seq 1200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: '$2' never appeared in $1" >&2; tail -20 "$1" >&2; return 1
}

for round in $(seq "$rounds"); do
  for position in "${!checkouts[@]}"; do
    # The order rotates each round, so no version always runs first (or on the warmer machine).
    index=$(( (position + round - 1) % ${#checkouts[@]} ))
    checkout=${checkouts[$index]}
    label=$(git -C "$checkout" rev-parse --short HEAD)$(git -C "$checkout" diff --quiet HEAD -- . ':!bench' ':!lab/demo.py' || echo '+')
    current_lab="$checkout/lab/lab"
    "$current_lab" up --ports auto --sites "${SITES:-2}" --dir "$dir/lab" > "$dir/lab-up.log" 2>&1 || { cat "$dir/lab-up.log" >&2; exit 1; }
    target=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["temporalTarget"])' "$dir/lab/lab.json")
    java -Xmx512m -jar "$checkout/worker/target/standby-worker.jar" --topology "$dir/lab/topology.yaml" --serve-sites all --metrics-port 0 \
      > "$dir/lab/logs/worker.log" 2>&1 &
    pids+=($!)
    api_port=$(free_port); admin_port=$(free_port)
    token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
    STANDBY_OPERATOR_TOKEN=$token STANDBY_VIEWER_TOKEN=$token-v STANDBY_APPROVER_TOKEN=$token-a \
    STANDBY_API_TOPOLOGY="$dir/lab/topology.yaml" TEMPORAL_ADDRESS="$target" \
      java -Xmx512m -Ddw.server.applicationConnectors[0].port="$api_port" -Ddw.server.applicationConnectors[0].bindHost=127.0.0.1 \
        -Ddw.server.adminConnectors[0].port="$admin_port" -Ddw.server.adminConnectors[0].bindHost=127.0.0.1 \
        -jar "$checkout/api/target/standby-api.jar" server "$checkout/api/config.yml" > "$dir/lab/logs/api.log" 2>&1 &
    pids+=($!)
    wait_log "$dir/lab/logs/worker.log" "Standby worker on task queue"
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$admin_port/healthcheck" >/dev/null && break; sleep 0.1; done
    load=$(cut -d' ' -f1 /proc/loadavg)
    if STANDBY_API_TOKEN=$token .venv/bin/python lab/demo.py --dir "$dir/lab" --api "http://127.0.0.1:$api_port" \
        --failover-only --summary "$dir/round-$round-$index.json" > "$dir/round-$round-$index.log" 2>&1; then
      python3 - "$dir/round-$round-$index.json" "$label" "$load" <<'PY'
import json, sys
f = json.load(open(sys.argv[1])); f["version"] = sys.argv[2]; f["load"] = float(sys.argv[3])
json.dump(f, open(sys.argv[1], "w"))
PY
      echo "round $round $label: RTO $(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["rto"], 3))' "$dir/round-$round-$index.json") s (load $load)"
    else
      echo "round $round $label: the demo failed; its output:" >&2; cat "$dir/round-$round-$index.log" >&2
      rm -f "$dir/round-$round-$index.json"
    fi
    stop_round
  done
done

python3 - "$dir" <<'PY'
import json, pathlib, statistics, sys
rounds = [json.loads(p.read_text()) for p in sorted(pathlib.Path(sys.argv[1]).glob("round-*.json"))]
phases = ["rto", "detection", "failoverStart", "checks", "promotion", "traffic", "workflowRto"]
print("\nseconds per phase (checks: from the failover's start to the promotion's, fencing included)")
print(f"{'':<16}" + "".join(f"{p:>14}" for p in phases) + "   lost  load")
for r in rounds:
    print(f"{r['version']:<16}" + "".join(f"{r[p]:14.3f}" for p in phases) + f"{r['lost']:7d}{r['load']:6.2f}")
for version in dict.fromkeys(r["version"] for r in rounds):
    mine = [r for r in rounds if r["version"] == version]
    print()
    for name, f in (("median", statistics.median), ("min", min), ("max", max)):
        print(f"{version + ' ' + name:<16}" + "".join(f"{f([r[p] for r in mine]):14.3f}" for p in phases))
    print(f"{version} rounds: {len(mine)}")
PY
