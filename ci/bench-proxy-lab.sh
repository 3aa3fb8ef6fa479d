#!/usr/bin/env bash
# How long grading takes next to the programs' own lifetimes (issue 33's "the three labs'
# references graded in <= 1.1x their own lifetimes"): grades the Python, C and Java references
# of dns-lite, file-transfer and web-proxy ROUNDS times, and, as the baseline measured in the
# same run, the C reference of tcp-capitalize's server cases (a plain TCP lab's listening
# cases). Per lab and language, the medians over the rounds of:
#   cases  = the cases' wall times summed / the programs' lifetimes summed (student_ms): what
#            netgrade adds around each program, from the case's network to its verdict;
#   per    = (case wall - lifetime) per case, in ms;
#   whole  = the netgrade process's wall time / the lifetimes: start-up, building (gcc, javac),
#            copies and the report too.
# Usage: ci/bench-proxy-lab.sh [ROUNDS]            (after ci/setup; as root, for namespaces)
#        BEFORE=/other/netgrade ci/bench-proxy-lab.sh 3   (also that build, rounds interleaved,
#        for a before/after measured under the same load)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
netgrade=${NETGRADE:-build/netgrade}
[ -x "$netgrade" ] || ci/setup
builds=("after=$netgrade")
[ -n "${BEFORE:-}" ] && builds=("before=$BEFORE" "${builds[@]}")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

runs=()
for lab in dns-lite file-transfer web-proxy; do
  for lang in python c java; do runs+=("$lab $lang specs/$lab.yaml reference/$lab/$lang"); done
done
runs+=("tcp-capitalize(server) c specs/tcp-capitalize.yaml reference/tcp-capitalize/c --role server")

n=0
for r in $(seq "$rounds"); do
  for run in "${runs[@]}"; do
    read -r lab lang spec sub extra <<<"$run"
    for b in "${builds[@]}"; do
      name=${b%%=*} bin=${b#*=}
      n=$((n + 1))
      base="$out/$(printf %04d $n)"
      echo "$name $lab $lang" >"$base.what"
      t0=$(date +%s%N)
      # shellcheck disable=SC2086  # extra: more arguments, split on purpose
      "$bin" check "$spec" --submission "$sub" $extra --format json >"$base.json" || true
      echo $(( ($(date +%s%N) - t0) / 1000 )) >"$base.us"
    done
  done
done

python3 - "$out" "$rounds" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for what in sorted(glob.glob(os.path.join(sys.argv[1], "*.what"))):
    stem = what[:-5]
    build, lab, lang = open(what).read().split()
    try:
        doc = json.load(open(stem + ".json"))
    except ValueError:
        print(f"no report: {build} {lab} {lang}")
        continue
    cases = doc["cases"]
    life = sum(c["student_ms"] for c in cases)
    wall = sum(c["wall_ms"] for c in cases)
    whole = int(open(stem + ".us").read()) / 1000
    ok = all(c["passed"] for c in cases)
    rows.setdefault((lab, lang, build), []).append(
        (wall / life, (wall - life) / len(cases), whole / life, life, ok))
print(f"rounds: {sys.argv[2]}; medians. cases = case walls / lifetimes; per = ms added per case; "
      f"whole = netgrade process / lifetimes")
print(f"{'lab':24} {'impl':6} {'build':7} {'lifetimes ms':>12} {'cases':>7} {'per ms':>7} "
      f"{'whole':>7} pass")
for (lab, lang, build), rs in rows.items():
    med = lambda i: statistics.median(r[i] for r in rs)
    print(f"{lab:24} {lang:6} {build:7} {med(3):12.1f} {med(0):6.3f}x {med(1):7.2f} "
          f"{med(2):6.2f}x {'yes' if all(r[4] for r in rs) else 'NO'}")
PY
