#!/usr/bin/env bash
# Object sync throughput: Standby's ObjectSyncer vs rclone (Debian package) on the same emulated buckets,
# S3 (moto) -> GCS (fake-gcs-server): many small objects, a few large ones, and a no-change re-sync.
# Usage: bench/object-sync.sh [SMALL_COUNT SMALL_KIB LARGE_COUNT LARGE_MIB]   (default 1000 8 4 32)
# Starts its own emulators (lab/lab up --only clouds, free ports) and stops them at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lab_dir="/tmp/standby-bench-sync-$$"  # lab up creates it
classpath_file="$(mktemp /tmp/standby-bench-classpath.XXXXXX)"
cleanup() { "$root/lab/lab" down --dir "$lab_dir" >/dev/null 2>&1 || true; rm -f "$classpath_file"; }
trap cleanup EXIT

cd "$root"
mvn -q -B -o -pl activities -am compile dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath_file" >&2
# lab up installs what is missing first (Debian packages, rclone among them; the venv; Azurite).
"$root/lab/lab" up --only clouds --ports auto --dir "$lab_dir" >&2
echo "rclone: $(rclone version | head -1)"
java -Xmx2g -Dlogback.configurationFile="$root/bench/logback-bench.xml" -cp "$root/activities/target/classes:$(cat "$classpath_file")" "$root/bench/ObjectSyncBench.java" \
  "$lab_dir/lab.json" "$@"
