#!/usr/bin/env bash
# Fuzzes the spec loader with libFuzzer (clang, AddressSanitizer, UBSan), starting from a
# corpus made of the bundled and the broken specs. Usage: ci/fuzz.sh [SECONDS]  (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cmake -S . -B build-fuzz -G Ninja -DNETGRADE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >/dev/null
cmake --build build-fuzz --target spec_fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp specs/*.yaml tests/spec/broken/*.yaml "$corpus"/
# -timeout: a single input that takes over 10 s is a hang; -rss_limit_mb bounds memory.
build-fuzz/tests/spec_fuzz "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 2>&1 | tail -n 25
