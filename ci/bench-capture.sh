#!/usr/bin/env bash
# What --pcap costs (not a timed test): grades the Python reference solutions of a few
# exercises ROUNDS times without --pcap (the baseline) and with it, alternately, and prints
# each exercise's mean wall time per case both ways, the difference, and the captures' sizes.
# Usage: ci/bench-capture.sh [ROUNDS]   (after ci/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
netgrade=${NETGRADE:-build/netgrade}
[ -x "$netgrade" ] || ci/setup
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
exercises=(udp-pinger udp-capitalize tcp-capitalize)
for ((r = 1; r <= rounds; r++)); do
  for e in "${exercises[@]}"; do
    "$netgrade" check "specs/$e.yaml" -s "reference/$e/python" -f json >"$out/$e.plain.$r.json" 2>/dev/null || true
    "$netgrade" check "specs/$e.yaml" -s "reference/$e/python" -f json \
      --pcap "$out/pcap-$e-$r" >"$out/$e.pcap.$r.json" 2>/dev/null || true
  done
done
python3 - "$out" "$rounds" "${exercises[@]}" <<'PY'
import json, os, sys
out, rounds, exercises = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def per_case(e, kind):
    walls = []
    for r in range(1, rounds + 1):
        doc = json.load(open(f"{out}/{e}.{kind}.{r}.json"))
        walls += [c["wall_ms"] for c in doc["cases"]]
    return sum(walls) / len(walls), len(walls) // rounds
print(f"{'exercise':<16} {'cases':>5} {'without ms/case':>16} {'--pcap ms/case':>15} {'added':>8} {'pcapng KiB/case':>16}")
for e in exercises:
    plain, n = per_case(e, "plain")
    pcap, _ = per_case(e, "pcap")
    folder = f"{out}/pcap-{e}-1"
    files = [os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)] if os.path.isdir(folder) else []
    size = sum(files) / len(files) / 1024 if files else 0
    print(f"{e:<16} {n:>5} {plain:>16.1f} {pcap:>15.1f} {pcap - plain:>8.1f} {size:>16.1f}")
PY
