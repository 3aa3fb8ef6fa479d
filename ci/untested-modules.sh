#!/usr/bin/env bash
# Prints every module of harness/ (harness/<stage>/<module>.cc) that has no test file of its
# own beside it in tests/ (tests/<stage>/<module>_test.cc), one per line. Prints nothing,
# and exits 0, when every module has one.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for src in harness/*/*.cc; do
  rel=${src#harness/}
  stage=${rel%%/*}
  module=$(basename "$rel" .cc)
  if [ ! -f "tests/$stage/${module}_test.cc" ]; then
    echo "$src: no tests/$stage/${module}_test.cc"
    status=1
  fi
done
exit $status
