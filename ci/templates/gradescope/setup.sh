#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (an Ubuntu
# image; pick the newest Gradescope offers): it installs what building netgrade takes and
# builds it from the source bundled beside this script (netgrade gradescope-bundle). That
# source is what building netgrade takes and no more: no reference solutions, no tests or
# fixtures, no golden reports, nothing a student's code could copy. build-essential (from
# install-deps.sh) is also what a spec's `build: make` finds, inside netgrade's sandbox.
set -euo pipefail
cd "$(dirname "$0")/netgrade"
ci/install-deps.sh --build-only
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNETGRADE_TESTS=OFF >/dev/null
cmake --build build --target netgrade
# The bundled spec loads with this build: a problem shows in the image build's log, not in
# the first student's results.
build/netgrade explain ../spec/*.yaml >/dev/null
