#!/usr/bin/env bash
# Fuzzes the spec loader with libFuzzer (clang, AddressSanitizer, UBSan), starting from a
# corpus made of the bundled and the broken specs and tests/fuzz/corpus/ (seeds for past
# crashes: a huge placeholder, an alias bomb). Usage: ci/fuzz.sh [SECONDS]  (default 30)
# NETGRADE_FUZZ_BUILD_DIR names the build tree (default build-fuzz, inside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${NETGRADE_FUZZ_BUILD_DIR:-build-fuzz}
# clang must link a libFuzzer program with the sanitizers' runtime (libclang-rt-<N>-dev):
# without it the fuzzer cannot be built, and that fails this script, it is not skipped.
if ! command -v clang++ >/dev/null; then
  echo "ci/fuzz.sh: no clang++: install clang and libclang-rt-<version>-dev (ci/install-deps.sh)" >&2
  exit 1
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
  'extern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }' >"$probe/probe.cc"
if ! clang++ -fsanitize=fuzzer,address,undefined "$probe/probe.cc" -o "$probe/probe" 2>"$probe/err.txt"; then
  cat "$probe/err.txt" >&2
  major=$(clang++ -dumpversion | cut -d. -f1)
  echo "ci/fuzz.sh: clang++ $major cannot link a fuzzer with ASan and UBSan (above): install libclang-rt-$major-dev" >&2
  exit 1
fi
# ccache when there is one, as ci/setup does: a second run's build is a copy from its cache.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
fi
# Warnings as errors here too: clang sees what GCC does not (a sign comparison inside a macro).
cmake -S . -B "$build" -G Ninja -DNETGRADE_FUZZ=ON -DNETGRADE_TESTS=ON -DNETGRADE_WERROR=ON "${launcher[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-sanitize-recover=all" >/dev/null
cmake --build "$build" --target spec_fuzz
corpus=$probe/corpus
mkdir "$corpus"
cp specs/*.yaml tests/spec/broken/*.yaml tests/spec/good/*.yaml tests/fuzz/corpus/*.yaml "$corpus"/
# -timeout: a single input that takes over 10 s is a hang; -rss_limit_mb bounds memory.
"$build"/tests/spec_fuzz "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 2>&1 | tail -n 25
