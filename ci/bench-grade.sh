#!/usr/bin/env bash
# Harness overhead per case: grades every reference submission (C++ and Python) of every
# bundled exercise several times and prints, per case, the grader's wall time next to the
# lifetime of the student's program; the difference is what netgrade adds. Then grades the
# catalogue of failing fixtures (tests/submissions/*/*, hostile/ aside) once and prints how
# long each failing case took to its verdict, the whole pass's wall time, and the grader's
# own CPU time per case (netgrade's user+sys without its children's, the students').
# Usage: ci/bench-grade.sh [ROUNDS]   (after ci/setup)
#        NETGRADE=/other/build/netgrade ci/bench-grade.sh 1   (another build, for a before/after;
#        the compiled fixtures and references still come from BUILD, build/ by default)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
netgrade=${NETGRADE:-build/netgrade}
build=${BUILD:-build}
[ -x "$netgrade" ] || ci/setup
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs one netgrade command: its JSON report to $1, and to $2 "wall_us self_cpu_ms all_cpu_ms".
# The grader runs under a watchdog (harness/cli/watchdog.h), so the process started here is
# not the one that grades: the grader writes its own user+sys time to NETGRADE_BENCH_CPU as it
# ends (harness/main.cc). A build without that: the started process's utime and stime, read
# from /proc/<pid>/stat while it is a zombie (waitid WNOWAIT). All of it, the students'
# included: utime+stime+cutime+cstime there.
timed() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
report, times, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
own = times + ".own"
env = dict(os.environ, NETGRADE_BENCH_CPU=own)
t0 = time.monotonic()
with open(report, "wb") as f:
    p = subprocess.Popen(cmd, stdout=f, env=env)
    os.waitid(os.P_PID, p.pid, os.WEXITED | os.WNOWAIT)
    wall = time.monotonic() - t0
    stat = open(f"/proc/{p.pid}/stat").read()
    p.wait()
fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": field 3 onward
tick = os.sysconf("SC_CLK_TCK")
utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
self_ms = (utime + stime) * 1000 / tick
if os.path.exists(own):
    self_ms = sum(float(x) for x in open(own).read().split())
with open(times, "w") as t:
    t.write(f"{int(wall * 1e6)} {self_ms} "
            f"{(utime + stime + cutime + cstime) * 1000 / tick}\n")
PY
}

for spec in specs/*.yaml; do
  exercise=$(basename "$spec" .yaml)
  for sub in "$build/reference/$exercise/cpp" "reference/$exercise/python"; do
    [ -d "$sub" ] || continue
    for r in $(seq "$rounds"); do
      base="$out/$exercise-$(basename "$sub")-$r"
      timed "$base.json" "$base.us" "$netgrade" check "$spec" --submission "$sub" --format json || true
    done
  done
done

# The catalogue: one netgrade check per fixture, with the roles and cases its expected.yaml
# names (as netgrade validate grades it), in the order of the files.
mkdir "$out/catalogue"
n=0
t0=$(date +%s%N)
for expected in tests/submissions/*/*/expected.yaml; do
  dir=$(dirname "$expected")
  name=${dir#tests/submissions/}
  case "$name" in hostile/*) continue ;; esac
  # A compiled fixture runs from the build tree, unless the spec builds it (build/).
  if [ -d "$build/tests/submissions/$name" ]; then
    dir="$build/tests/submissions/$name"
  fi
  args=$(python3 - "$expected" <<'PY'
import os, sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
# A bundled spec, or one that lives beside its fixtures (tests/submissions/build/).
spec = f"specs/{doc['spec']}.yaml"
beside = os.path.join(os.path.dirname(os.path.dirname(sys.argv[1])), f"{doc['spec']}.yaml")
out = [spec if os.path.exists(spec) or not os.path.exists(beside) else beside]
for r in doc.get("roles") or []: out += ["--role", r]
for c in doc.get("cases") or []: out += ["--case", c]
print("\n".join(out))
PY
)
  mapfile -t argv <<<"$args"
  n=$((n + 1))
  base="$out/catalogue/$(printf %03d $n)"
  echo "$name" >"$base.name"
  cp "$expected" "$base.expected.yaml"
  timed "$base.json" "$base.us" "$netgrade" check "${argv[@]}" --submission "$dir" --format json || true
done
echo $(( ($(date +%s%N) - t0) / 1000 )) >"$out/catalogue/total.us"

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
# The floor: what no grader can avoid, the student programs' own lifetimes, in this same run.
ref_wall = ref_floor = 0.0
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    doc = json.load(open(f))
    ref_wall += int(open(f[:-5] + ".us").read().split()[0]) / 1000
    ref_floor += sum(c["student_ms"] for c in doc["cases"])
if ref_floor:
    print(f"references: wall {ref_wall / 1000:.1f} s of netgrade processes, floor (the programs' "
          f"own lifetimes) {ref_floor / 1000:.1f} s, ratio {ref_wall / ref_floor:.2f}x")
# End to end: the whole netgrade process (start-up, spec, copies, namespaces, report) minus
# the time the student programs ran, per case.
e2e, ref_cpu = [], []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.json"))):
    doc = json.load(open(f))
    wall_us, self_ms, _ = open(f[:-5] + ".us").read().split()
    cases = doc["cases"]
    e2e.append((int(wall_us) / 1000 - sum(c["student_ms"] for c in cases)) / len(cases))
    ref_cpu.append(float(self_ms) / len(cases))
if e2e:
    print(f"end to end, per case (netgrade process wall - student lifetimes, / cases): "
          f"median {statistics.median(e2e):.2f} ms, max {max(e2e):.2f} ms")
    print(f"grader's own CPU time per case (netgrade's user+sys without the students', / cases): "
          f"median {statistics.median(ref_cpu):.1f} ms, max {max(ref_cpu):.1f} ms")

# The catalogue of failing fixtures.
import yaml
cat = os.path.join(sys.argv[1], "catalogue")
failing, cpu, unreadable, fixture_walls = [], [], [], []
floor_ms = 0.0  # the student programs' own lifetimes over the pass
for f in sorted(glob.glob(os.path.join(cat, "[0-9]*.json"))):
    stem = f[:-5]
    name = open(stem + ".name").read().strip()
    wall_us, self_ms, _ = open(stem + ".us").read().split()
    fixture_walls.append((int(wall_us) / 1e6, name))
    try:
        doc = json.load(open(f))
    except ValueError:
        unreadable.append(name)  # a usage or internal error: no report
        continue
    if doc["cases"]:
        cpu.append(float(self_ms) / len(doc["cases"]))
    floor_ms += sum(c["student_ms"] for c in doc["cases"])
    expected = yaml.safe_load(open(stem + ".expected.yaml")).get("fail") or {}
    for c in doc["cases"]:
        if c["name"] in expected:
            failing.append((c["wall_ms"], name, c["name"], c["diagnosis"] or "PASSED", c["message"],
                            c["student_ms"]))
total_s = int(open(os.path.join(cat, "total.us")).read()) / 1e6
print(f"\ncatalogue (tests/submissions, hostile/ aside): {len(cpu) + len(unreadable)} fixtures, "
      f"wall time of the whole pass {total_s:.1f} s; floor (the programs' own lifetimes) "
      f"{floor_ms / 1000:.1f} s, ratio {total_s * 1000 / max(floor_ms, 1):.2f}x")
if unreadable:
    print("  no report from: " + ", ".join(unreadable))
print("  the slowest 5 fixtures (netgrade process wall, passing cases too): " +
      ", ".join(f"{name} {wall:.1f} s" for wall, name in sorted(fixture_walls, reverse=True)[:5]))
if failing:
    walls = [w for w, *_ in failing]
    lives = [s for _, _, _, _, _, s in failing]
    print(f"time to verdict of its {len(failing)} failing cases: median {statistics.median(walls):.0f} ms, "
          f"max {max(walls):.0f} ms, over 1 s: {sum(w > 1000 for w in walls)}; floor (the programs' "
          f"own lifetimes) median {statistics.median(lives):.0f} ms, ratio of the sums "
          f"{sum(walls) / max(sum(lives), 1):.2f}x")
    print("the slowest 10:")
    for wall, name, case, code, message, _ in sorted(failing, reverse=True)[:10]:
        # Fixtures print what they like: the message is shown escaped and cut.
        said = message.encode("unicode_escape").decode("ascii")[:90]
        print(f"  {wall:7.0f} ms  {name}  {case}  [{code}]  {said}")
if cpu:
    print(f"grader's own CPU time per case (netgrade's user+sys without the students', / cases): "
          f"median {statistics.median(cpu):.1f} ms, max {max(cpu):.1f} ms, mean {statistics.mean(cpu):.1f} ms")
PY
