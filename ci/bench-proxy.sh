#!/usr/bin/env bash
# Proxy figures: UDP and TCP round-trip latency and throughput on loopback, direct, through
# netgrade's proxy and through socat. Usage: ci/bench-proxy.sh  (after ci/setup)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/tests/bench/proxy_bench ] || ci/setup
build/tests/bench/proxy_bench "$(command -v socat || echo socat)"
