#!/usr/bin/env bash
# Makes the grader bundle the student CI templates (ci/templates/github/grade.yml,
# github-classroom/classroom.yml, gitlab/.gitlab-ci.yml) download instead of cloning netgrade:
#
#   ci/bundle.sh [--build DIR] [--version V] [OUT_DIR]      (after ci/setup; OUT_DIR: .)
#
# writes OUT_DIR/netgrade-bundle-<V>-<distro><release>-<arch>.tar.gz and its .sha256 (the line
# `sha256sum -c` reads). The archive unpacks into netgrade-bundle/:
#   netgrade_<version>_<arch>.deb    cpack -G DEB of the build (installs on this release only:
#                                    its Depends are this release's libraries)
#   specs/, exercises/               the specs (the templates grade netgrade-bundle/$SPEC) and
#                                    the handouts and starters students already have
#   classroom_results.py             GitHub Classroom's points per case
#   MANIFEST                         version, netgrade commit, the release it installs on
# and nothing else: no reference/, no tests/ (fixtures, golden reports), no .git, no build
# tree. The script lists what it made and fails (exit 1, nothing left in OUT_DIR) if any path
# names reference, tests, submissions or golden.
# V: --version, or NETGRADE_BUNDLE_VERSION, or the package's version and netgrade's commit
# (0.1.0+g4debaaa). The archive's bytes depend only on its files (sorted, root-owned, fixed
# times, gzip -n).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
version=${NETGRADE_BUNDLE_VERSION:-}
out=.
while [ $# -gt 0 ]; do
  case $1 in
    --build) [ $# -ge 2 ] || { echo "ci/bundle.sh: --build needs a folder" >&2; exit 2; }; build=$2; shift ;;
    --version) [ $# -ge 2 ] || { echo "ci/bundle.sh: --version needs a value" >&2; exit 2; }; version=$2; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "ci/bundle.sh: unknown option '$1'" >&2; exit 2 ;;
    *) out=$1 ;;
  esac
  shift
done
die() { echo "ci/bundle.sh: $*" >&2; exit 1; }
[ -f "$build/CPackConfig.cmake" ] || die "no $build/CPackConfig.cmake: configure and build netgrade first (ci/setup)"
[ -x "$build/netgrade" ] || die "no $build/netgrade: build it first (ci/setup)"
for c in cpack dpkg-deb tar gzip sha256sum; do
  command -v "$c" >/dev/null || die "$c is missing"
done
case $version in *[!A-Za-z0-9.+~_-]*) die "version '$version' has characters other than A-Z a-z 0-9 . + ~ _ -" ;; esac

commit=$(git -C "$top" rev-parse HEAD 2>/dev/null || echo unknown)
[ -z "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
# shellcheck disable=SC1091
release=$(. /etc/os-release && echo "$ID$VERSION_ID")
arch=$(dpkg --print-architecture)
pkg_version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")
[ -n "$pkg_version" ] || die "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
[ -n "$version" ] || version="$pkg_version+g${commit:0:7}"
name=netgrade-bundle-$version-$release-$arch.tar.gz

mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
b=$tmp/netgrade-bundle
mkdir -p "$b"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; die "cpack -G DEB failed (above)"; }
debs=("$tmp"/deb/netgrade_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || die "cpack wrote ${#debs[@]} netgrade_*.deb, expected one"
cp "${debs[0]}" "$b/"
# What git tracks of specs/ and exercises/ (or, without git, the folders as they are).
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached -- specs exercises | tar --null -T - -cf -) | tar -C "$b" -xf -
else
  cp -a "$top/specs" "$top/exercises" "$b/"
fi
cp "$top/ci/templates/github-classroom/classroom_results.py" "$b/"
{
  echo "bundle_version=$version"
  echo "netgrade_version=$(dpkg-deb -f "${debs[0]}" Version)"
  echo "netgrade_commit=$commit"
  echo "release=$release"
  echo "arch=$arch"
  echo "package=$(basename "${debs[0]}")"
} >"$b/MANIFEST"

tar -C "$tmp" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - netgrade-bundle |
  gzip -n -9 >"$tmp/$name"
# The bundle as a student's job unpacks it: no answers, under any of their folder names. The
# .deb's own files are listed too.
listing=$(tar -tzf "$tmp/$name"; dpkg-deb -c "${debs[0]}" | awk '{print "deb:" $NF}')
if leaked=$(grep -E '(^|/|:)(reference|tests|submissions|golden|\.git|build)(/|$)|CMakeCache\.txt' <<<"$listing"); then
  die "the bundle would hold what students must not get: $(head -n 3 <<<"$leaked" | tr '\n' ' ')"
fi
(cd "$tmp" && sha256sum "$name") >"$tmp/$name.sha256"
mv "$tmp/$name" "$tmp/$name.sha256" "$out/"
echo "$out/$name: $(grep -c . <<<"$listing") paths, $(stat -c %s "$out/$name") bytes, sha256 $(cut -d' ' -f1 "$out/$name.sha256")"
