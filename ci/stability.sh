#!/usr/bin/env bash
# Stability under load (not a timed test): grades the whole catalogue `validate --repeat N`
# times in each of two graders running at once, while two busy loops keep both cores of a
# small machine saturated. validate compares every run's verdicts with the first (and, for
# the same seed, the UDP transcripts): any line it prints other than "ok" is a verdict that
# depends on timing. Prints both graders' summaries and the wall time.
# Usage: ci/stability.sh [N]   (after ci/setup; N defaults to 10)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=${1:-10}
[ -x build/netgrade ] || ci/setup
out=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT
for _ in 1 2; do
  (while :; do :; done) &
  pids+=($!)
done
start=$(date +%s)
status=0
build/netgrade validate specs/*.yaml --repeat "$repeat" >"$out/a" 2>&1 &
a=$!
build/netgrade validate specs/*.yaml --repeat "$repeat" --seed 1000 >"$out/b" 2>&1 &
b=$!
wait "$a" || status=1
wait "$b" || status=1
end=$(date +%s)
for f in a b; do
  echo "== grader $f: $(grep -c '^  ok' "$out/$f") fixtures ok over $repeat runs each; problems:"
  grep -v '^  ok\|runs each$\|^valid$' "$out/$f" || echo "   none"
done
echo "wall time: $((end - start)) s with two busy loops and two graders on $(nproc) cores"
exit "$status"
