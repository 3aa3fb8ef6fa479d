#!/usr/bin/env bash
# Checks that every C++ file of the repository (tracked, or new and not ignored) is as .clang-format wants it; prints the
# files that are not and exits 1. With --fix, formats them in place.
# One clang-format for every supported system: clang-format-19, Debian 13's own and in Debian
# 12's main archive too (1:19.1.7-3~deb12u1). The two releases' defaults, 14 and 19, disagree
# (`struct sigaction forward{};` against `forward {};`), so the default is never used.
set -euo pipefail
cd "$(dirname "$0")/.."
# Without git or clang-format nothing would be checked: that is a failure, not a pass.
formatter=clang-format-19
for tool in git $formatter; do
  if ! command -v "$tool" >/dev/null; then
    echo "ci/format.sh: $tool is not installed, so the formatting cannot be checked (ci/install-deps.sh installs it)" >&2
    exit 1
  fi
done
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "ci/format.sh: $PWD is not a git checkout: the files to check are the ones git tracks" >&2
  exit 1
fi
# tests/submissions/ holds students' programs as they wrote them: not ours to format. Files
# not yet added count too (--others): a new file checked only once committed slipped through
# before, and failed CI.
files_list=$(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' '*.cpp' '*.hpp' \
  ':!tests/submissions/' | sort -u)
mapfile -t files <<<"$files_list"
if [ -z "$files_list" ]; then
  echo "ci/format.sh: git lists no C++ file to check" >&2
  exit 1
fi
if [ "${1:-}" = "--fix" ]; then
  $formatter -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  $formatter --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf 'not formatted (run ci/format.sh --fix):\n' >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
