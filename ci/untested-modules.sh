#!/usr/bin/env bash
# Prints every module of harness/ (harness/<stage>/<module>.cc) that has no test file of its
# own beside it in tests/ (tests/<stage>/<module>_test.cc), one per line. Prints nothing,
# and exits 0, when every module has one.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
# A lab kind's folder (harness/kinds/<kind>/<module>.cc) has its tests in tests/kinds/<kind>/.
for src in harness/*/*.cc harness/kinds/*/*.cc; do
  rel=${src#harness/}
  test="tests/${rel%.cc}_test.cc"
  if [ ! -f "$test" ]; then
    echo "$src: no $test"
    status=1
  fi
done
exit $status
