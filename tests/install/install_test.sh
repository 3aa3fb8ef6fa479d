#!/usr/bin/env bash
# What `cmake --install` and `cpack -G DEB` give a lab machine: bin/netgrade that grades with
# an installed spec, the specs and the exercises' handouts, and none of the reference
# solutions, test fixtures or golden reports. Usage: install_test.sh SOURCE_DIR BUILD_DIR
# (ctest install_package). Prints one line per problem and exits 1.
set -euo pipefail
src=$1
build=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
problems=0
problem() {
  echo "install_test: $*" >&2
  problems=$((problems + 1))
}

# 1. cmake --install into a prefix of its own.
prefix=$tmp/prefix
# No AppArmor profile for this temporary netgrade, where the system would want one.
NETGRADE_NO_APPARMOR_PROFILE=1 cmake --install "$build" --prefix "$prefix" >/dev/null
[ -x "$prefix/bin/netgrade" ] || problem "no executable $prefix/bin/netgrade"
for f in share/netgrade/specs/tcp-capitalize.yaml share/netgrade/specs/schema.json \
  share/netgrade/exercises/tcp-capitalize/README.md; do
  [ -f "$prefix/$f" ] || problem "cmake --install left out $f"
done
leaked=$(cd "$prefix" && find . \( -name reference -o -name submissions -o -name golden \
  -o -name '*_test.*' -o -name CMakeLists.txt \))
[ -z "$leaked" ] || problem "cmake --install put in what is not for students or graders: $leaked"

# 2. The installed netgrade grades the bundled example with the installed spec, from a folder
# that is neither the source nor the build tree (exit 0: every case passed).
status=0
(cd "$tmp" && "$prefix/bin/netgrade" check "$prefix/share/netgrade/specs/tcp-capitalize.yaml" \
  --submission "$src/reference/tcp-capitalize/python" >"$tmp/check.txt" 2>&1) || status=$?
if [ "$status" -ne 0 ]; then
  problem "the installed netgrade check exited $status on reference/tcp-capitalize/python:"
  cat "$tmp/check.txt" >&2
fi

# 3. The Debian package: netgrade in /usr/bin, the data, no reference/, and the Depends that
# dpkg-shlibdeps computed (libc6 and the like) beside python3.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" >"$tmp/cpack.txt" 2>&1 ||
  { cat "$tmp/cpack.txt" >&2; problem "cpack -G DEB failed"; }
debs=("$tmp"/deb/netgrade_*.deb)
if [ ! -f "${debs[0]}" ]; then
  problem "cpack wrote no netgrade_*.deb"
else
  contents=$(dpkg-deb -c "${debs[0]}")
  grep -q ' \./usr/bin/netgrade$' <<<"$contents" || problem "the .deb has no ./usr/bin/netgrade"
  grep -q ' \./usr/share/netgrade/specs/tcp-capitalize\.yaml$' <<<"$contents" ||
    problem "the .deb has no ./usr/share/netgrade/specs/tcp-capitalize.yaml"
  if grep -E '/(reference|submissions|golden)/' <<<"$contents" >&2; then
    problem "the .deb carries reference solutions, fixtures or golden reports (above)"
  fi
  [ "$(dpkg-deb -f "${debs[0]}" Package)" = netgrade ] || problem "the package is not named netgrade"
  depends=$(dpkg-deb -f "${debs[0]}" Depends)
  grep -qw python3 <<<"$depends" || problem "Depends lacks python3: $depends"
  grep -qw libc6 <<<"$depends" || problem "Depends lacks libc6 (dpkg-shlibdeps did not run): $depends"
  # Its maintainer scripts: the AppArmor profile loaded where Ubuntu restricts user
  # namespaces, removed with the package; where there is no restriction (here) postinst
  # does nothing.
  dpkg-deb -e "${debs[0]}" "$tmp/control"
  for script in postinst postrm; do
    [ -x "$tmp/control/$script" ] || problem "the .deb has no executable $script"
  done
  if [ -x "$tmp/control/postinst" ]; then
    grep -q 'netgrade apparmor --install' "$tmp/control/postinst" ||
      problem "postinst does not install the AppArmor profile"
    if [ ! -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]; then
      before=$(ls /etc/apparmor.d 2>/dev/null | wc -l)
      sh "$tmp/control/postinst" configure >"$tmp/postinst.txt" 2>&1 ||
        problem "postinst configure failed where AppArmor restricts nothing: $(cat "$tmp/postinst.txt")"
      [ ! -s "$tmp/postinst.txt" ] || problem "postinst said something where it has nothing to do: $(cat "$tmp/postinst.txt")"
      [ "$(ls /etc/apparmor.d 2>/dev/null | wc -l)" = "$before" ] || problem "postinst wrote to /etc/apparmor.d"
    fi
  fi
fi

if [ "$problems" -gt 0 ]; then exit 1; fi
echo "install_test: installed prefix grades the example; $(basename "${debs[0]}"): Depends: $depends"
