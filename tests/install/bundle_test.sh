#!/usr/bin/env bash
# The grader bundle the student CI templates install (ci/bundle.sh), and those templates run
# as written. Usage: bundle_test.sh SOURCE_DIR BUILD_DIR (ctest bundle_templates).
#
# 1. ci/bundle.sh makes the bundle from BUILD_DIR; unpacked, with its .deb's files, no path
#    names reference/, tests/, submissions or golden, and no file holds the text of any
#    file of reference/ or tests/submissions/ (under whatever name): a planted copy of
#    reference/tcp-capitalize/python/server.py must be found, so the search can fail.
# 2. In fresh Debian 12 minbase systems (overlays over ci/matrix.sh's cached debootstrap base,
#    entered as a container is, in a network namespace with loopback alone: the bundle and a
#    flat apt repository of the packages the jobs install are served by python3 -m http.server
#    on 127.0.0.1, on a port the kernel picks), the steps of ci/templates/gitlab/.gitlab-ci.yml,
#    github/grade.yml and github-classroom/classroom.yml, as written (tests/install/
#    template_job.py), with reference/tcp-capitalize/python as the student's repository:
#    - the bundle with one byte changed: each job stops with the one sentence and exit 2, and
#      nothing is unpacked or installed (no netgrade-bundle/, no .netgrade/, no package);
#    - a bundle whose MANIFEST says another release (ubuntu24.04), pinned rightly: each job
#      says which bundle to pin and exits 2, nothing installed;
#    - the bundle as made: each job installs netgrade from it and grades 12/12 (exit 0), with
#      GitLab's JUnit report, GitHub's summary, GitHub Classroom's runners.
#    The GitHub jobs run as a user `runner` with passwordless sudo, as on GitHub's runners,
#    but on Debian 12 with the Debian 12 bundle: GitHub's ubuntu-24.04 image is not tried here.
# Needs root (chroots, mounts, a network namespace), debootstrap, dpkg-scanpackages
# (dpkg-dev) and python3-yaml; the Debian 12 base and the apt repository are made once, with
# the network, and kept in NETGRADE_MATRIX_CACHE (default /var/cache/netgrade-matrix, as
# ci/matrix.sh); the jobs themselves reach nothing but 127.0.0.1.
# Prints one line per problem and exits 1; the jobs' times from nothing at the end.
# NETGRADE_BUNDLE_TEST_KEEP=1 keeps the temporary folder (the jobs' logs and systems).
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
cache=${NETGRADE_MATRIX_CACHE:-/var/cache/netgrade-matrix}
tmp=$(mktemp -d /var/tmp/netgrade-bundle-test.XXXXXX)
netns=netgrade-bundle-$$
server=
cleanup() {
  [ -z "$server" ] || kill "$server" 2>/dev/null || true
  [ -z "$server" ] || wait "$server" 2>/dev/null || true
  ip netns del "$netns" 2>/dev/null || true
  if [ -n "${NETGRADE_BUNDLE_TEST_KEEP:-}" ]; then echo "bundle_test: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT
problems=0
problem() {
  echo "bundle_test: $*" >&2
  problems=$((problems + 1))
}
die() { echo "bundle_test: $*" >&2; exit 1; }

# --- 1. what the bundle holds --------------------------------------------------------------
"$src/ci/bundle.sh" --build "$build" --version test "$tmp/out" >"$tmp/bundle.log" 2>&1 ||
  die "ci/bundle.sh failed: $(cat "$tmp/bundle.log")"
bundles=("$tmp"/out/netgrade-bundle-test-*.tar.gz)
bundle=${bundles[0]}
[ -f "$bundle" ] && [ -f "$bundle.sha256" ] || die "ci/bundle.sh wrote no bundle and .sha256 in $tmp/out"
(cd "$tmp/out" && sha256sum -c --status "$(basename "$bundle").sha256") || problem "the .sha256 does not match the bundle"
mkdir "$tmp/x"
tar -C "$tmp/x" -xzf "$bundle"
debs=("$tmp"/x/netgrade-bundle/netgrade_*.deb)
[ -f "${debs[0]}" ] || die "the bundle has no netgrade-bundle/netgrade_*.deb"
dpkg-deb -x "${debs[0]}" "$tmp/x/deb-files"
for f in MANIFEST specs/tcp-capitalize.yaml classroom_results.py; do
  [ -f "$tmp/x/netgrade-bundle/$f" ] || problem "the bundle has no netgrade-bundle/$f"
done
if leaked=$(cd "$tmp/x" && find . | grep -E '/(reference|tests|submissions|golden|\.git)(/|$)'); then
  problem "the bundle holds paths students must not get: $(head -n 3 <<<"$leaked" | tr '\n' ' ')"
fi
# Every file of the bundle (the .deb's too, /usr/bin/netgrade included) against the text of
# every reference solution and fixture of 40 bytes or more, whatever its name.
find_copies() {  # folder -> prints "bundle file: holds reference file", one a line
  python3 - "$src" "$1" <<'EOF'
import os, pathlib, sys
src, bundle = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
answers = {}
for top in ("reference", "tests/submissions"):
    for p in sorted((src / top).rglob("*")):
        if p.is_file() and not p.is_symlink():
            text = p.read_bytes().strip()
            if len(text) >= 40:
                answers.setdefault(text, str(p.relative_to(src)))
for p in sorted(bundle.rglob("*")):
    if p.is_file() and not p.is_symlink():
        data = p.read_bytes()
        for text, name in answers.items():
            if text in data:
                print(f"{p.relative_to(bundle)}: holds {name}")
                break
EOF
}
copies=$(find_copies "$tmp/x")
[ -z "$copies" ] || problem "the bundle holds reference solutions or fixtures: $(head -n 3 <<<"$copies" | tr '\n' ' ')"
# The search finds a copy under another name: it can fail.
cp -r "$tmp/x/netgrade-bundle/specs" "$tmp/planted"
cp "$src/reference/tcp-capitalize/python/server.py" "$tmp/planted/notes.txt"
grep -q 'notes.txt: holds reference/tcp-capitalize/python/server.py' <<<"$(find_copies "$tmp/planted")" ||
  problem "a copy of reference/tcp-capitalize/python/server.py named notes.txt was not found: the search is blind"
paths=$(cd "$tmp/x" && find . -type f | wc -l)
refs=$(find "$src/reference" "$src/tests/submissions" -type f | wc -l)

# --- 2. the templates' jobs in fresh systems ------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
  echo "bundle_test: not root: the bundle holds none of $refs reference and fixture files ($paths files checked); the templates' jobs were not run (they need root)" >&2
  exit 77
fi
for c in debootstrap dpkg-scanpackages ip unshare nsenter setpriv; do
  command -v "$c" >/dev/null || die "$c is missing (apt-get install debootstrap dpkg-dev iproute2 util-linux)"
done

# ci/matrix.sh's base_of: a minbase debootstrap of bookworm, made once.
base_of() {
  local dir=$cache/$1 lock
  mkdir -p "$cache"
  exec {lock}>"$cache/.lock-$1"
  flock "$lock"
  if [ ! -f "$dir/complete" ]; then
    echo "making the $1 minbase chroot in $dir/root (debootstrap, once)" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    nice -n 10 debootstrap --variant=minbase "$1" "$dir/root" >"$dir/debootstrap.log" 2>&1 ||
      { echo "debootstrap $1 failed: $(tail -n 3 "$dir/debootstrap.log")" >&2; return 1; }
    rm -f "$dir/root/etc/resolv.conf" "$dir/root/etc/hostname"
    date -u +"debootstrap --variant=minbase $1 %FT%TZ" >"$dir/complete"
  fi
  exec {lock}>&-
  echo "$dir/root"
}
base=$(base_of bookworm) || die "no Debian 12 base"

# A flat apt repository of every package the jobs install that the base lacks (curl,
# ca-certificates, build-essential, sudo, the .deb's Depends), downloaded once with the
# network and kept; made again when the list changes.
wanted="curl ca-certificates build-essential sudo $(dpkg-deb -f "${debs[0]}" Depends)"
repo=$cache/bookworm-bundle-repo
exec {rlock}>"$cache/.lock-bookworm-bundle-repo"
flock "$rlock"
if [ ! -f "$repo/complete" ] || [ "$(cat "$repo/complete")" != "$wanted" ]; then
  echo "making the apt repository the jobs install from in $repo (once, with the network)" >&2
  rm -rf "$repo" "$tmp/dl"
  mkdir -p "$repo/debs"
  cp -a "$base" "$tmp/dl"
  cp /etc/resolv.conf "$tmp/dl/etc/resolv.conf"
  cp "${debs[0]}" "$tmp/dl/tmp/"
  unshare --mount --propagation private -- /bin/bash -euc '
    mount -t proc proc "$1/proc"; mount --rbind /dev "$1/dev"
    chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c "apt-get update -qq && apt-get install -y -qq --download-only --no-install-recommends curl ca-certificates build-essential sudo /tmp/$(basename "$2")"
  ' bash "$tmp/dl" "${debs[0]}" >"$tmp/dl.log" 2>&1 || die "downloading the jobs' packages failed: $(tail -n 5 "$tmp/dl.log")"
  cp "$tmp/dl"/var/cache/apt/archives/*.deb "$repo/debs/"
  rm -rf "$tmp/dl"
  echo "$wanted" >"$repo/complete"
fi
exec {rlock}>&-

# What is served on 127.0.0.1: the bundles and the repository.
serve=$tmp/serve
mkdir -p "$serve/repo"
cp -a "$repo/debs/." "$serve/repo/"
(cd "$serve/repo" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null | gzip -9 >Packages.gz)
cp "$bundle" "$serve/good.tar.gz"
cp "$bundle" "$serve/tampered.tar.gz"
size=$(stat -c %s "$bundle")
# One byte in the middle, changed (xored with 1).
python3 - "$serve/tampered.tar.gz" "$((size / 2))" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(int(sys.argv[2])); b = f.read(1); f.seek(int(sys.argv[2])); f.write(bytes([b[0] ^ 1]))
EOF
cmp -s "$serve/good.tar.gz" "$serve/tampered.tar.gz" && die "the tampered bundle is the same as the good one"
digest=$(cut -d' ' -f1 "$bundle.sha256")
# The same bundle made for another release (its MANIFEST says ubuntu24.04), pinned rightly.
mkdir "$tmp/other"
tar -C "$tmp/other" -xzf "$bundle"
sed -i 's/^release=.*/release=ubuntu24.04/' "$tmp/other/netgrade-bundle/MANIFEST"
tar -C "$tmp/other" --sort=name -cf - netgrade-bundle | gzip -n >"$serve/other-release.tar.gz"
other_digest=$(sha256sum <"$serve/other-release.tar.gz" | cut -d' ' -f1)

ip netns add "$netns"
ip -n "$netns" link set lo up
mkfifo "$tmp/server.out"
ip netns exec "$netns" python3 -u -m http.server --bind 127.0.0.1 --directory "$serve" 0 \
  >"$tmp/server.out" 2>"$tmp/server.log" &
server=$!
exec {sfd}<"$tmp/server.out"
# The server prints its port once it listens.
IFS= read -r -t 30 -u "$sfd" line || die "the HTTP server did not start: $(cat "$tmp/server.log")"
port=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' <<<"$line")
[ -n "$port" ] || die "no port in the HTTP server's line: $line"
# Its later lines (none are expected) go nowhere.
cat <&"$sfd" >/dev/null &

# A fresh system for a job: an overlay over the base (LOWER: the base, or the runner's image
# over it), mounted only inside in_system's mount namespace; what the job changes is in
# SYSTEM/upper. It has /etc/hosts and a host name as a container has, apt pointed at the
# loopback repository alone, no daemons started by packages, the student's repository in
# /student and an empty /work.
new_system() {  # name lower -> prints the system's folder
  local sys=$tmp/systems/$1
  local u=$sys/upper
  mkdir -p "$u" "$sys/work" "$sys/merged" "$u/etc/apt" "$u/usr/sbin" "$u/student" "$u/job" "$u/work"
  echo "$2" >"$sys/lower"
  echo "$1" >"$u/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n' "$1" >"$u/etc/hosts"
  echo "deb [trusted=yes] http://127.0.0.1:$port/repo ./" >"$u/etc/apt/sources.list"
  printf '#!/bin/sh\nexit 101\n' >"$u/usr/sbin/policy-rc.d"
  chmod 755 "$u/usr/sbin/policy-rc.d"
  cp -a "$src/reference/tcp-capitalize/python/." "$u/student/"
  echo "$sys"
}

# ci/matrix.sh's system_run, over the system's overlay, in the loopback-only network namespace.
in_system() {  # system cwd command...
  local sys=$1 cwd=$2
  shift 2
  nsenter --net="/run/netns/$netns" -- unshare --mount --uts --pid --fork --propagation private -- /bin/bash -euc '
    sys=$1 cwd=$2; shift 2
    root=$sys/merged
    mount -t overlay overlay -o "lowerdir=$(cat "$sys/lower"),upperdir=$sys/upper,workdir=$sys/work" "$root"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    cat "$root/etc/hostname" >/proc/sys/kernel/hostname
    mkdir -p "$root/.old-root"
    cd "$root"
    pivot_root . .old-root
    umount -l /.old-root
    rmdir /.old-root
    /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
  ' bash "$sys" "$cwd" "$@"
}

# GitHub's runner image, made once per run: the base with sudo, curl and a user `runner` who
# may use sudo without a password.
runner_image=$(new_system runner-image "$base")
in_system "$runner_image" / /bin/sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends sudo curl ca-certificates >/dev/null &&
  useradd --create-home --shell /bin/bash runner && echo "runner ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/runner' \
  >"$tmp/runner-image.log" 2>&1 || die "making the runner's image failed: $(tail -n 3 "$tmp/runner-image.log")"
rm -rf "$runner_image/upper/student" "$runner_image/upper/job" "$runner_image/upper/work"

# Runs TEMPLATE's job in a fresh system with the bundle served as WHICH, pinned to DIGEST;
# prints its status. With NO_SUDO set, the runner's user may not use sudo (a self-hosted
# runner's).
run_job() {  # label kind template which digest
  local label=$1 kind=$2 template=$3 which=$4 pin=$5 sys rc=0 as=() lower=$base
  [ "$kind" = gitlab ] || lower=$runner_image/upper:$base
  sys=$(new_system "$label" "$lower")
  [ -z "${NO_SUDO:-}" ] || in_system "$sys" / rm /etc/sudoers.d/runner >&2 || { echo 98; return; }
  NETGRADE_BUNDLE_URL="http://127.0.0.1:$port/$which.tar.gz" NETGRADE_BUNDLE_SHA256=$pin \
    python3 "$src/tests/install/template_job.py" "$kind" "$template" "$sys/upper/job" >&2
  if [ "$kind" = github ]; then
    as=(setpriv --reuid=runner --regid=runner --init-groups --reset-env)
    in_system "$sys" / chown -R runner: /work /job >&2 || { echo 99; return; }
  fi
  local t0 t1
  t0=$(date +%s.%N)
  in_system "$sys" /work "${as[@]}" /job/job.sh >"$tmp/$label.log" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  echo "$label: $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s" >>"$tmp/times"
  echo "$rc"
}

templates=(gitlab:ci/templates/gitlab/.gitlab-ci.yml github:ci/templates/github/grade.yml
  github:ci/templates/github-classroom/classroom.yml)
: >"$tmp/times"
for t in "${templates[@]}"; do
  kind=${t%%:*} template=$src/${t#*:}
  label=$(basename "$(dirname "$template")")
  # The tampered bundle: the sentence, exit 2, nothing unpacked or installed.
  rc=$(run_job "$label-tampered" "$kind" "$template" tampered "$digest")
  sys=$tmp/systems/$label-tampered
  root=$sys/upper  # what the job changed
  [ "$rc" = 2 ] || problem "$label with a tampered bundle exited $rc, not 2: $(tail -n 5 "$tmp/$label-tampered.log")"
  grep -q "has sha256 .*, not the pinned NETGRADE_BUNDLE_SHA256 '$digest': nothing was unpacked or installed" "$tmp/$label-tampered.log" ||
    problem "$label with a tampered bundle did not say the digest does not match: $(tail -n 3 "$tmp/$label-tampered.log")"
  left=$(cd "$root/work" && find . -maxdepth 2 \( -name 'netgrade-bundle*' -o -name .netgrade \) | tr '\n' ' ')
  [ -z "$left" ] || problem "$label with a tampered bundle left $left"
  ! in_system "$sys" / dpkg -s netgrade >/dev/null 2>&1 || problem "$label with a tampered bundle installed netgrade"
  [ ! -e "$root/usr/bin/netgrade" ] || problem "$label with a tampered bundle left /usr/bin/netgrade"
  [ -n "${NETGRADE_BUNDLE_TEST_KEEP:-}" ] || rm -rf "$sys"
  # The bundle as made: netgrade installed from it grades the reference 12/12.
  # A bundle made for another release, pinned rightly: the sentence, exit 2, nothing installed.
  rc=$(run_job "$label-other-release" "$kind" "$template" other-release "$other_digest")
  sys=$tmp/systems/$label-other-release
  [ "$rc" = 2 ] || problem "$label with a bundle for another release exited $rc, not 2: $(tail -n 5 "$tmp/$label-other-release.log")"
  grep -q "the grader bundle is for ubuntu24.04, this job runs on debian12: pin the bundle made for debian12; nothing was installed" "$tmp/$label-other-release.log" ||
    problem "$label with a bundle for another release did not say so: $(tail -n 3 "$tmp/$label-other-release.log")"
  ! in_system "$sys" / dpkg -s netgrade >/dev/null 2>&1 || problem "$label with a bundle for another release installed netgrade"
  [ -n "${NETGRADE_BUNDLE_TEST_KEEP:-}" ] || rm -rf "$sys"
  # A GitHub runner whose user may not use sudo: the sentence, exit 2, nothing installed.
  if [ "$kind" = github ]; then
    rc=$(NO_SUDO=1 run_job "$label-no-sudo" "$kind" "$template" good "$digest")
    sys=$tmp/systems/$label-no-sudo
    [ "$rc" = 2 ] || problem "$label on a runner without sudo exited $rc, not 2: $(tail -n 5 "$tmp/$label-no-sudo.log")"
    grep -q "::error::the runner's user cannot use sudo without a password" "$tmp/$label-no-sudo.log" ||
      problem "$label on a runner without sudo did not say so: $(tail -n 3 "$tmp/$label-no-sudo.log")"
    ! in_system "$sys" / dpkg -s netgrade >/dev/null 2>&1 || problem "$label on a runner without sudo installed netgrade"
    [ -n "${NETGRADE_BUNDLE_TEST_KEEP:-}" ] || rm -rf "$sys"
  fi
  rc=$(run_job "$label" "$kind" "$template" good "$digest")
  sys=$tmp/systems/$label
  root=$sys/upper
  log=$tmp/$label.log
  [ "$rc" = 0 ] || problem "$label's job exited $rc, not 0: $(tail -n 15 "$log")"
  case $label in
    gitlab)
      grep -q 'failures="0"' "$root/work/netgrade-report.xml" 2>/dev/null ||
        problem "gitlab: no netgrade-report.xml with failures=\"0\""
      grep -q '12/12' "$log" || problem "gitlab: the log has no 12/12: $(tail -n 5 "$log")" ;;
    github)
      grep -q . "$root/work/.github/summary" 2>/dev/null || problem "github: the job wrote no summary"
      grep -q "12/12 points" "$log" || problem "github: no 12/12 points annotation: $(tail -n 5 "$log")" ;;
    github-classroom)
      grep -q '^runners=' "$root/work/.github/output" 2>/dev/null || problem "github-classroom: no runners output for the reporter"
      grep -q '12/12' "$log" || problem "github-classroom: the report has no 12/12: $(tail -n 5 "$log")" ;;
  esac
  [ ! -e "$root/work/netgrade-bundle.tar.gz" ] || problem "$label left the bundle's archive in the workspace"
  [ -n "${NETGRADE_BUNDLE_TEST_KEEP:-}" ] || rm -rf "$sys"
done

if [ "$problems" -gt 0 ]; then exit 1; fi
echo "bundle_test: $(basename "$bundle") ($(stat -c %s "$bundle") bytes, $paths files) holds none of $refs reference and fixture files; a tampered bundle and one for another release: exit 2, nothing installed, in each template, and so does a GitHub runner without sudo; jobs from nothing (download, verify, install, grade): $(tr '\n' ' ' <"$tmp/times")"
