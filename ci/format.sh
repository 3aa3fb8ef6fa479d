#!/usr/bin/env bash
# Checks that every C++ file the repository tracks is as .clang-format wants it; prints the
# files that are not and exits 1. With --fix, formats them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
# tests/submissions/ holds students' programs as they wrote them: not ours to format.
mapfile -t files < <(git ls-files -- '*.cc' '*.h' '*.cpp' '*.hpp' ':!tests/submissions/')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted (run ci/format.sh --fix):\n' >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
