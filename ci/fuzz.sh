#!/usr/bin/env bash
# Fuzzes the spec loader with libFuzzer (clang, AddressSanitizer, UBSan), starting from a
# corpus made of the bundled and the broken specs and tests/fuzz/corpus/ (seeds for past
# crashes: a huge placeholder, an alias bomb). Usage: ci/fuzz.sh [SECONDS]  (default 30)
# NETGRADE_FUZZ_BUILD_DIR names the build tree (default build-fuzz, inside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${NETGRADE_FUZZ_BUILD_DIR:-build-fuzz}
cmake -S . -B "$build" -G Ninja -DNETGRADE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >/dev/null
cmake --build "$build" --target spec_fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp specs/*.yaml tests/spec/broken/*.yaml tests/spec/good/*.yaml tests/fuzz/corpus/*.yaml "$corpus"/
# -timeout: a single input that takes over 10 s is a hang; -rss_limit_mb bounds memory.
"$build"/tests/spec_fuzz "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 2>&1 | tail -n 25
