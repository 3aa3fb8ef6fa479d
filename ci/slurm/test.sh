#!/usr/bin/env bash
# Grades a handful of bundled fixtures on a real one-node Slurm cluster started here (an
# array of 2 shards, then the merge job) and checks that the merged gradebook is byte for
# byte the one a local, unsharded `netgrade batch` writes. Prints both wall times.
# Exit 0: equal; 1: not (or the cluster or a job failed); 77: skipped (no Slurm to be had).
# NETGRADE names the netgrade to test (default build/netgrade). Everything it makes is under
# one temporary folder, removed at the end with the cluster.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
netgrade=$(realpath "${NETGRADE:-$repo/build/netgrade}")
spec="$repo/specs/tcp-capitalize.yaml"
shards=2
[ -x "$netgrade" ] || { echo "test.sh: no netgrade at $netgrade: build it first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/netgrade-slurm.XXXXXX")
chmod 0711 "$work"  # munged wants every folder above its socket searchable by all
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  "$here/cluster.sh" stop "$work/cluster" || true
  rm -rf "$work"
}
trap cleanup EXIT

status=0
"$here/cluster.sh" start "$work/cluster" || status=$?
[ "$status" -eq 0 ] || exit "$( [ "$status" -eq 77 ] && echo 77 || echo 1)"
export SLURM_CONF="$work/cluster/slurm.conf"

# The class: the reference and seven buggy fixtures, each graded in 1 to 4 s.
class="$work/class"
mkdir -p "$class"
cp -r "$repo/reference/tcp-capitalize/python" "$class/reference"
for f in one-recv-per-connection echo-server bytes-client capitalize-instead-of-upper \
  minus-32-server str-instead-of-bytes eoferror-client; do
  cp -r "$repo/tests/submissions/tcp-capitalize/$f" "$class/$f"
done
count=$(find "$class" -mindepth 1 -maxdepth 1 | wc -l)

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# netgrade batch's status: 0 or 1 (a student failed) is a gradebook; anything else is not.
graded() { local s=0; "$@" || s=$?; [ "$s" -le 1 ]; }

# On Slurm: submit, then poll until the merge job has left the queue (bounded).
start=$(now)
ids=$(NETGRADE="$netgrade" "$here/submit.sh" "$spec" "$class" "$work/slurm" "$shards")
merge=$(awk '$1 == "merge" { print $2 }' <<<"$ids")
deadline=$((SECONDS + 150))
while [ -n "$(squeue -h -j "$merge" -o %i 2>/dev/null)" ]; do
  if [ $SECONDS -ge $deadline ]; then
    echo "test.sh: the merge job $merge has not finished after 150 s:" >&2
    squeue >&2
    exit 1
  fi
  sleep 0.2
done
slurm_end=$(now)
state=$(scontrol show job "$merge" | grep -o 'JobState=[A-Z_]*' || true)
if [ "$state" != JobState=COMPLETED ]; then
  echo "test.sh: the merge job $merge ended with $state; the jobs' logs:" >&2
  tail -n 20 "$work/slurm/logs/"*.log >&2 || true
  exit 1
fi
slurm_time=$(seconds "$start" "$slurm_end")

# Locally, unsharded: one case at a time, and as many at once as the cluster's CPUs.
start=$(now)
graded "$netgrade" batch "$spec" --submissions "$class" --out "$work/local" 2>"$work/local.err" ||
  { cat "$work/local.err" >&2; exit 1; }
local_time=$(seconds "$start" "$(now)")
cpus=$(nproc)
start=$(now)
graded "$netgrade" batch "$spec" --submissions "$class" --out "$work/local-jobs" --jobs "$cpus" \
  2>"$work/local-jobs.err" || { cat "$work/local-jobs.err" >&2; exit 1; }
local_jobs_time=$(seconds "$start" "$(now)")

# Both shards graded something (the split happened), the gradebook has every submission,
# and it is the local one, byte for byte.
failed=0
for ((k = 1; k <= shards; k++)); do
  n=$(find "$work/slurm/shard-$k/results" -name '*.json' | wc -l)
  if [ "$n" -eq 0 ]; then echo "test.sh: shard $k graded nothing" >&2; failed=1; fi
done
rows=$(($(wc -l <"$work/slurm/merged/grades.csv") - 1))
if [ "$rows" -ne "$count" ]; then
  echo "test.sh: the merged gradebook has $rows rows for $count submissions" >&2
  failed=1
fi
if ! cmp -s "$work/local/grades.csv" "$work/slurm/merged/grades.csv"; then
  echo "test.sh: the merged gradebook differs from the local one:" >&2
  diff "$work/local/grades.csv" "$work/slurm/merged/grades.csv" >&2 || true
  failed=1
fi
echo "slurm: $count submissions in $shards array tasks + merge: ${slurm_time} s (submit to merged);" \
  "local netgrade batch: ${local_time} s (--jobs 1), ${local_jobs_time} s (--jobs $cpus)"
[ "$failed" -eq 0 ] && echo "slurm: the merged grades.csv equals the unsharded one"
exit "$failed"
