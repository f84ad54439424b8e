#!/usr/bin/env bash
# Backup throughput and memory, Standby against restic, on the same databases and the same S3 endpoint (moto),
# side by side in one run. Usage: bench/backup-vs-restic.sh [SIZE_MB ...]   (default: 64 512)
#
# For each size, the lab's site-a database is filled to about SIZE_MB (pg_database_size), then:
#   standby: the BackupWorkflow's dump step in a JVM with -Xmx256m: pg_dump -Fc -Z0 → zstd-1 + AES-256-GCM chunks → S3 multipart
#   restic:  pg_dump -Fc -Z0 | restic backup --stdin (restic 0.14: zstd compression, AES-256-CTR + Poly1305) → S3
# Throughput is database bytes / seconds of the backup: restic's whole command; Standby's backup as a running
# worker does it (the harness first backs up the near-empty postgres database in the same JVM, so the SDKs' classes
# are loaded and connections made, as in a worker that has run before). The process's wall time, with the JVM's
# start and that warm-up, is shown too, with the ratio it gives. Memory: Standby's
# heap sampled inside the JVM (peak used, garbage included, and peak in use right after a collection: what the backup
# holds), and both tools' max RSS from /usr/bin/time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(64 512)
dir=$(mktemp -d /tmp/standby-bench-backup-XXXX)
chmod 755 "$dir" # PostgreSQL runs as its own OS user when we are root
trap 'lab/lab down --dir "$dir" >/dev/null 2>&1 || true' EXIT
[ -f worker/target/standby-worker.jar ] || mvn -q -B -pl worker -am package -DskipTests
lab/lab up --ports auto --without temporal --with clouds --dir "$dir" >/dev/null
javac -d "$dir/classes" -cp worker/target/standby-worker.jar bench/BackupBench.java # after lab up: it wants an empty dir
read -r pgport moto region < <(python3 -c "
import json; d=json.load(open('$dir/lab.json'))
print(d['ports']['pg-site-a'], d['clouds']['awsEndpoint'], d['clouds']['awsRegion'])")
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
psql=("$bin/psql" -h 127.0.0.1 -p "$pgport" -U standby -d orders -qtA)
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION="$region"
export STANDBY_BACKUP_KEY=$(head -c 32 /dev/urandom | base64) RESTIC_PASSWORD=bench-only
"${psql[@]}" -c "CREATE TABLE bench_rows (id bigint PRIMARY KEY, customer text NOT NULL, note text NOT NULL, payload bytea NOT NULL)"
rows=0
results=()
for size in "${sizes[@]}"; do
  # Orders-like rows: repetitive text (compresses) and a random payload (does not).
  while [ "$("${psql[@]}" -c "SELECT pg_database_size('orders') < $size::bigint * 1048576")" = t ]; do
    "${psql[@]}" -c "INSERT INTO bench_rows SELECT g, 'customer-' || (g % 10000), repeat(md5(g::text), 4),
      decode(md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex')
      FROM generate_series($rows + 1, $rows + 200000) g"
    rows=$((rows + 200000))
  done
  "${psql[@]}" -c "CHECKPOINT"
  db=$("${psql[@]}" -c "SELECT pg_database_size('orders')")

  /usr/bin/time -f "%e %M" -o "$dir/standby.time" java -Xmx256m -cp "worker/target/standby-worker.jar:$dir/classes" \
    BackupBench "jdbc:postgresql://127.0.0.1:$pgport/orders" standby "$moto" "$region" "standby-bench-$size" "$bin" \
    > "$dir/standby.out" 2> "$dir/standby.err" || { cat "$dir/standby.err"; exit 1; }
  restic -q -r "s3:$moto/restic-bench-$size" init >/dev/null
  /usr/bin/time -f "%e %M" -o "$dir/restic.time" bash -c "set -o pipefail; '$bin/pg_dump' -Fc -Z0 -h 127.0.0.1 -p $pgport -U standby -d orders \
    | restic -q -r 's3:$moto/restic-bench-$size' backup --stdin --stdin-filename orders.dump" > "$dir/restic.out" 2>&1 \
    || { cat "$dir/restic.out"; exit 1; }
  stored_restic=$(restic -q -r "s3:$moto/restic-bench-$size" stats --mode raw-data --json | python3 -c "import json,sys; print(json.load(sys.stdin)['total_size'])")
  results+=("$(python3 - "$db" "$dir" "$stored_restic" <<'PY'
import re, sys
db, d, stored_restic = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
out = dict(kv.split("=") for kv in open(f"{d}/standby.out").read().split())
s_wall, s_rss = open(f"{d}/standby.time").read().split()
r_wall, r_rss = open(f"{d}/restic.time").read().split()
mb = 1048576
s_backup, s_wall, r_wall = float(out['seconds']), float(s_wall), float(r_wall)
s_tp, r_tp, cold_tp = db / mb / s_backup, db / mb / r_wall, db / mb / s_wall
heap = f"{out['peakHeapMB']:>5} / {out['liveHeapMB']:>5} of {out['maxHeapMB']}"
print(f"{db/mb:8.0f} | standby | {s_backup:8.1f} | {s_wall:7.1f} | {s_tp:7.1f} | {int(out['storedBytes'])/mb:9.1f} | {heap:>20} | {int(s_rss)/1024:7.0f}")
print(f"{db/mb:8.0f} | restic  | {r_wall:8.1f} | {r_wall:7.1f} | {r_tp:7.1f} | {stored_restic/mb:9.1f} | {'(Go)':>20} | {int(r_rss)/1024:7.0f}")
print(f"{db/mb:8.0f} | standby/restic throughput: {s_tp / r_tp:.2f}x as a worker runs it; {cold_tp / r_tp:.2f}x counting a cold JVM's start and warm-up")
PY
)")
done
echo
echo "  db MB | tool    | backup s | wall s  | MB/s    | stored MB | heap MB: peak / GC'd | max RSS MB"
echo "--------+---------+----------+---------+---------+-----------+----------------------+-----------"
printf '%s\n' "${results[@]}"
