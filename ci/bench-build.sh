#!/usr/bin/env bash
# What compiling the test programs costs, the most of 'ci/setup --all': compiles every Nth
# test file twice, as the build does (unoptimised, with the test program's precompiled
# header: tests/CMakeLists.txt) and, as the baseline, as it did before (-O2 -g, every header
# read again), one file at a time, and prints the seconds per file of each and what that
# makes for all the test files on this machine's cores.
# Usage: ci/bench-build.sh [N]   (after ci/setup --all; N is 10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
every=${1:-10}
build=${BUILD:-build}
[ -f "$build/compile_commands.json" ] || {
  echo "ci/bench-build.sh: no $build/compile_commands.json (run ci/setup --all)" >&2
  exit 2
}
python3 - "$build" "$every" <<'PY'
import json, os, re, shlex, subprocess, sys, tempfile, time
build, every = sys.argv[1], int(sys.argv[2])
commands = [e for e in json.load(open(os.path.join(build, "compile_commands.json")))
            if re.search(r"/tests/[a-z]+/[a-z0-9_]+_test\.cc$", e["file"])]
if not commands:
    sys.exit("ci/bench-build.sh: the build has no test files (configure with -DNETGRADE_TESTS=ON)")
commands.sort(key=lambda e: e["file"])
sample = commands[::every]
if not any("cmake_pch.hxx" in e["command"] for e in sample):
    sys.exit("ci/bench-build.sh: the test files are not compiled with a precompiled header")

def baseline(words):
    out, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        if w == "-include":  # the precompiled header
            skip = True
            continue
        if w in ("-O0", "-Winvalid-pch") or w.startswith("-O") or w == "-g":
            continue
        out.append(w)
    return out + ["-O2", "-g"]

def timed(words, directory):
    start = time.monotonic()
    subprocess.run(words, cwd=directory, check=True)
    return time.monotonic() - start

with tempfile.TemporaryDirectory() as tmp:
    totals = {"build": 0.0, "baseline": 0.0}
    for e in sample:
        words = shlex.split(e["command"])
        o = words.index("-o")
        words[o + 1] = os.path.join(tmp, "out.o")
        totals["build"] += timed(words, e["directory"])
        totals["baseline"] += timed(baseline(words), e["directory"])
cores = os.cpu_count() or 1
print(f"{len(sample)} of {len(commands)} test files, one at a time; "
      f"projected for all on {cores} cores")
for name, what in (("baseline", "-O2 -g, no precompiled header"),
                   ("build", "-O0, precompiled header (as built)")):
    each = totals[name] / len(sample)
    print(f"  {name:9} {each:5.2f} s a file  {each * len(commands) / cores:6.0f} s in all"
          f"   {what}")
PY
