#!/usr/bin/env bash
# Grades a class on a Slurm cluster: an array of N tasks, one shard each, then a merge job
# that waits for all of them (afterok) and writes OUT/merged/grades.csv.
#
#   ci/slurm/submit.sh SPEC DIR OUT N
#
# Prints "seed S" (the class's, recorded in every shard's batch.json), "array JOBID" and
# "merge JOBID"; the tasks' logs go to OUT/logs/. NETGRADE names the
# netgrade to run (default: build/netgrade of this tree; it must be reachable from the
# compute nodes, as SPEC, DIR and OUT must be); sbatch's own SBATCH_* variables (partition,
# account, time limit, --cpus-per-task as SBATCH_CPUS_PER_TASK) apply to both jobs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 4 ] || ! [[ "$4" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 SPEC DIR OUT N   (N: the number of shards, 1 or more)" >&2
  exit 2
fi
spec=$(realpath "$1")
submissions=$(realpath "$2")
mkdir -p "$3/logs"
out=$(realpath "$3")
n=$4
netgrade=$(realpath "${NETGRADE:-$here/../../build/netgrade}")
[ -x "$netgrade" ] || { echo "submit.sh: no netgrade at $netgrade (build it, or set NETGRADE)" >&2; exit 2; }
# One seed for the whole class, made here, that nobody can know in advance: every shard draws
# the same messages from it (sbatch passes the environment on). NETGRADE_SEED set: that one.
export NETGRADE_SEED=${NETGRADE_SEED:-$(od -An -N5 -tu8 /dev/urandom | tr -d ' ')}
array=$(sbatch --parsable --array="0-$((n - 1))" --chdir="$out" \
  --output="$out/logs/shard-%a.log" "$here/grade-array.sbatch" \
  "$netgrade" "$spec" "$submissions" "$out" "$n")
array=${array%%;*}  # "id;cluster" on a federated cluster
# A failed shard cancels the merge instead of leaving it pending for ever.
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --chdir="$out" --output="$out/logs/merge.log" "$here/merge.sbatch" "$netgrade" "$out" "$n")
merge=${merge%%;*}
echo "seed $NETGRADE_SEED"
echo "array $array"
echo "merge $merge"
