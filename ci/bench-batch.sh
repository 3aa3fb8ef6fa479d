#!/usr/bin/env bash
# Batch throughput: builds a class of COUNT submissions of tcp-capitalize, each a server and a
# client, taken in turn from the references (Python, C++) and the buggy fixtures (Python, C) of
# tests/submissions/, grades it with `netgrade batch --jobs 1` and `--jobs 2`, and prints
# submissions per minute and the speed-up. The two gradebooks must be the same.
# Usage: ci/bench-batch.sh [COUNT]   (after ci/setup; COUNT defaults to 60)
#        NETGRADE=/other/build/netgrade ci/bench-batch.sh   (another build, for a before/after)
#        CONTAINER=/path/to/docker-caps ci/bench-batch.sh   (also --jobs 2 inside a wrapper that
#        gives a default container's capabilities, and its ratio to --jobs 2 outside)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-60}
netgrade=${NETGRADE:-build/netgrade}
[ -x "$netgrade" ] || ci/setup
# The C and C++ programs of the class (the default build makes them; built here if missing).
cmake --build build --target reference_tcp-capitalize_cpp_server reference_tcp-capitalize_cpp_client \
  fixture_tcp-capitalize_c-echo-server_server fixture_tcp-capitalize_c-scanf-client_client \
  fixture_tcp-capitalize_c-sends-whole-buffer_server >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

py=reference/tcp-capitalize/python
cpp=build/reference/tcp-capitalize/cpp
fx=tests/submissions/tcp-capitalize
cfx=build/tests/submissions/tcp-capitalize
# server client: a third correct, the rest with one buggy role (as a class hands them in).
variants=(
  "$py/server.py $py/client.py"
  "$cpp/server $cpp/client"
  "$fx/one-recv-per-connection/server.py $py/client.py"
  "$py/server.py $fx/client-no-newline/client.py"
  "$cfx/c-echo-server/server $cpp/client"
  "$cpp/server $cfx/c-scanf-client/client"
  "$fx/capitalize-instead-of-upper/server.py $py/client.py"
  "$py/server.py $py/client.py"
  "$cfx/c-sends-whole-buffer/server $cpp/client"
  "$fx/exits-after-first-client/server.py $fx/one-shot-client/client.py"
  "$cpp/server $cpp/client"
  "$fx/str-instead-of-bytes/server.py $fx/eoferror-client/client.py"
)
mkdir "$work/class"
for i in $(seq -w 1 "$count"); do
  v=(${variants[$(( (10#$i - 1) % ${#variants[@]} ))]})
  mkdir "$work/class/student$i"
  cp "${v[0]}" "${v[1]}" "$work/class/student$i/"
done
spec=specs/tcp-capitalize.yaml
declare -A seconds
for jobs in 1 2; do
  t0=$(date +%s%N)
  "$netgrade" batch "$spec" --submissions "$work/class" --out "$work/out-$jobs" --jobs "$jobs" \
    2>"$work/stderr-$jobs" || [ $? -eq 1 ]  # 1: the buggy ones failed, as they should
  seconds[$jobs]=$(( ($(date +%s%N) - t0) / 1000000 ))
done
seconds[c]=0
if [ -n "${CONTAINER:-}" ]; then
  chmod -R a+rX "$work"  # the wrapper's grader reads the class as root without CAP_DAC_OVERRIDE
  t0=$(date +%s%N)
  "$CONTAINER" "$netgrade" batch "$spec" --submissions "$work/class" --out "$work/out-c" --jobs 2 \
    2>"$work/stderr-c" || [ $? -eq 1 ]
  seconds[c]=$(( ($(date +%s%N) - t0) / 1000000 ))
fi
python3 - "$count" "${seconds[1]}" "${seconds[2]}" "$work" "${seconds[c]}" <<'PY'
import sys, csv
count, ms1, ms2, work = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
msc = int(sys.argv[5])
rows = list(csv.DictReader(open(f"{work}/out-1/grades.csv")))
statuses = {}
for r in rows:
    statuses[r["status"]] = statuses.get(r["status"], 0) + 1
cases = sum(1 for k in rows[0] if not k.endswith(" result")) - 4 if rows else 0  # a score and a result column each
print(f"class: {count} submissions of tcp-capitalize, {cases} cases each: {statuses}")
import glob, json
def floor_ms(jobs):
    # What no grader can avoid: the student programs' own lifetimes, in this same run.
    total = 0.0
    for f in glob.glob(f"{work}/out-{jobs}/results/*.json"):
        total += sum(c.get("student_ms", 0) for c in json.load(open(f)).get("cases", []))
    return total
for jobs, ms in ((1, ms1), (2, ms2)):
    floor = floor_ms(jobs)
    # With --jobs 2, two programs live at once: the floor of the wall time is half the sum.
    wall_floor = floor / jobs
    print(f"--jobs {jobs}: {ms / 1000:7.1f} s  {count * 60000 / ms:6.1f} submissions/minute; "
          f"floor {wall_floor / 1000:.1f} s (the programs' own lifetimes {floor / 1000:.1f} s / {jobs} "
          f"at once) = {count * 60000 / max(wall_floor, 1):.1f} submissions/minute, "
          f"ratio {ms / max(wall_floor, 1):.2f}x")
print(f"speed-up --jobs 2 / --jobs 1: {ms1 / ms2:.2f}x")
same = open(f"{work}/out-1/grades.csv").read() == open(f"{work}/out-2/grades.csv").read()
print(f"gradebooks of --jobs 1 and --jobs 2 identical: {'yes' if same else 'NO'}")
if msc:
    floor = floor_ms("c") / 2
    print(f"--jobs 2 in a default container: {msc / 1000:7.1f} s  {count * 60000 / msc:6.1f} "
          f"submissions/minute; floor {floor / 1000:.1f} s, ratio {msc / max(floor, 1):.2f}x; "
          f"{msc / ms2:.2f}x the time outside")
    inside = open(f"{work}/out-c/grades.csv").read() == open(f"{work}/out-1/grades.csv").read()
    print(f"gradebook in the container identical: {'yes' if inside else 'NO'}")
    same = same and inside
sys.exit(0 if same else 1)
PY
