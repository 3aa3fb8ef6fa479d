#!/usr/bin/env bash
# The transport kind's link, measured beside baselines in the same run (issue 49):
#  1. Accuracy: the rate at which netgrade's link delivered a sender's datagrams (by the clock,
#     from the report's "link delivered" figure) against the configured rate, 1 to 100 Mbit/s;
#     beside it the rate the kernel's own tbf delivers at that rate (a namespace's loopback,
#     a Python blaster and counter), and what a minimal Python relay with no limit carries.
#  2. How late the link's timers fired (the report's "timers late"): the delay's accuracy.
#  3. The grader's own CPU per 10 Mbit/s of link (user+sys of netgrade, not the programs').
#  4. The reference's goodput over 10 runs of one seed (sender-throughput), then again beside
#     two busy loops: the spread (max - min over the mean) and the run farthest from the mean.
#  5. The same for congestion-control's references (alone: the window their own), with the
#     mean time their packets waited in the bottleneck's queue.
# Usage: ci/bench-link.sh   (after ci/setup; root, for the tbf baseline's namespace)
set -euo pipefail
cd "$(dirname "$0")/.."
netgrade=${NETGRADE:-build/netgrade}
build=${BUILD:-build}
ref=$(realpath "$build/reference/reliable-transfer/cpp")
[ -x "$netgrade" ] && [ -x "$ref/sender" ] || { echo "build first (ci/setup)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"; kill $(jobs -p) 2>/dev/null || true' EXIT

# A spec of one sender case over a link of rate $1 (Mbit/s), 1 ms each way, WINDOW $2, a file of
# $3 bytes drawn from the seed.
spec_for() {
  cat > "$out/rt.yaml" <<YAML
exercise: bench
protocol: transport
packet:
  fields:
    type: {offset: 0, size: 1}
    flags: {offset: 1, size: 1}
    checksum: {offset: 2, size: 2}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "big.bin", "$2"]}
files:
  - {path: big.bin, draw: bytes, size: $3, roles: [sender]}
cases:
  - name: flow
    role: sender
    timeout: 60s
    transfer: {file: big.bin, window: $2}
    link: {rate: ${1}Mbit, delay: 1ms, queue: 5000}
    expect: {delivered: true, exit_status: 0}
YAML
}

figure() {  # report.json figure-name -> its value, or -
  python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cases"][0]; print(c.get("figures",{}).get(sys.argv[2],{}).get("value","-"))' "$@"
}

# A baseline's delivered rate (Mbit/s): 3000 datagrams of 1010 bytes sent as fast as a Python
# loop sends them, counted where they arrive, from the first to the last (the first's bytes
# not counted), in a namespace of its own: with tbf at $1 Mbit/s on its loopback, or through a
# minimal Python relay with no limit ($1 = relay).
baseline() {
  unshare -n python3 - "$1" <<'PY'
import socket, subprocess, sys, threading, time
how = sys.argv[1]
subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
if how != "relay":
    subprocess.run(["tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", how + "mbit",
                    "burst", "32kb", "latency", "400ms"], check=True)
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
rx.bind(("127.0.0.1", 0))
target = rx.getsockname()
if how == "relay":
    mid = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    mid.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    mid.bind(("127.0.0.1", 0))
    out = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dest = target
    def relay():
        while True:
            out.sendto(mid.recv(65536), dest)
    threading.Thread(target=relay, daemon=True).start()
    target = mid.getsockname()
n, size = 3000, 1010
times = []
def count():
    rx.settimeout(2)
    try:
        while len(times) < n:
            rx.recv(65536)
            times.append(time.monotonic())
    except socket.timeout:
        pass
t = threading.Thread(target=count); t.start()
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
data = b"x" * size
for _ in range(n):
    tx.sendto(data, target)
t.join()
if len(times) > 1:
    print(f"{(len(times) - 1) * (size + 28) * 8 / (times[-1] - times[0]) / 1e6:.2f}")
else:
    print("-")
PY
}

echo "== 1-3. the link's delivered rate, its timers, the grader's CPU (the C++ reference sender)"
echo "   a file of 2 s at the rate, 1 to 8 MiB: over a shorter span (1 MiB is 84 ms at 100"
echo "   Mbit/s) a last delivery 1.6 ms late, as a timer may fire, is 2% of the figure"
printf '%-10s %-14s %-10s %-12s %-12s %-12s %-14s\n' rate link-delivered error timers-late tbf-delivered py-relay cpu-per-10Mbit
for rate in ${RATES:-1 10 50 100}; do
  window=$(( rate * 4 + 20 ))
  # 2 s at the rate, between 1 MiB and the 8 MiB a drawn file may have.
  size=$(( rate * 250000 ))
  size=$(( size < 1048576 ? 1048576 : size > 8388608 ? 8388608 : size ))
  spec_for "$rate" "$window" "$size"
  mkdir -p "$out/sub"; cp "$ref/sender" "$out/sub/"
  rm -f "$out/cpu"
  t0=$(date +%s%N)
  NETGRADE_BENCH_CPU="$out/cpu" "$netgrade" check "$out/rt.yaml" -s "$out/sub" -f json > "$out/r.json" || true
  t1=$(date +%s%N)
  got=$(figure "$out/r.json" "link delivered")
  late=$(figure "$out/r.json" "timers late")
  cpu=$(cat "$out/cpu" 2>/dev/null | tail -1 || echo 0)
  secs=$(python3 -c "print(($t1-$t0)/1e9)")
  err=$(python3 -c "g='$got'; print('-' if g=='-' else f'{(float(g)-$rate)/$rate*100:+.1f}%')")
  per10=$(python3 -c "c=float('${cpu:-0}' or 0); print(f'{c/$secs/10/($rate/10):.1f}% CPU' if c else '-')")
  tbf=$(baseline "$rate" 2>/dev/null || echo -)
  relay=$(baseline relay 2>/dev/null || echo -)
  printf '%-10s %-14s %-10s %-12s %-12s %-12s %-14s\n' "${rate}M" "$got" "$err" "${late}ms" "$tbf" "$relay" "$per10"
done

echo
echo "== 4-5. the references' goodput, 10 runs of seed 1 each, quiet and beside two busy loops"
# With autogroups (the default of Debian's and Ubuntu's kernels) a program netgrade starts in a
# session of its own shares the CPUs with the busy loops' session as a group; without them,
# thread by thread, and a sender that times its own packets waits longer.
echo "   kernel.sched_autogroup_enabled=$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null || echo '?')"
echo "   reliable-transfer sender-throughput: 10 Mbit/s, 100 ms, WINDOW 50, the C++ reference"
echo "   congestion-control alone: 10 Mbit/s, 40 ms, a queue of 48, 8 MB, its window its own"
# The case's goodput figures over 10 runs (Mbit/s, and the queueing delay where there is one):
# $1 spec, $2 case, $3 submission.
goodputs() {
  for i in $(seq "${RUNS:-10}"); do
    "$netgrade" check "$1" -c "$2" -s "$3" -f json --seed 1 > "$out/g.json" || true
    echo "$(figure "$out/g.json" goodput) $(figure "$out/g.json" "queueing delay")"
  done | python3 -c '
import sys, statistics as s
rows = [l.split() for l in sys.stdin]
v = [float(r[0]) for r in rows if r and r[0] != "-"]
q = [float(r[1]) for r in rows if len(r) > 1 and r[1] != "-"]
if not v:
    print("no goodput figure"); sys.exit()
m = s.mean(v)
dev = max(abs(x - m) for x in v) / m * 100
line = (f"n={len(v)} mean={m:.3f} Mbit/s min={min(v):.3f} max={max(v):.3f} "
        f"spread={(max(v)-min(v))/m*100:.1f}% farthest-from-mean={dev:.1f}%")
if q:
    line += f"  queueing delay mean={s.mean(q):.1f} ms"
print(line)'
}
labs=("specs/reliable-transfer.yaml sender-throughput $ref")
for lang in ${CC_LANGS:-cpp python}; do
  sub=reference/congestion-control/$lang
  [ "$lang" = cpp ] && sub=$build/reference/congestion-control/cpp
  labs+=("specs/congestion-control.yaml alone $(realpath "$sub")")
done
for quiet in yes no; do
  [ "$quiet" = yes ] || { yes > /dev/null & yes > /dev/null & }
  for lab in "${labs[@]}"; do
    set -- $lab
    printf '%-16s %-22s %-12s %s\n' "$([ "$quiet" = yes ] && echo quiet || echo two-busy-loops)" \
      "$(basename "$1" .yaml)" "$(basename "$3")" "$(goodputs "$1" "$2" "$3")"
  done
done
