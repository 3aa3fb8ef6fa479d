#!/usr/bin/env bash
# Makes build/netgrade-portable-<version>-<arch>.tar.gz: netgrade that runs on another Linux
# system than the one it was built on (another Debian or Ubuntu release, a container without
# its libraries), unpacked anywhere. It holds
#   netgrade/bin/netgrade            a launcher (sh): the binary below, through the bundled
#                                    dynamic loader, with the bundled libraries only
#   netgrade/lib/netgrade/           the binary, every library it loads (ldd: libc and the
#                                    loader too, so that a system with an older C library runs
#                                    it) and their licences' packages named in PACKAGES
#   netgrade/share/netgrade/specs/   the bundled specs and the exercises' handouts, as
#   netgrade/share/netgrade/exercises/ cmake --install lays them out
# and nothing of reference/ or tests/. The programs netgrade grades run with the system's own
# libraries and toolchains (the launcher passes no library path on to them).
# Usage: ci/portable.sh [OUT_DIR]   (after ci/setup; OUT_DIR defaults to build/; the binary is
#        build/netgrade, or NETGRADE_BINARY's)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(readlink -f "${1:-build}")
binary=${NETGRADE_BINARY:-build/netgrade}
[ -x "$binary" ] || { echo "ci/portable.sh: $binary is not built (ci/setup)" >&2; exit 2; }
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION \([^)]*\))$/\1/p' CMakeLists.txt)
arch=$(uname -m)
name=netgrade-portable-$version-$arch
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$tmp/netgrade
mkdir -p "$top/bin" "$top/lib/netgrade"
# The data as cmake --install lays it out (not cmake --install itself: where AppArmor restricts
# user namespaces it would install a profile for this temporary folder's netgrade).
mkdir -p "$top/share/netgrade"
cp -r specs "$top/share/netgrade/specs"
cp -r exercises "$top/share/netgrade/exercises"
cp "$binary" "$top/lib/netgrade/netgrade"
strip "$top/lib/netgrade/netgrade" 2>/dev/null || true
# Every library ldd names, by its real file under the name the binary asks for; the loader
# under its own name. The Debian package of each, for its licence.
loader=""
while read -r soname path; do
  [ -n "$path" ] || continue
  cp -L "$path" "$top/lib/netgrade/$soname"
  { dpkg -S "$path" || dpkg -S "$(readlink -f "$path")" || true; } 2>/dev/null |
    sed -n 's/:.*//p' | head -n 1 >>"$tmp/packages"
  case $soname in ld-linux*) loader=$soname ;; esac
done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3} $1 ~ /^\/.*ld-linux/ {n=split($1, p, "/"); print p[n], $1}')
[ -n "$loader" ] || { echo "ci/portable.sh: ldd named no dynamic loader for $binary" >&2; exit 1; }
sort -u "$tmp/packages" >"$top/lib/netgrade/PACKAGES"
cat >"$top/bin/netgrade" <<LAUNCHER
#!/bin/sh
# netgrade, portable (ci/portable.sh): run through its own loader and libraries.
lib=\$(dirname "\$(readlink -f "\$0")")/../lib/netgrade
exec "\$lib/$loader" --library-path "\$lib" --argv0 "\$0" "\$lib/netgrade" "\$@"
LAUNCHER
chmod 755 "$top/bin/netgrade"
# What must never be in it: the answers and the test fixtures.
if leaked=$(cd "$tmp" && find netgrade \( -name reference -o -name submissions -o -name tests \
  -o -name golden \) | grep .); then
  echo "ci/portable.sh: the archive would hold $leaked" >&2
  exit 1
fi
tar -C "$tmp" -czf "$out/$name.tar.gz" netgrade
(cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "$out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1), $(wc -l <"$top/lib/netgrade/PACKAGES") packages' libraries)"
