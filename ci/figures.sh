#!/usr/bin/env bash
# Measures and prints the figures README.md states of the package and the bundle, so that the
# README can be checked against a run: the .deb's size and Depends, what `apt-get install
# ./netgrade_*.deb` installs on a fresh minimal system of the release it was built for (with
# apt's default Recommends and without), how long that took and whether the installed netgrade
# grades the bundled example, what the README's first command installs before building, and
# the files in a Gradescope bundle. The set-up commands' own times come from
# `ci/matrix.sh --fresh [--tests]`, which prints them.
#
#   ci/figures.sh [BUILD]     BUILD: a build tree with netgrade built (default build/)
#
# Must run as root (a minimal system is made with debootstrap, once, and kept in the matrix's
# cache: NETGRADE_MATRIX_CACHE, default /var/cache/netgrade-matrix).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
cache=${NETGRADE_MATRIX_CACHE:-/var/cache/netgrade-matrix}
die() { echo "ci/figures.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot)"
[ -x "$build/netgrade" ] || die "$build/netgrade is missing: ci/setup builds it"
for c in debootstrap cpack dpkg-deb unshare chroot; do
  command -v "$c" >/dev/null || die "$c is missing (ci/install-deps.sh installs it)"
done
. /etc/os-release
case "$ID:$VERSION_ID" in
  debian:12) suite=bookworm ;;
  debian:13) suite=trixie ;;
  *) die "this is $PRETTY_NAME: the figures are for Debian 12 and 13" ;;
esac
work=$(mktemp -d /var/tmp/netgrade-figures.XXXXXX)
trap '[ -n "${NETGRADE_FIGURES_KEEP:-}" ] || rm -rf "$work"' EXIT

# A minbase system of this release, made once (the same cache and stamp as ci/matrix.sh).
base=$cache/$suite/root
if [ ! -f "$cache/$suite/complete" ]; then
  echo "making the $suite minbase system in $base (debootstrap, once)" >&2
  rm -rf "$cache/$suite"
  mkdir -p "$cache/$suite"
  debootstrap --variant=minbase "$suite" "$base" >"$cache/$suite/debootstrap.log" 2>&1 ||
    die "debootstrap $suite failed: $(tail -n 3 "$cache/$suite/debootstrap.log")"
  rm -f "$base/etc/resolv.conf" "$base/etc/hostname"
  date -u +"debootstrap --variant=minbase $suite %FT%TZ" >"$cache/$suite/complete"
fi

# Runs a command in a fresh copy of the minimal system, with /proc and a name server for apt.
fresh_run() {  # root command...
  local root=$1
  shift
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  unshare --mount --propagation private -- /bin/sh -c '
    root=$1; shift
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/tmp"
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' sh "$root" "$@"
}
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1000000 }'; }

# 1. The package.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1 ||
  die "cpack failed: $(tail -n 3 "$work/cpack.log")"
deb=$(ls "$work"/pkg/netgrade_*.deb)
echo "package: $(basename "$deb"), $(mb "$(stat -c %s "$deb")")"
echo "package Depends: $(dpkg-deb -f "$deb" Depends)"
echo "package Recommends: $(dpkg-deb -f "$deb" Recommends)"

# 2. apt-get install ./netgrade_*.deb on a fresh minimal system, then the example graded.
install_figures() {  # label apt-option...
  local label=$1 root=$work/root t0 t1 rc=0 out
  shift
  rm -rf "$root"
  cp -a "$base" "$root"
  cp "$deb" "$root/tmp.deb"
  mkdir -p "$root/example"
  cp "$top"/reference/tcp-capitalize/python/* "$root/example/"
  t0=$(date +%s)
  fresh_run "$root" sh -c 'apt-get update -qq && apt-get install -y "$@" /tmp.deb' sh "$@" \
    >"$work/install.log" 2>&1 || rc=$?
  t1=$(date +%s)
  [ $rc -eq 0 ] || die "apt-get install ./$(basename "$deb") ($label) failed: $(tail -n 5 "$work/install.log")"
  local count size
  count=$(grep -oE '[0-9]+ newly installed' "$work/install.log" | grep -oE '^[0-9]+')
  size=$(grep -oE 'After this operation, [0-9.,]+ [kMG]B' "$work/install.log" | grep -oE '[0-9.,]+ [kMG]B')
  rc=0
  out=$(fresh_run "$root" netgrade check /usr/share/netgrade/specs/tcp-capitalize.yaml --submission /example 2>&1) || rc=$?
  local graded="exit $rc, $(grep -oE '^Score: [0-9]+/[0-9]+' <<<"$out" || echo 'no score')"
  echo "apt-get install ./$(basename "$deb") on a fresh minimal $PRETTY_NAME ($label): $count packages, $size, $((t1 - t0)) s; the example graded: $graded"
}
install_figures "apt's default Recommends"
install_figures "--no-install-recommends" --no-install-recommends

# 3. What the README's first command installs (ci/install-deps.sh --build-only), as apt
# would tell it on a fresh minimal system, without installing it.
root=$work/root
rm -rf "$root"
cp -a "$base" "$root"
pkgs=$(bash -c 'source <(sed -n "/^packages=(/,/^)/p" "$1"); echo "${packages[*]}"' sh "$top/ci/install-deps.sh")
# shellcheck disable=SC2086
fresh_run "$root" sh -c 'apt-get update -qq && apt-get install --no-install-recommends --assume-no "$@"' sh $pkgs \
  >"$work/first.log" 2>&1 || true
echo "README's first command on a fresh minimal $PRETTY_NAME installs: $(grep -oE '[0-9]+ newly installed' "$work/first.log" | grep -oE '^[0-9]+') packages, $(grep -oE 'Need to get [0-9.,]+ [kMG]B' "$work/first.log" | grep -oE '[0-9.,]+ [kMG]B') to download, $(grep -oE 'After this operation, [0-9.,]+ [kMG]B' "$work/first.log" | grep -oE '[0-9.,]+ [kMG]B') installed"

# 4. The Gradescope bundle.
"$build/netgrade" gradescope-bundle "$top/specs/tcp-capitalize.yaml" --source "$top" --out "$work/autograder.zip" >/dev/null
files=$(python3 -c 'import sys, zipfile; print(sum(1 for i in zipfile.ZipFile(sys.argv[1]).infolist() if not i.is_dir()))' "$work/autograder.zip")
echo "Gradescope bundle of tcp-capitalize: $files files, $(mb "$(stat -c %s "$work/autograder.zip")")"
