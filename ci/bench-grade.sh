#!/usr/bin/env bash
# Harness overhead per case: grades every reference submission (C++ and Python) of every
# bundled exercise several times and prints, per case, the grader's wall time next to the
# lifetime of the student's program; the difference is what netgrade adds.
# Usage: ci/bench-grade.sh [ROUNDS]   (after ci/setup)
#        NETGRADE=/other/build/netgrade ci/bench-grade.sh 1   (another build, for a before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
netgrade=${NETGRADE:-build/netgrade}
[ -x "$netgrade" ] || ci/setup
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for spec in specs/*.yaml; do
  exercise=$(basename "$spec" .yaml)
  for sub in "build/reference/$exercise/cpp" "reference/$exercise/python"; do
    [ -d "$sub" ] || continue
    for r in $(seq "$rounds"); do
      t0=$(date +%s%N)
      "$netgrade" check "$spec" --submission "$sub" --format json >"$out/$exercise-$(basename "$sub")-$r.json" || true
      echo $(( ($(date +%s%N) - t0) / 1000 )) >"$out/$exercise-$(basename "$sub")-$r.us"
    done
  done
done
python3 - "$out" <<'PY'
import json, sys, glob, statistics, os
rows = {}
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    doc = json.load(open(f))
    lang = "cpp" if "/cpp" in doc["submission"] else "python"
    for c in doc["cases"]:
        rows.setdefault((doc["exercise"], lang, c["name"]), []).append(c)
print(f"{'exercise':22} {'impl':6} {'case':36} {'wall ms':>8} {'student ms':>10} {'overhead':>9} pass")
over = []
for (ex, lang, name), cs in rows.items():
    wall = statistics.median(c["wall_ms"] for c in cs)
    stud = statistics.median(c["student_ms"] for c in cs)
    ok = all(c["passed"] for c in cs)
    over.append(wall - stud)
    print(f"{ex:22} {lang:6} {name:36} {wall:8.1f} {stud:10.1f} {wall - stud:9.2f} {'yes' if ok else 'NO'}")
if over:
    print(f"\ncases: {len(over)}  overhead per case inside the grader (case wall - student lifetime): "
          f"median {statistics.median(over):.2f} ms, max {max(over):.2f} ms, mean {statistics.mean(over):.2f} ms")
# End to end: the whole netgrade process (start-up, spec, copies, namespaces, report) minus
# the time the student programs ran, per case.
e2e = []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    doc = json.load(open(f))
    total_ms = int(open(f[:-5] + ".us").read()) / 1000
    cases = doc["cases"]
    e2e.append((total_ms - sum(c["student_ms"] for c in cases)) / len(cases))
if e2e:
    print(f"end to end, per case (netgrade process wall - student lifetimes, / cases): "
          f"median {statistics.median(e2e):.2f} ms, max {max(e2e):.2f} ms")
PY
