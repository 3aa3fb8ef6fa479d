#!/usr/bin/env bash
# Installs the Debian packages netgrade needs, skipping apt when all are already there.
# --build-only: only what building and running netgrade takes (the Gradescope autograder's
# setup.sh), not the test suite's tools (clang for the fuzzer, socat, a Slurm cluster).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3 iproute2 procps
  libgtest-dev libgmock-dev libfmt-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev
  libpugixml-dev libre2-dev libicu-dev zlib1g-dev
)
# ci/slurm/test.sh starts a one-node Slurm cluster (slurm-wlm, munge) on this machine;
# ci/templates/check.py reads the YAML templates (python3-yaml); the html_report_chromium test
# renders --format html in headless Chromium (chromium).
[ "${1:-}" = "--build-only" ] || packages+=(clang socat ccache python3-yaml slurm-wlm munge chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "netgrade: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
