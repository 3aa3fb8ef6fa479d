#!/usr/bin/env bash
# What the connect guard adds to a connect() (a case without a root of its own), next to the
# same connects made directly in the same run. Usage: ci/bench-connect-guard.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/tests/bench/connect_guard_bench ] || ci/setup --all
build/tests/bench/connect_guard_bench "${1:-2000}"
