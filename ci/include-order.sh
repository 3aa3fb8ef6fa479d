#!/usr/bin/env bash
# Prints every include in harness/ that runs backwards: a folder may include only itself and
# the folders listed before it in harness/CMakeLists.txt (the order of a grading run).
# Prints nothing, and exits 0, when the layout holds.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t order < <(sed -n 's/^add_subdirectory(\([a-z_]*\)).*/\1/p' harness/CMakeLists.txt)
declare -A rank
for i in "${!order[@]}"; do rank[${order[$i]}]=$i; done
status=0
# A lab kind's spec keys (harness/kinds/<kind>/spec_*) are of the spec stage wherever they sit
# (netgrade_spec compiles them): they include only what spec/ may, and any folder may include them.
stage() {
  case $1 in
    harness/kinds/*/spec_*) echo spec ;;
    *) local rest=${1#harness/}; echo "${rest%%/*}" ;;
  esac
}
while IFS=: read -r file line text; do
  from=$(stage "$file")
  to=$(sed -n 's/.*#include "\(harness\/[a-z_]*\/[^"]*\)".*/\1/p' <<<"$text")
  [ -z "$to" ] || to=$(stage "$to")
  [ -n "$to" ] || continue
  if [ -z "${rank[$from]+x}" ] || [ -z "${rank[$to]+x}" ]; then
    echo "$file:$line: '$from' or '$to' is not a folder of harness/CMakeLists.txt"
    status=1
  elif [ "${rank[$to]}" -gt "${rank[$from]}" ]; then
    echo "$file:$line: $from/ includes $to/, which comes after it: ${text#*#include }"
    status=1
  fi
done < <(grep -rn '#include "harness/' harness --include='*.h' --include='*.cc' | grep -v '^harness/main.cc')
# What is observed is plain data (issue 48): observe/observation.h, and every header of
# harness/ it brings in, holds no event loop, descriptor, namespace or socket code.
declare -A seen
pending=(harness/observe/observation.h)
while [ ${#pending[@]} -gt 0 ]; do
  header=${pending[0]}; pending=("${pending[@]:1}")
  [ -z "${seen[$header]+x}" ] || continue
  seen[$header]=1
  while read -r inc; do
    case $inc in
      harness/kinds/*/spec_parts.h) ;;  # a kind's part of the spec: plain data
      harness/base/event_loop.h | harness/base/fd.h | harness/sandbox/* | harness/kinds/*)
        echo "$header: includes $inc: observe/observation.h must stay plain data"
        status=1 ;;
    esac
    pending+=("$inc")
  done < <(sed -n 's/^#include "\(harness\/[^"]*\)".*/\1/p' "$header")
done
exit $status
