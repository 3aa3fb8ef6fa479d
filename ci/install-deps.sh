#!/usr/bin/env bash
# Installs the Debian packages netgrade needs (Debian 12 or 13, or Ubuntu), skipping apt when
# all are already there.
#   ci/install-deps.sh --build-only   what building, packaging (cpack) and running netgrade
#                                     take: ci/setup, the CI templates, Gradescope's setup.sh
#   ci/install-deps.sh                also the test suite's tools: ci/setup --all, with every
#                                     language's toolchain the tests grade (Java, Go, Rust,
#                                     JavaScript)
#   --languages java,go,rust,javascript   (with --build-only) the toolchains of these languages
#                                     too, for grading students' sources in them; C, C++ and
#                                     Python come with the build's own packages
# As root it runs apt-get itself; otherwise through sudo. Without root and without sudo it
# prints the apt-get line to run and exits 1.
set -euo pipefail
mode=all
languages=""
usage() {
  echo "usage: ci/install-deps.sh [--build-only] [--languages java,go,rust,javascript]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) mode=build ;;
    --languages)
      [ $# -ge 2 ] || usage
      languages="$2"
      shift
      ;;
    --languages=*) languages="${1#--languages=}" ;;
    *) usage ;;
  esac
  shift
done
[ "$mode" = all ] && languages="java,go,rust,javascript"

# build-essential: the compiler, make (a submission's Makefile) and dpkg-dev (cpack's
# dpkg-shlibdeps); file: cpack's DEB generator reads the installed files' types with it;
# python3: most submissions are Python programs; libseccomp-dev: the students' programs'
# system call filter (harness/sandbox/syscall_filter.h); libpcap0.8-dev: --pcap's capture of a
# case's packets (harness/observe/packet_capture.h).
packages=(
  build-essential cmake ninja-build pkg-config file python3
  libfmt-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libpugixml-dev libre2-dev
  libicu-dev zlib1g-dev libseccomp-dev libpcap0.8-dev
)
# The tests: GoogleTest; git and clang-format-19 (ci/format.sh: the same one on Debian 12 and
# 13); clang and its sanitizer and libFuzzer runtime (ci/fuzz.sh: the runtime package is added
# below, by clang's version); socat (the proxy's benchmark and a test's peer); ccache
# (ci/setup's builds); python3-yaml (ci/templates/check.py); chromium (the html_report_chromium
# test); slurm-wlm, munge and procps's free and ps (ci/slurm/test.sh's one-node cluster,
# ci/matrix.sh); debootstrap (the minimal Debian systems ci/matrix.sh grades in); iproute2's
# ss and ip, util-linux's setpriv, unshare, nsenter and findmnt (the matrix and the tests:
# another user, namespaces); tmux (a real server the Unix-socket test's program must not reach);
# tshark (Wireshark's reader, and its capinfos: the tests read every capture back with them).
if [ "$mode" = all ]; then
  packages+=(libgtest-dev libgmock-dev git ca-certificates clang clang-format-19 socat ccache
    python3-yaml chromium slurm-wlm munge procps iproute2 debootstrap util-linux tmux tshark)
fi

# Debian's packages for the languages netgrade builds from source (harness/plan/languages.h).
IFS=, read -r -a wanted <<<"$languages"
for language in "${wanted[@]}"; do
  case "$language" in
    java) packages+=(default-jdk-headless) ;;
    go) packages+=(golang-go) ;;
    rust) packages+=(rustc cargo) ;;
    javascript | js | node) packages+=(nodejs) ;;
    c | c++ | cpp | python) ;;  # build-essential and python3, installed anyway
    "") ;;
    *)
      echo "ci/install-deps.sh: unknown language '$language' (java, go, rust, javascript)" >&2
      exit 2
      ;;
  esac
done

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    sudo=(sudo)
  else
    sudo=(none)
  fi
fi
updated=false
# Installs the packages named that are missing. A fresh machine (a minimal image, a
# container) has empty package lists: apt-get update runs first, once.
install() {
  local missing=() p
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "${sudo[0]:-}" = none ]; then
    echo "ci/install-deps.sh: not root and no sudo: as root, run" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "netgrade: installing ${missing[*]}" >&2
  if [ "$updated" = false ]; then
    "${sudo[@]}" apt-get update -qq
    updated=true
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install "${packages[@]}"
if [ "$mode" = all ]; then
  # AddressSanitizer, UBSan and libFuzzer come with clang's recommends, not with clang:
  # libclang-rt-<major>-dev (Debian 12: 14, Debian 13: 19), named after the clang installed.
  major=$(clang -dumpversion | cut -d. -f1)
  install "libclang-rt-$major-dev"
fi
