#!/usr/bin/env bash
# Prints every function the checks (harness/check/, libnetgrade_check.a) call that is defined
# in a folder that runs or watches a program: the sandbox (seccomp), plan, the peers, the proxy
# or observe/'s watchers (libpcap). The checks judge plain data (issue 48): what they need is in
# check/, spec/ and base/, or inline in the headers of what was observed. Prints nothing, and
# exits 0, when that holds. usage: ci/check-links.sh [BUILD_DIR]
set -euo pipefail
export LC_ALL=C  # sort and comm agree on the order
cd "$(dirname "$0")/.."
build=${1:-build}
lib() { echo "$build/harness/$1/libnetgrade_$1.a"; }
[ -f "$(lib check)" ] || { echo "ci/check-links.sh: $(lib check) is not built" >&2; exit 2; }
defined() { nm -C --defined-only "$1" 2>/dev/null | sed -n 's/^[0-9a-f]* [TWVBDR] //p' | sort -u; }
needed=$(comm -23 <(nm -C --undefined-only "$(lib check)" | sed -n 's/^ *U //p' | grep '^netgrade::' | sort -u) \
  <(defined "$(lib check)"))
status=0
for folder in plan sandbox peers proxy observe; do
  [ -f "$(lib $folder)" ] || continue
  while IFS= read -r symbol; do
    [ -n "$symbol" ] || continue
    echo "harness/check/ calls $symbol, which harness/$folder/ defines: the checks must link the spec alone"
    status=1
  done < <(comm -12 <(echo "$needed") <(defined "$(lib $folder)"))
done
# And its link line, as CMake wrote it: no seccomp, no libpcap.
if grep -rqsE 'seccomp|pcap' "$build"/harness/check/CMakeFiles/netgrade_check.dir/flags.make; then
  echo "harness/check/ is compiled against seccomp or libpcap (its flags.make)"
  status=1
fi
exit $status
