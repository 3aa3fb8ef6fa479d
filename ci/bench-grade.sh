#!/usr/bin/env bash
# Harness overhead per case: grades every reference submission (C++ and Python) of every
# bundled exercise several times and prints, per case, the grader's wall time next to the
# lifetime of the student's program; the difference is what netgrade adds.
# Usage: ci/bench-grade.sh [ROUNDS]   (after ci/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
[ -x build/netgrade ] || ci/setup
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for spec in specs/*.yaml; do
  exercise=$(basename "$spec" .yaml)
  for sub in "build/reference/$exercise/cpp" "reference/$exercise/python"; do
    [ -d "$sub" ] || continue
    for r in $(seq "$rounds"); do
      build/netgrade check "$spec" --submission "$sub" --format json >"$out/$exercise-$(basename "$sub")-$r.json" || true
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
    print(f"\ncases: {len(over)}  overhead per case (wall - student): median {statistics.median(over):.2f} ms, "
          f"max {max(over):.2f} ms, mean {statistics.mean(over):.2f} ms")
PY
