#!/usr/bin/env bash
# Proves that netgrade grades correctly in each environment its users have: every bundled
# exercise's reference solutions score 100% (exit 0), a few buggy fixtures of
# tests/submissions/ fail exactly as their expected.yaml says (exit 1), never exit 3, and the
# containment netgrade reports (the JSON `sandbox` object, the stderr lines) is what a probe
# program (ci/matrix/probe/server.py) finds inside a case.
#
#   ci/matrix.sh [--env NAME]...        quick (CI, .ci/run): the environments below but the
#                                       fresh ones, with the build in build/
#   ci/matrix.sh --fresh [--tests] [--sudo-user] [--env debian12-fresh|debian13-fresh]...
#                                       in pristine minbase chroots of Debian 12 and 13: the
#                                       README's first set-up command from nothing (timed);
#                                       --tests: then its second one (the test suite) there
#                                       --sudo-user: both as a user who may use sudo (the
#                                       README's other way), not as root
#
# Environments (quick):
#   root          root on this machine
#   user          a normal user (netgrade-matrix, made with useradd) with user namespaces
#   no-userns     that user where user namespaces are refused (tools/no-userns)
#   deny-uid-map  that user where the uid_map write is refused (tools/deny-uid-map, Ubuntu 24.04)
#   docker-caps   root with a default Docker container's capabilities (tools/docker-caps),
#                 in a network namespace of its own as a container is (loopback alone)
#   debian12      root in a minbase chroot of this machine's release (Debian 12 here, 13 in
#                 the fresh Debian 13 system) holding only the built binary's runtime
#                 packages and python3 (no /etc/hosts, no /etc/resolv.conf), in a network
#                 namespace of its own too
#   apparmor      netgrade's AppArmor profile (`netgrade apparmor`, for Ubuntu's user
#                 namespace restriction) parsed by Debian 13's apparmor_parser (AppArmor
#                 4.1, which knows `userns`), in a minbase chroot of Debian 13 with the
#                 apparmor package; a profile with a mistake in it must be refused there
#   portable      the portable archive made here (ci/portable.sh: netgrade with its own loader
#                 and libraries) unpacked in a minbase Debian 13 chroot that has python3 and
#                 none of the libraries this build links: the example's reference passes, a
#                 buggy fixture fails as it should (in a network namespace of its own)
#   portable-reverse  the same the other way: netgrade built in a minbase Debian 13 chroot
#                 (GCC 14, its libraries; only the netgrade target, at -O2 as ci/setup builds
#                 it, ccache kept in the cache), made portable there, and unpacked in a minbase
#                 Debian 12 chroot with python3 alone, older C library included: the same three
#                 checks. Its first build takes about 5 minutes on an idle machine (far more
#                 beside other builds); later ones are ccache's
#   templates     the student CI templates (GitLab, GitHub, GitHub Classroom) run as written
#                 in fresh Debian 12 systems reaching only 127.0.0.1, installing netgrade
#                 from the grader bundle of this build (ci/bundle.sh): a tampered bundle and
#                 one for another release refused (exit 2, nothing installed), the bundle as
#                 made grading the reference 12/12 (tests/install/bundle_test.sh, also ctest
#                 bundle_templates as root)
#   home-toolchains  that user, whose PATH puts toolchains in its home folder first, laid out
#                 as rustup's, nvm's and pyenv's are (made from Debian's packages): the Rust,
#                 JavaScript and Python references are built and run with those, and the
#                 report names them
# (Debian 13: the fresh lane, debian13-fresh; a binary built here does not run there.)
#
# Must run as root (ci/test runs it through sudo for another user). Needs the build
# (build/netgrade, the C++ references and fixtures, and ci/modes' wrappers in build/ci/modes:
# ci/setup --all builds them) and debootstrap: a missing wrapper or an environment that cannot
# be set up fails the run, it is never skipped.
# Other settings: NETGRADE_MATRIX_BUILD (the build tree, default build/), NETGRADE_MATRIX_CACHE
# (debootstrap bases, default /var/cache/netgrade-matrix: <suite>/root with a stamp
# <suite>/complete, and <suite>-runtime/), NETGRADE_MATRIX_USER (default netgrade-matrix),
# NETGRADE_MATRIX_SOURCE (--fresh: the tree to copy, default this one: what git tracks and
# untracked files it does not ignore), NETGRADE_MATRIX_LOGS (--fresh: a folder to keep the
# logs of the commands in), NETGRADE_MATRIX_TIMEOUT (seconds a netgrade run may take, default 600), NETGRADE_MATRIX_JOBS
# (--jobs of each check, default 2), NETGRADE_MATRIX_MIRROR (default: debootstrap's own).
#
# The fresh systems are entered as a container is (a mount namespace whose root is the
# debootstrap tree, through pivot_root), not with chroot: the kernel refuses user namespaces to
# a chrooted process, and netgrade's normal-user modes need them. They are given the
# /etc/hosts and /etc/hostname every installed machine has (debootstrap writes neither); the
# quick debian12 lane keeps none, as netgrade must work without them.
#
# Everything it mounts is mounted in a mount namespace of its own (unshare -m), so nothing
# outlives a run; at the end it checks with findmnt that nothing is left mounted and that no
# process of the matrix user or inside its chroots is left, and removes its temporary folder.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
here=$top/ci/matrix
build=${NETGRADE_MATRIX_BUILD:-$top/build}
tools=$build/ci/modes
cache=${NETGRADE_MATRIX_CACHE:-/var/cache/netgrade-matrix}
muser=${NETGRADE_MATRIX_USER:-netgrade-matrix}
limit=${NETGRADE_MATRIX_TIMEOUT:-600}
jobs=${NETGRADE_MATRIX_JOBS:-2}
# Empty: debootstrap's own default mirror.
mirror=${NETGRADE_MATRIX_MIRROR:-}
source=${NETGRADE_MATRIX_SOURCE:-$top}  # --fresh: the tree copied into the chroots

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
fresh=0
fresh_tests=0
sudo_user=0
wanted=()
while [ $# -gt 0 ]; do
  case $1 in
    --fresh) fresh=1 ;;
    --tests) fresh_tests=1 ;;
    --sudo-user) sudo_user=1 ;;
    --env) [ $# -ge 2 ] || usage; wanted+=("$2"); shift ;;
    -h | --help) usage ;;
    *) echo "ci/matrix.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
extra_envs=()  # run only when named (--env)
if [ $fresh -eq 1 ]; then
  all_envs=(debian12-fresh debian13-fresh)
else
  all_envs=(root user no-userns deny-uid-map docker-caps debian12 home-toolchains apparmor portable portable-reverse templates)
  [ $fresh_tests -eq 0 ] || { echo "ci/matrix.sh: --tests goes with --fresh" >&2; exit 2; }
fi
[ ${#wanted[@]} -gt 0 ] || wanted=("${all_envs[@]}")
for e in "${wanted[@]}"; do
  [[ " ${all_envs[*]} ${extra_envs[*]} " == *" $e "* ]] ||
    { echo "ci/matrix.sh: no environment '$e' in this mode (${all_envs[*]} ${extra_envs[*]})" >&2; exit 2; }
done

die() { echo "ci/matrix.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (it makes a user, chroots and mounts)"
if [ $fresh -eq 0 ]; then
  for t in docker-caps no-userns deny-uid-map deny-uid-map.so; do
    [ -e "$tools/$t" ] || die "the wrapper $tools/$t is missing: ci/setup --all builds it (ci/modes)"
  done
fi
for c in debootstrap setpriv unshare nsenter ip findmnt chroot python3 timeout ss; do
  command -v "$c" >/dev/null || die "$c is missing (apt-get install debootstrap util-linux python3 coreutils iproute2)"
done
python3 -c 'import yaml' 2>/dev/null || die "python3-yaml is missing (apt-get install python3-yaml)"

work=$(mktemp -d /var/tmp/netgrade-matrix.XXXXXX)
chmod 755 "$work"
stage=$work/stage
results=$work/results.tsv   # env <tab> check <tab> PASS|FAIL <tab> detail
: >"$results"
declare -A env_summary

# Kills (by pid) what is left of an environment (ENV), or of the whole run (no argument):
# processes of the matrix user (the user environments, which run one after the other) and
# processes whose root is inside this run's folder or (quick mode, which one run at a time
# holds) the cached runtime chroot. Prints what it killed. (A program that root's netgrade
# left behind runs as a uid of its own, as another netgrade's on this machine may: it cannot be
# told apart, so it is not looked for.)
leftovers() {
  local scope=${1:-all} pid root uid found=""
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$pid" != $$ ] || continue
    root=$(readlink "/proc/$pid/root" 2>/dev/null) || continue
    uid=$(awk '/^Uid:/{print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    if { [[ $scope == all || $scope == *-fresh ]] && [[ "$root" == "$work"* ]]; } ||
      { [[ $scope == all || $scope == debian12 ]] && [ $fresh -eq 0 ] && [[ "$root" == "$cache/$runtime_suite-runtime/"* ]]; } ||
      { [[ $scope == all || $scope == user || $scope == no-userns || $scope == deny-uid-map || $scope == home-toolchains ]] &&
        [ -n "${muid:-}" ] && [ "$uid" = "$muid" ]; }; then
      found+=" $pid($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60))"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  [ -z "$found" ] || echo "$found"
}

# This script's own descendants (a lane, a timeout, a netgrade), deepest last.
descendants() {
  local p c
  for p in "$@"; do
    for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do
      echo "$c"
      descendants "$c"
    done
  done
}

cleanup() {
  local status=$? left mounts pid pids log
  trap - EXIT INT TERM
  # Whatever failed or was being redirected when the run ended: every step of the clean-up
  # runs, and says what it found on the run's own stdout and stderr.
  set +e
  exec 1>&7 2>&8
  pids=$(descendants $$)
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${lane_pids[@]:-}"; do [ -z "$pid" ] || wait "$pid" 2>/dev/null || true; done
  # What an environment that ended early (a failed step) printed.
  for log in "$work"/*/log; do
    [ -f "$log" ] && [ ! -e "${log%/log}/shown" ] || continue
    cat "$log" >&2
    echo "ci/matrix.sh: FAIL: $(basename "${log%/log}") ended early (exit status $status)" >&2
    status=1
  done
  left=$(leftovers)
  [ -z "$left" ] || { echo "ci/matrix.sh: FAIL: processes left behind, killed:$left" >&2; status=1; }
  for ns in docker-caps debian12; do  # a lane's own, when it ended early
    ip netns del "netgrade-matrix-$ns-$$" 2>/dev/null || true
  done
  mounts=$(findmnt -rn -o TARGET | grep -E "^($work|$cache)" || true)
  if [ -n "$mounts" ]; then
    echo "ci/matrix.sh: FAIL: still mounted (left in place, $work not removed):" $mounts >&2
    status=1
  else
    rm -rf "$work"
  fi
  exit $status
}
exec 7>&1 8>&2
trap cleanup EXIT
trap 'exit 130' INT TERM

record() {  # env check PASS|FAIL detail
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4//$'\n'/ | }" >>"$results"
  if [ "$3" = PASS ]; then echo "  ok    $2"; else echo "  FAIL  $2: ${4//$'\n'/ | }"; fi
}

# --- chroots ------------------------------------------------------------------------------

# Runs a command in the chroot ROOT, with /proc, /sys, /dev, a fresh /tmp and (when STAGE is
# not empty) the staged tree read-only at /matrix, all mounted in a mount namespace of its own:
# they vanish with it, whatever happens. EXTRA: more `mount` commands' arguments, ';'-separated.
chroot_run() {  # root stage cwd command...
  local root=$1 st=$2 cwd=$3 in_netns=()
  shift 3
  # The debian12 lane's network namespace, when the lane has one (lane_netns).
  [ -z "${chroot_netns:-}" ] || in_netns=(nsenter --net="/run/netns/$chroot_netns" --)
  "${in_netns[@]}" unshare --mount --propagation private -- /bin/bash -euc '
    root=$1 st=$2 cwd=$3; shift 3
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    if [ -n "$st" ]; then
      mount --bind "$st" "$root/matrix"
      mount -o remount,bind,ro "$root/matrix"
    fi
    if [ -n "${hosts_file:-}" ]; then
      # /etc with an /etc/hosts (the chroot has none), for this command only.
      etc=$(mktemp -d "${hosts_file%/*}/etc.XXXXXX")
      cp -a "$root/etc/." "$etc/"
      cp "$hosts_file" "$etc/hosts"
      mount --bind "$etc" "$root/etc"
    fi
    exec chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
  ' bash "$root" "$st" "$cwd" "$@"
}

# Runs a command in the system at ROOT as a container runs it: namespaces of its own for mounts,
# processes and the host name; /proc, /sys, /dev and a fresh /tmp mounted; ROOT made the root
# with pivot_root (not chroot: a chrooted process may not make user namespaces, and the tests
# of netgrade's normal-user modes need them). Whatever the command leaves running ends with
# the namespace's first process. NAME: the host name, in /proc/sys/kernel/hostname as in ROOT's
# /etc/hostname.
system_run() {  # root name cwd command...
  local root=$1 name=$2 cwd=$3
  shift 3
  unshare --mount --uts --pid --fork --propagation private -- /bin/bash -euc '
    root=$1 name=$2 cwd=$3; shift 3
    mount --bind "$root" "$root"
    mount --rbind /dev "$root/dev"
    mount -t proc proc "$root/proc"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    echo "$name" >/proc/sys/kernel/hostname
    mkdir -p "$root/.old-root"
    cd "$root"
    pivot_root . .old-root
    umount -l /.old-root
    rmdir /.old-root
    # Not exec: this shell, first process of the namespace, reaps what is orphaned in it.
    /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
  ' bash "$root" "$name" "$cwd" "$@"
}

# A minbase debootstrap of SUITE under $cache/SUITE/root, made once: a folder without its
# stamp (a debootstrap that was interrupted) is made again. debootstrap copies the host's
# resolv.conf and hostname; both are removed, as a minimal Debian has neither (nor /etc/hosts).
base_of() {  # suite -> prints the root
  local suite=$1 dir=$cache/$1 lock
  mkdir -p "$cache"
  exec {lock}>"$cache/.lock-$suite"  # another run making the same one: wait for it
  flock "$lock"
  if [ ! -f "$dir/complete" ]; then
    echo "making the $suite minbase chroot in $dir/root (debootstrap, once)" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    nice -n 10 debootstrap --variant=minbase "$suite" "$dir/root" ${mirror:+"$mirror"} >"$dir/debootstrap.log" 2>&1 ||
      { echo "debootstrap $suite failed: $(tail -n 3 "$dir/debootstrap.log")" >&2; return 1; }
    rm -f "$dir/root/etc/resolv.conf" "$dir/root/etc/hostname"
    date -u +"debootstrap --variant=minbase $suite %FT%TZ" >"$dir/complete"
  fi
  [ ! -e "$dir/root/etc/hosts" ] && [ ! -e "$dir/root/etc/resolv.conf" ] ||
    { echo "$dir/root has an /etc/hosts or /etc/resolv.conf; a minimal Debian has neither" >&2; return 1; }
  echo "$dir/root"
}

# Installs packages into ROOT from the suite's registry: resolv.conf only for apt's time.
chroot_install() {  # root package...
  local root=$1
  shift
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  local rc=0
  chroot_run "$root" "" / sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null && apt-get clean' sh "$@" || rc=$?
  rm -f "$root/etc/resolv.conf"
  return $rc
}

owner_of() { dpkg -S "$1" 2>/dev/null | grep -v '^diversion ' | sed -n 1p | grep .; }

# The Debian packages the staged programs load (ldd, dpkg -S), and python3.
runtime_packages() {
  local f lib pkgs=(python3)
  while read -r lib; do
    local owner
    # dpkg -S also prints "diversion by P from: PATH" lines (Debian 13's ld.so): not owners.
    owner=$(owner_of "$lib" || owner_of "$(readlink -f "$lib")" || owner_of "/usr$lib") ||
      { echo "no Debian package holds $lib" >&2; return 1; }
    pkgs+=("${owner%%:*}")
  done < <(find "$stage/build" -type f -perm -u+x -print0 | xargs -0 ldd 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u)
  printf '%s\n' "${pkgs[@]}" | sed 's/:amd64$//' | sort -u | tr '\n' ' '
}

# Debian 12 with the runtime packages, kept in the cache: made again from the base when the
# package list changes. /tmp is a fresh tmpfs for every command (chroot_run).
runtime_chroot() {
  local pkgs dir=$cache/$runtime_suite-runtime base lock
  pkgs=$(runtime_packages) || return 1
  exec {lock}>"$cache/.lock-$runtime_suite-runtime"
  flock "$lock"
  if [ ! -f "$dir/complete" ] || [ "$(cat "$dir/complete")" != "$pkgs" ]; then
    base=$(base_of "$runtime_suite") || return 1
    echo "making the $runtime_suite runtime chroot: $pkgs" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -a "$base" "$dir/root"
    mkdir "$dir/root/matrix"
    # shellcheck disable=SC2086
    chroot_install "$dir/root" $pkgs >&2 || { echo "apt-get install $pkgs failed in the chroot" >&2; return 1; }
    # Debian 13's netbase (which python3 pulls in) writes a localhost-only /etc/hosts as it is
    # configured, a file no package owns: gone again, as the lane is a system without one.
    if [ -e "$dir/root/etc/hosts" ] && ! chroot "$dir/root" dpkg -S /etc/hosts >/dev/null 2>&1; then
      rm -f "$dir/root/etc/hosts"
    fi
    echo "$pkgs" >"$dir/complete"
  fi
  [ ! -e "$dir/root/etc/hosts" ] && [ ! -e "$dir/root/etc/resolv.conf" ] ||
    { echo "$dir/root has an /etc/hosts or /etc/resolv.conf" >&2; return 1; }
  echo "$dir/root"
}

# --- running netgrade in an environment -------------------------------------------------------

# Runs a command from the top of the staged tree in environment ENV, stdout to OUT, stderr to
# ERR; prints its exit status.
run_in() {  # env out err command...
  local env=$1 out=$2 err=$3 rc=0
  shift 3
  local as_user=(setpriv --reuid="$muid" --regid="$mgid" --init-groups --reset-env)
  local pre chroot_hosts=""
  case $env in
    root) pre=(env -C "$stage") ;;
    user) pre=("${as_user[@]}" env -C "$stage") ;;
    no-userns) pre=("${as_user[@]}" env -C "$stage" "$stage/modes/no-userns") ;;
    deny-uid-map) pre=("${as_user[@]}" env -C "$stage" "$stage/modes/deny-uid-map") ;;
    # A container has a network namespace of its own: so has this lane (lane_netns, loopback
    # alone in it), and it runs beside the lanes that share the machine's network.
    docker-caps) pre=(nsenter --net="/run/netns/$(lane_netns docker-caps)" -- env -C "$stage" "$stage/modes/docker-caps") ;;
    debian12) pre=(chroot_run "$chroot12" "$stage" /matrix) ;;
    *) echo "run_in: no environment $env" >&2; return 1 ;;
  esac
  if [ "${map_hosts:-0}" = 1 ]; then
    # What `docker run --add-host servername:127.0.0.1 --add-host hostname:127.0.0.1` does,
    # which the README asks of a machine without network namespaces for the textbook's
    # programs: this machine's /etc/hosts plus the two names, in a mount namespace of its own.
    if [ "$env" = debian12 ]; then
      # The chroot has no /etc/hosts: one with localhost and the two names.
      printf '127.0.0.1 localhost servername hostname\n' >"$work/hosts-chroot"
      chroot_hosts=$work/hosts-chroot
    else
      { cat /etc/hosts; echo "127.0.0.1 servername hostname"; } >"$work/hosts"
      chmod 644 "$work/hosts"
      pre=(unshare --mount --propagation private -- /bin/sh -c 'mount --bind "$0" /etc/hosts && exec "$@"' "$work/hosts" "${pre[@]}")
    fi
  fi
  hosts_file=$chroot_hosts "${pre[@]}" timeout -k 10 "$limit" "$@" >"$out" 2>"$err" || rc=$?
  echo "$rc"
}

grader_uid() { case $1 in user | no-userns | deny-uid-map) echo "$muid" ;; *) echo 0 ;; esac; }
# The lanes of root in a network namespace of their own, with loopback alone in it: docker-caps
# (a container has one) and debian12 (a chroot; what is checked there is the system's files).
# They run beside the lanes that share the machine's network and its fixed ports.
lane_netns() { echo "netgrade-matrix-$1-$$"; }
own_network() { [ "$1" = docker-caps ] || [ "$1" = debian12 ] || [ "$1" = portable ] || [ "$1" = portable-reverse ]; }
# The network namespace netgrade runs in: its lane's own, or the machine's.
grader_netns() {
  if own_network "$1"; then nsenter --net="/run/netns/$(lane_netns "$1")" -- readlink /proc/self/ns/net
  else echo "$host_netns"; fi
}

# The tree the environments grade: the binary, the specs, the references (C++ ones built),
# the chosen fixtures and the probe, world-readable (the matrix user reads it).
stage_tree() {
  [ -x "$build/netgrade" ] || die "$build/netgrade is missing: build it first (ci/setup --all)"
  mkdir -p "$stage/build" "$stage/tests/submissions" "$stage/probe" "$stage/modes"
  cp "$build/netgrade" "$stage/build/"
  cp "$tools/docker-caps" "$tools/no-userns" "$tools/deny-uid-map" "$tools/deny-uid-map.so" "$stage/modes/"
  cp -r "$top/specs" "$stage/"
  cp "$here/probe/server.py" "$stage/probe/"
  local ex lang src
  for spec in "$top"/specs/*.yaml; do
    ex=$(basename "$spec" .yaml)
    # congestion-control's verdicts are goodputs measured on the machine: beside ctest, the
    # matrix's load would be the measure. reliable-transfer proves the transport kind in every
    # lane; the catalogue grades congestion-control's programs one at a time (RUN_SERIAL).
    [ "$ex" != congestion-control ] || continue
    for lang in cpp python; do
      src=$top/reference/$ex/$lang
      [ -d "$src" ] || continue
      if ls "$src" | grep -qE '\.(c|cc|cpp)$' && [ ! -e "$src/Makefile" ]; then
        [ -d "$build/reference/$ex/$lang" ] ||
          die "$build/reference/$ex/$lang is missing: build the references first (ci/setup --all, or cmake --build $build)"
        mkdir -p "$stage/build/reference/$ex"
        cp -r "$build/reference/$ex/$lang" "$stage/build/reference/$ex/"
        references+=("$ex build/reference/$ex/$lang")
      else
        mkdir -p "$stage/reference/$ex"
        cp -r "$src" "$stage/reference/$ex/"
        references+=("$ex reference/$ex/$lang")
      fi
    done
  done
  local f dir
  for f in "${fixtures[@]}"; do
    dir=$top/tests/submissions/$f
    [ -f "$dir/expected.yaml" ] || die "fixture $dir/expected.yaml is missing"
    if ls "$dir" | grep -qE '\.(c|cc|cpp)$' && [ ! -e "$dir/Makefile" ]; then
      [ -d "$build/tests/submissions/$f" ] || die "$build/tests/submissions/$f is missing: build the fixtures first (cmake --build $build)"
      mkdir -p "$stage/build/tests/submissions/$(dirname "$f")"
      cp -r "$build/tests/submissions/$f" "$stage/build/tests/submissions/$(dirname "$f")/"
      cp "$dir/expected.yaml" "$stage/build/tests/submissions/$f/"
    else
      mkdir -p "$stage/tests/submissions/$(dirname "$f")"
      cp -r "$dir" "$stage/tests/submissions/$(dirname "$f")/"
    fi
  done
  chmod -R a+rX "$stage"
}

fixture_dir() { [ -d "$stage/build/tests/submissions/$1" ] && echo "build/tests/submissions/$1" || echo "tests/submissions/$1"; }

# Until no socket of this machine's network holds TCP port $1 (TIME_WAIT included), at most
# 70 s (TIME_WAIT lasts 60).
wait_port_free() {
  local waited=0
  while [ -n "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ] && [ $waited -lt 700 ]; do
    sleep 0.1
    waited=$((waited + 1))
  done
  [ $waited -eq 0 ] || echo "  (waited $((waited / 10)) s for port $1 to be free of the last environment's connections)"
}

# The machine's System V IPC objects and POSIX message queues, one per line: objects that no
# process owns and no kill removes.
ipc_objects() {
  tail -q -n +2 /proc/sysvipc/shm /proc/sysvipc/msg /proc/sysvipc/sem
  ls /dev/mqueue 2>/dev/null || true
}

# The checks of one environment.
run_env() {
  local env=$1 o=$work/$1 rc detail
  mkdir -p "$o"
  ipc_objects >"$o/ipc-before"
  local ng=build/netgrade
  # 1. The probe: what the report says of the containment, against what the program saw.
  local p1 p2 p3
  p1=$(run_in "$env" "$o/probe.json" "$o/probe.err" $ng check specs/tcp-capitalize.yaml --submission probe \
    --role server --case server-one-line --format json)
  p2=$(run_in "$env" "$o/probe-verbose.out" "$o/probe-verbose.err" $ng check specs/tcp-capitalize.yaml \
    --submission probe --role server --case server-one-line --verbose --color never)
  # Where netgrade reports no network namespace, the textbook's programs (which dial the
  # names servername and hostname) are graded with the names mapped in /etc/hosts, as the
  # README tells such a machine's owner to do (GitLab's extra_hosts, docker --add-host); that
  # the report says they must be is checked with the containment.
  local textbook_hosts=0 mapped=""
  python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["sandbox"]["network_namespace"] else 1)' \
    "$o/probe.json" 2>/dev/null || { textbook_hosts=1; mapped=", servername and hostname in /etc/hosts"; }
  # A spec with a fixed port (12000): the student's sentence is there exactly without a
  # network namespace. The textbook's reference also scores 100% here.
  # The environment before this one graded the same programs on this machine's port 12000 a
  # minute ago at most: a connection the textbook's server closed first lingers there in
  # TIME_WAIT for 60 s, and as that server sets no SO_REUSEADDR, its bind (and the reference
  # peer's) would fail. Seen, not guessed: the wait ends when the kernel shows none left.
  [ $textbook_hosts -eq 0 ] || own_network "$env" || wait_port_free 12000
  p3=$(map_hosts=$textbook_hosts run_in "$env" "$o/textbook.out" "$o/textbook.err" $ng check specs/tcp-capitalize-textbook.yaml \
    --submission reference/tcp-capitalize-textbook/python --jobs "$jobs" --color never)
  local containment
  containment=$(python3 "$here/check.py" containment "$o/probe.json" "$p1" "$o/probe-verbose.err" \
    "$o/textbook.err" "$(grader_uid "$env")" "$(grader_netns "$env")" "$env") && rc=0 || rc=$?
  env_summary[$env]=$(grep '^containment: ' <<<"$containment" | sed 's/^containment: //')
  if [ $rc -eq 0 ]; then record "$env" "containment reported = containment seen" PASS ""
  else record "$env" "containment reported = containment seen" FAIL "$(grep -vE '^(containment|separate-netns): ' <<<"$containment")"; fi
  [ "$p2" = 1 ] && record "$env" "probe, text report: exit 1" PASS "" ||
    record "$env" "probe, text report: exit 1" FAIL "exit status $p2: $(tail -n 3 "$o/probe-verbose.err")"
  if [ "$p3" = 0 ] && grep -qE '^Score: ([0-9]+)/\1 ' "$o/textbook.out"; then
    record "$env" "reference/tcp-capitalize-textbook/python (text report, fixed port$mapped)" PASS ""
  else
    record "$env" "reference/tcp-capitalize-textbook/python (text report, fixed port$mapped)" FAIL \
      "exit status $p3, $(grep '^Score' "$o/textbook.out" || echo 'no score'); stderr: $(tail -n 3 "$o/textbook.err")"
  fi
  local netns=0
  ! grep -qx 'separate-netns: yes' <<<"$containment" || netns=1
  # 2. Every reference solution: 100%, exit 0.
  local r ex sub n=0
  for r in "${references[@]}"; do
    read -r ex sub <<<"$r"
    [ "$sub" != reference/tcp-capitalize-textbook/python ] || continue
    n=$((n + 1))
    local map=0 label=$sub
    [[ "$ex" != *-textbook ]] || { map=$textbook_hosts; label+=$mapped; }
    rc=$(map_hosts=$map run_in "$env" "$o/ref$n.json" "$o/ref$n.err" $ng check "specs/$ex.yaml" --submission "$sub" --format json --jobs "$jobs")
    # An ICMP lab and a program in the middle (netgrade plays the server it reaches by name,
    # {origin_port}) need network namespaces: where the environment has none, each case is
    # reported not run, with why and the remedy (exit 2), and that is the right outcome there.
    if { grep -qx 'protocol: icmp' "$stage/specs/$ex.yaml" ||
      grep -qF '{origin_port}' "$stage/specs/$ex.yaml"; } && [ "$netns" = 0 ]; then
      if [ "$rc" = 2 ] && grep -q 'not run on this machine' "$o/ref$n.err" &&
        python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cases"]; sys.exit(not c or any(x["verdict"] != "not_run" or x["diagnosis"] != "not_run_here" for x in c))' "$o/ref$n.json"; then
        record "$env" "$label (not run here: no network namespaces)" PASS ""
      else record "$env" "$label (not run here: no network namespaces)" FAIL "exit status $rc: $(tail -n 3 "$o/ref$n.err")"; fi
      continue
    fi
    if detail=$(python3 "$here/check.py" reference "$o/ref$n.json" "$o/ref$n.err" "$rc"); then record "$env" "$label" PASS ""
    else record "$env" "$label" FAIL "$detail"; fi
  done
  # 3. The fixtures, graded as their expected.yaml says.
  local f args needs
  for f in "${fixtures[@]}"; do
    sub=$(fixture_dir "$f")
    needs=$(python3 -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1])).get("needs") or "")' "$stage/$sub/expected.yaml")
    if [ "$needs" = namespaces ] && [ $netns -eq 0 ]; then
      # It dials a host that is not this machine: without a network namespace that would be
      # the real network (netgrade validate leaves it out there too).
      echo "  --    $sub (needs a network namespace: not run here)"
      continue
    fi
    mapfile -t args < <(python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
for r in d.get("roles") or []: print("--role"); print(r)
for c in d.get("cases") or []: print("--case"); print(c)' "$stage/$sub/expected.yaml")
    ex=$(python3 -c 'import sys,yaml; print(yaml.safe_load(open(sys.argv[1]))["spec"])' "$stage/$sub/expected.yaml")
    n=$((n + 1))
    rc=$(run_in "$env" "$o/fx$n.json" "$o/fx$n.err" $ng check "specs/$ex.yaml" --submission "$sub" "${args[@]}" --format json --jobs "$jobs")
    if detail=$(python3 "$here/check.py" fixture "$o/fx$n.json" "$o/fx$n.err" "$rc" "$stage/$sub/expected.yaml"); then
      record "$env" "$sub" PASS ""
    else record "$env" "$sub" FAIL "$detail"; fi
  done
  # reads-the-class leaves this file wherever it can write the machine's /tmp.
  local leak=/tmp/reads-the-class-was-here
  [ "$env" != debian12 ] || leak=$chroot12$leak
  if [ -e "$leak" ]; then
    record "$env" "nothing written to the machine's /tmp" FAIL "$leak was left"
    rm -f "$leak"
  else record "$env" "nothing written to the machine's /tmp" PASS ""; fi
  local left
  left=$(leftovers "$env")
  [ -z "$left" ] && record "$env" "nothing left running" PASS "" || record "$env" "nothing left running" FAIL "killed:$left"
  local ipc
  ipc=$(ipc_objects | grep -vxF -f "$o/ipc-before" || true)
  [ -z "$ipc" ] && record "$env" "no IPC object left (shared memory, queues, semaphores)" PASS "" ||
    record "$env" "no IPC object left (shared memory, queues, semaphores)" FAIL "$ipc"
}

# A home folder laid out as rustup's, nvm's and pyenv's installers leave it, made from
# Debian's rustc, node and python3 (nothing else can be downloaded here): rustup's proxies in
# ~/.cargo/bin (links to a rustup file) and its default toolchain in ~/.rustup; nvm's node, a
# copy of the real binary, in ~/.nvm/versions/node/vX/bin; pyenv's shim script in
# ~/.pyenv/shims and its global version's python3, a copy, in ~/.pyenv/versions/X/bin.
make_toolchain_home() {  # home
  local h=$1 t=stable-x86_64-unknown-linux-gnu node_v py_v
  # Debian's own, by path: root's PATH may have its own managers' shims first.
  node_v=v$(/usr/bin/node --version | tr -d v)
  py_v=$(/usr/bin/python3 -c 'import platform; print(platform.python_version())')
  mkdir -p "$h/.cargo/bin" "$h/.rustup/toolchains/$t/bin" "$h/.nvm/versions/node/$node_v/bin" \
    "$h/.pyenv/shims" "$h/.pyenv/versions/$py_v/bin"
  printf '#!/bin/sh\necho "rustup stands in here" >&2; exit 1\n' >"$h/.cargo/bin/rustup"
  chmod 755 "$h/.cargo/bin/rustup"
  for tool in rustc cargo; do
    ln -s rustup "$h/.cargo/bin/$tool"
    ln -s "/usr/bin/$tool" "$h/.rustup/toolchains/$t/bin/$tool"
  done
  printf 'version = "12"\ndefault_toolchain = "%s"\nprofile = "minimal"\n' "$t" >"$h/.rustup/settings.toml"
  cp "$(readlink -f /usr/bin/node)" "$h/.nvm/versions/node/$node_v/bin/node"
  cp "$(readlink -f /usr/bin/python3)" "$h/.pyenv/versions/$py_v/bin/python3"
  echo "$py_v" >"$h/.pyenv/version"
  printf '#!/usr/bin/env bash\nset -e\nexport PYENV_ROOT="%s"\nexec "%s/libexec/pyenv" exec "${0##*/}" "$@"\n' \
    "$h/.pyenv" "$h/.pyenv" >"$h/.pyenv/shims/python3"
  chmod 755 "$h/.pyenv/shims/python3"
  chown -R "$muid:$mgid" "$h"
  chmod -R a+rX "$h"
  echo "$h/.cargo/bin:$h/.nvm/versions/node/$node_v/bin:$h/.pyenv/shims:/usr/local/bin:/usr/bin:/bin"
}

# The matrix user with toolchains in its home folder first on its PATH: the Rust, JavaScript
# and Python references of tcp-capitalize score 100% with them, and the report names each
# from the home folder (~/.rustup/..., ~/.nvm/..., ~/.pyenv/...).
run_home_toolchains() {
  local env=home-toolchains o=$work/home-toolchains h=$work/home path lang rc want
  mkdir -p "$o" "$h"
  path=$(make_toolchain_home "$h")
  for lang in rust javascript python; do
    mkdir -p "$stage/home-refs/$lang"
    cp -r "$top/reference/tcp-capitalize/$lang/." "$stage/home-refs/$lang/"
  done
  chmod -R a+rX "$stage/home-refs"
  for lang in rust javascript python; do
    case $lang in rust) want='~/.rustup/toolchains/' ;; javascript) want='~/.nvm/versions/node/' ;; python) want='~/.pyenv/versions/' ;; esac
    rc=0
    setpriv --reuid="$muid" --regid="$mgid" --init-groups --reset-env env -C "$stage" HOME="$h" PATH="$path" \
      timeout -k 10 "$limit" build/netgrade check specs/tcp-capitalize.yaml --submission "home-refs/$lang" \
      --format json --jobs "$jobs" >"$o/$lang.json" 2>"$o/$lang.err" || rc=$?
    if ! detail=$(python3 "$here/check.py" reference "$o/$lang.json" "$o/$lang.err" "$rc"); then
      record "$env" "reference/tcp-capitalize/$lang with the home folder's toolchain" FAIL "$detail"
    elif ! grep -qF "$want" "$o/$lang.json"; then
      record "$env" "reference/tcp-capitalize/$lang with the home folder's toolchain" FAIL \
        "100%, but the report does not name a toolchain under $want: $(grep -o '"toolchain"[^,}]*' "$o/$lang.json" | sort -u | head -n 3)"
    else
      record "$env" "reference/tcp-capitalize/$lang with the home folder's toolchain ($want)" PASS ""
    fi
  done
  local left
  left=$(leftovers "$env")
  [ -z "$left" ] && record "$env" "nothing left running" PASS "" || record "$env" "nothing left running" FAIL "killed:$left"
}

# SUITE's minbase system with PACKAGES installed, kept in the cache as $cache/NAME (made once
# from the base), without the localhost-only /etc/hosts that Debian 13's netbase writes and no
# package owns (the lanes' systems have none).
chroot_with() {  # name suite package...
  local name=$1 suite=$2 dir=$cache/$1 base lock
  shift 2
  exec {lock}>"$cache/.lock-$name"
  flock "$lock"
  if [ ! -f "$dir/complete" ]; then
    base=$(base_of "$suite") || return 1
    echo "making the $suite chroot with $* (once)" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    cp -a "$base" "$dir/root"
    mkdir -p "$dir/root/matrix"
    chroot_install "$dir/root" "$@" >&2 || { echo "apt-get install $* failed in the chroot" >&2; return 1; }
    if [ -e "$dir/root/etc/hosts" ] && ! chroot "$dir/root" dpkg -S /etc/hosts >/dev/null 2>&1; then
      rm -f "$dir/root/etc/hosts"
    fi
    touch "$dir/complete"
  fi
  echo "$dir/root"
}

# The lanes' systems, by what they hold (chroot_with): made by the lane, or beforehand by the
# prefetch below, whichever comes first.
apparmor_chroot() { chroot_with trixie-apparmor trixie apparmor; }
portable_chroot() { chroot_with trixie-python trixie python3; }
reverse_target_chroot() { chroot_with bookworm-python bookworm python3; }
builder_chroot() {
  chroot_with trixie-build trixie build-essential cmake ninja-build pkg-config file ccache \
    libfmt-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libpugixml-dev libre2-dev \
    libicu-dev zlib1g-dev libseccomp-dev libpcap0.8-dev
}

# The profile `netgrade apparmor` writes, for the package's binary and for this build's, is
# what AppArmor 4.1's own parser accepts (-Q: parsed and compiled, not loaded; this kernel
# has no AppArmor). The same parser refuses a profile with a mistake in it, so the check can
# fail.
run_apparmor() {
  local env=apparmor root o=$work/apparmor binary out
  mkdir -p "$o"
  if ! root=$(apparmor_chroot); then
    record "$env" "Debian 13 chroot with apparmor" FAIL "could not be set up (see above)"
    return
  fi
  record "$env" "Debian 13 chroot with apparmor ($(chroot "$root" dpkg-query -W -f '${Version}' apparmor))" PASS ""
  mkdir -p "$root/root/profiles"
  for binary in /usr/bin/netgrade "$top/build/netgrade"; do
    "$build/netgrade" apparmor --binary "$binary" >"$root/root/profiles/good" 2>"$o/err"
    if out=$(chroot_run "$root" "" / apparmor_parser -Q -K /root/profiles/good 2>&1); then
      record "$env" "the profile for $binary parses under apparmor_parser 4.1" PASS ""
    else
      record "$env" "the profile for $binary parses under apparmor_parser 4.1" FAIL "$out $(cat "$o/err")"
    fi
  done
  sed 's/^  userns,/  usernss,/' "$root/root/profiles/good" >"$root/root/profiles/bad"
  if out=$(chroot_run "$root" "" / apparmor_parser -Q -K /root/profiles/bad 2>&1); then
    record "$env" "a profile with a mistake is refused by the same parser" FAIL "it was accepted"
  else
    record "$env" "a profile with a mistake is refused by the same parser" PASS ""
  fi
  rm -rf "$root/root/profiles"
}

# This machine's build, as the portable archive, on Debian 13 without its libraries: the
# libraries it links are missing there (ldd says so), and it grades all the same. In the
# Debian 13 chroot with python3 alone, for the example's programs ($portable_root).
run_portable() {
  local env=portable o=$work/portable archive
  mkdir -p "$o"
  # The build the run grades with (NETGRADE_MATRIX_BUILD), not whatever build/ the checkout has.
  if ! archive=$(NETGRADE_BINARY=$build/netgrade "$top/ci/portable.sh" "$o" 2>"$o/err" | sed -n 's/ (.*//p') || [ ! -f "$archive" ]; then
    record "$env" "ci/portable.sh makes the archive" FAIL "$(cat "$o/err")"
    return
  fi
  record "$env" "ci/portable.sh makes the archive ($(du -h "$archive" | cut -f1))" PASS ""
  grade_portable "$env" "$archive" "$portable_root" "Debian 13"
}

# netgrade built from this tree (read-only) in a minbase Debian 13 chroot (GCC 14 and Debian 13's libraries; only the
# netgrade target, its ccache kept with the chroot), made portable there, then graded with in
# a minbase Debian 12 chroot that has python3 alone ($portable_root): an older C library and
# none of the libraries it links.
run_portable_reverse() {
  local env=portable-reverse o=$work/portable-reverse builder=$builder_root archive t0
  mkdir -p "$o"
  record "$env" "Debian 13 chroot with the build packages (GCC $(chroot "$builder" gcc -dumpversion))" PASS ""
  mkdir -p "$builder/out"
  t0=$(date +%s)
  if ! chroot_run "$builder" "$top" /matrix sh -euc '
      export CCACHE_DIR=/root/.ccache CCACHE_BASEDIR=/matrix CCACHE_NOHASHDIR=1
      # At -O2, as ci/setup builds it (what users run), not CMake'"'"'s Release default, -O3:
      # this build is the matrix'"'"'s longest step on a cold cache, and -O3 took 5% more CPU
      # (ten of its files by GCC 12: 16.5 s, 15.6 s at -O2).
      cmake -S /matrix -B /out/build -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DNETGRADE_TESTS=OFF \
        -DNETGRADE_WERROR=OFF -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
      # ninja says a compiler error on stdout: into the log when the build fails.
      nice cmake --build /out/build --target netgrade >/out/ninja.log ||
        { grep -v "^\[[0-9]*/[0-9]*\] " /out/ninja.log | tail -n 20; exit 1; }
      rm -f /out/netgrade-portable-*
      NETGRADE_BINARY=/out/build/netgrade /matrix/ci/portable.sh /out' >"$o/build.log" 2>&1; then
    record "$env" "netgrade built and made portable on Debian 13" FAIL "$(tail -n 5 "$o/build.log")"
    return
  fi
  archive=$(ls "$builder"/out/netgrade-portable-*.tar.gz)
  record "$env" "netgrade built and made portable on Debian 13 in $(($(date +%s) - t0)) s ($(du -h "$archive" | cut -f1))" PASS ""
  grade_portable "$env" "$archive" "$portable_root" "Debian 12"
}

# The portable archive unpacked in `root` (another release, `system` in words): what its ldd
# finds missing there, the example's reference passing, a buggy fixture failing as it should.
grade_portable() {  # env archive root system
  local env=$1 archive=$2 root=$3 system=$4 o=$work/$1 rc missing
  rm -rf "$root/opt/netgrade"
  tar -C "$root/opt" -xzf "$archive"
  missing=$(chroot_run "$root" "" / sh -c 'ldd /opt/netgrade/lib/netgrade/netgrade | grep -c "not found"' || true)
  if [ "${missing:-0}" -gt 0 ]; then
    record "$env" "$system lacks the libraries this build links ($missing not found by its ldd)" PASS ""
  else
    record "$env" "$system lacks the libraries this build links" FAIL "its ldd found them all: the lane proves nothing"
  fi
  rc=0
  chroot_run "$root" "$stage" /matrix /opt/netgrade/bin/netgrade check \
    /opt/netgrade/share/netgrade/specs/tcp-capitalize.yaml --submission reference/tcp-capitalize/python \
    >"$o/reference.txt" 2>&1 || rc=$?
  [ $rc -eq 0 ] && record "$env" "reference/tcp-capitalize/python passes with the portable netgrade" PASS "" ||
    record "$env" "reference/tcp-capitalize/python passes with the portable netgrade" FAIL "exit $rc: $(tail -n 5 "$o/reference.txt")"
  rc=0
  chroot_run "$root" "$stage" /matrix /opt/netgrade/bin/netgrade check \
    /opt/netgrade/share/netgrade/specs/tcp-capitalize.yaml --submission tests/submissions/tcp-capitalize/one-recv-per-connection --role server \
    --format json >"$o/fixture.json" 2>"$o/fixture.err" || rc=$?
  if detail=$(python3 "$here/check.py" fixture "$o/fixture.json" "$o/fixture.err" "$rc" "$top/tests/submissions/tcp-capitalize/one-recv-per-connection/expected.yaml"); then
    record "$env" "tcp-capitalize/one-recv-per-connection fails as expected with it" PASS ""
  else
    record "$env" "tcp-capitalize/one-recv-per-connection fails as expected with it" FAIL "$detail"
  fi
  rm -rf "$root/opt/netgrade"
}

# The student CI templates' jobs with the bundle of this build: tests/install/bundle_test.sh,
# which prints one line per problem, or its summary.
run_templates() {
  local env=templates out rc=0
  out=$(NETGRADE_MATRIX_CACHE=$cache "$top/tests/install/bundle_test.sh" "$top" "$build" 2>&1) || rc=$?
  if [ $rc -eq 0 ]; then
    record "$env" "the GitLab, GitHub and GitHub Classroom jobs with the grader bundle" PASS ""
    echo "  $(tail -n 1 <<<"$out")"
  else
    record "$env" "the GitLab, GitHub and GitHub Classroom jobs with the grader bundle" FAIL "exit $rc: $(grep '^bundle_test: ' <<<"$out" | head -n 5)"
  fi
}

# --- fresh chroots ----------------------------------------------------------------------------

# The README's Nth set-up command: the first line of the Nth ```sh block under "## Set up"
# (1: build and grade the example; 2: build everything and run the tests).
readme_command() {  # README N
  awk -v n="$2" '/^## / {s = ($0 == "## Set up")} s && /^```sh/ && ++k == n {getline; print; exit}' "$1"
}

run_fresh() {  # env suite
  local env=$1 suite=$2 o=$work/$1 base root cmd rc t0 t1
  mkdir -p "$o"
  base=$(base_of "$suite") || { record "$env" "minbase $suite chroot" FAIL "could not be made"; return; }
  root=$o/root
  cp -a "$base" "$root"
  [ ! -e "$root/etc/hosts" ] && record "$env" "debootstrap wrote no /etc/hosts" PASS "" ||
    record "$env" "debootstrap wrote no /etc/hosts" FAIL "$root/etc/hosts exists"
  # What an installed machine or a container has, and debootstrap does not write.
  echo "$env" >"$root/etc/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$env" >"$root/etc/hosts"
  # The repository as a clone has it, with uncommitted changes, without build trees: in
  # root's home, or (--sudo-user) in the home of a user who may use sudo.
  local home=/root as=()
  # apt needs a name server to reach the registry (a fresh machine on a network has one);
  # daemons that packages install are not started in the chroot (as in Debian's Docker images).
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  if [ $sudo_user -eq 1 ]; then
    home=/home/student
    as=(setpriv --reuid=student --regid=student --init-groups --reset-env)
    system_run "$root" "$env" / /bin/sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends sudo >/dev/null &&
      useradd --create-home --shell /bin/bash student && echo "student ALL=(ALL) NOPASSWD: ALL" >/etc/sudoers.d/student' \
      >"$o/sudo.log" 2>&1 || { record "$env" "a user who may use sudo" FAIL "$(tail -n 3 "$o/sudo.log")"; return; }
  fi
  # A clone of the commit checked out (ci/format.sh checks the files git tracks), with the
  # working tree's files over it: uncommitted changes show as a clone's would.
  git clone -q --no-local --no-checkout "$source" "$root$home/netgrade"
  git -C "$root$home/netgrade" checkout -q "$(git -C "$source" rev-parse HEAD)"
  (cd "$source" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf -) |
    tar -C "$root$home/netgrade" -xf -
  [ $sudo_user -eq 0 ] || chown -R --reference="$root$home" "$root$home/netgrade"
  cmd=$(readme_command "$root$home/netgrade/README.md" 1)
  [ -n "$cmd" ] || { record "$env" "README's first set-up command" FAIL "no \`\`\`sh block under ## Set up in README.md"; return; }
  echo "  (in $suite${as:+ as a user who may use sudo}: $cmd)"
  t0=$(date +%s)
  rc=0
  system_run "$root" "$env" "$home/netgrade" "${as[@]}" timeout -k 10 3600 /bin/bash -c "$cmd" >"$o/first.log" 2>&1 || rc=$?
  t1=$(date +%s)
  local warnings
  warnings=$(grep -E 'warning:' "$o/first.log" | sort -u || true)
  mkdir -p "${NETGRADE_MATRIX_LOGS:-$work}"
  cp "$o/first.log" "${NETGRADE_MATRIX_LOGS:-$work}/$env-first.log" 2>/dev/null || true
  if [ $rc -eq 0 ] && grep -qE '^Score: ([0-9]+)/\1 ' "$o/first.log"; then
    record "$env" "README first command ($((t1 - t0)) s): $cmd" PASS ""
  else
    record "$env" "README first command ($((t1 - t0)) s): $cmd" FAIL "exit status $rc; $(grep -E -A2 'error|Error|Score' "$o/first.log" | grep -v '^--$' | head -n 12)"
  fi
  if [ ! -x "$root$home/netgrade/build/netgrade" ]; then
    record "$env" "build without compiler warnings" FAIL "build/netgrade was not built: the warnings are not known"
  elif [ -z "$warnings" ]; then
    record "$env" "build without compiler warnings ($(chroot "$root" gcc -dumpfullversion 2>/dev/null || echo no gcc))" PASS ""
  else
    record "$env" "build without compiler warnings" FAIL "$warnings"
  fi
  env_summary[$env]="gcc $(chroot "$root" gcc -dumpfullversion 2>/dev/null || echo '?'), first command $((t1 - t0)) s"
  if [ $fresh_tests -eq 1 ]; then
    local cmd2
    cmd2=$(readme_command "$root$home/netgrade/README.md" 2)
    [ -n "$cmd2" ] || { record "$env" "README's second set-up command" FAIL "no second \`\`\`sh block under ## Set up"; return; }
    echo "  (then: $cmd2)"
    t0=$(date +%s)
    rc=0
    system_run "$root" "$env" "$home/netgrade" "${as[@]}" timeout -k 10 5400 /bin/bash -c "$cmd2" >"$o/tests.log" 2>&1 || rc=$?
    t1=$(date +%s)
    cp "$o/tests.log" "${NETGRADE_MATRIX_LOGS:-$work}/$env-tests.log" 2>/dev/null || true
    if [ $rc -eq 0 ]; then record "$env" "$cmd2 ($((t1 - t0)) s)" PASS "$(tail -n 1 "$o/tests.log")"
    else record "$env" "$cmd2 ($((t1 - t0)) s)" FAIL "exit status $rc; $(grep -E 'tests passed|\(Failed\)|\*\*\*' "$o/tests.log" | head -n 20)"; fi
    env_summary[$env]+=", tests $((t1 - t0)) s"
  fi
  # reads-the-class leaves this file wherever it can write the machine's /tmp.
  local leak=/tmp/reads-the-class-was-here
  [ "$env" != debian12 ] || leak=$chroot12$leak
  if [ -e "$leak" ]; then
    record "$env" "nothing written to the machine's /tmp" FAIL "$leak was left"
    rm -f "$leak"
  else record "$env" "nothing written to the machine's /tmp" PASS ""; fi
  local left
  left=$(leftovers "$env")
  [ -z "$left" ] && record "$env" "nothing left running" PASS "" || record "$env" "nothing left running" FAIL "killed:$left"
  rm -rf "$root"
}

# --- main -------------------------------------------------------------------------------------

# Few but representative: a Python server and client, C ones, fixed ports, UDP with dropped
# datagrams, a receiver; one program that dials a LAN address (graded only where the report
# and the probe agree there is a network namespace); and one that fills its folder (a tmpfs of
# its own where there are mount namespaces, a watched folder on the disk elsewhere); and the
# attacks of the sandbox issue that must be contained in every mode (a flood of connections,
# a client going around the proxy, kernel keys, answers looked up in a table, a daemon, escape
# sequences, writes outside its folder; every way around the connect guard; a proxy poisoning
# its case's names and a traceroute routing past its path, graded where there is a network
# namespace).
fixtures=(
  tcp-capitalize/one-recv-per-connection
  tcp-capitalize/bytes-client
  tcp-capitalize/c-echo-server
  tcp-capitalize/fixed-port-client
  udp-capitalize/no-resend-client
  tcp-sender-receiver/receiver-loses-last
  udp-sender-receiver/udp-receiver-stops-after-one
  tcp-capitalize-textbook/lan-address-client
  hostile/reads-the-class
  hostile/steals-reference
  hostile/disk-fill
  hostile/connection-flood
  hostile/dodges-faults
  hostile/kernel-state
  hostile/answers-from-a-table
  hostile/double-fork-daemon
  hostile/terminal-attack
  hostile/writes-outside
  hostile/ipc-hoard
  hostile/unix-socket-escape
  hostile/other-socket-families
  hostile/guard-bypass
  hostile/poisons-names
  hostile/source-routes
)
references=()
host_netns=$(readlink /proc/self/ns/net)
# The quick lane's minimal system is of this machine's own release: a binary built here needs
# its libraries (libicu72 on Debian 12, libicu76 on 13).
runtime_suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")

if [ $fresh -eq 0 ]; then
  # One quick run at a time: they share the runtime chroot, the matrix user and port 12000.
  mkdir -p "$cache"
  exec {quick_lock}>"$cache/.lock-quick"
  flock -n "$quick_lock" || { echo "ci/matrix.sh: waiting for another quick run ($cache/.lock-quick)" >&2; flock "$quick_lock"; }
  stage_tree
  if ! muid=$(id -u "$muser" 2>/dev/null); then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$muser"
    muid=$(id -u "$muser")
  fi
  mgid=$(id -g "$muser")
fi

# Runs a command of lane ENV in the lane's own network namespace (lane_netns), made for it
# and removed after.
with_own_network() {  # env command...
  local ns
  ns=$(lane_netns "$1")
  shift
  # Entered with nsenter, not `ip netns exec`: that mounts a /sys of its own, without the
  # machine's cgroup file systems, which a container has.
  if ip netns add "$ns" && ip -n "$ns" link set lo up; then
    "$@"
  else
    record "$env" "a network namespace of its own" FAIL "ip netns add $ns failed"
  fi
  ip netns del "$ns" 2>/dev/null || true
}

# One environment, its lines in $work/ENV/log, its summary and time in files beside it (lanes
# run in subshells).
run_one() {
  local env=$1 t0 chroot12
  mkdir -p "$work/$env"
  t0=$(date +%s)
  {
    echo "== $env"
    case $env in
      debian12)
        if ! chroot12=$(runtime_chroot); then
          record "$env" "$runtime_suite chroot with the runtime packages" FAIL "could not be set up (see above)"
        else
          record "$env" "$runtime_suite chroot with the runtime packages, no /etc/hosts" PASS ""
          chroot_netns=$(lane_netns "$env") with_own_network "$env" run_env "$env"
        fi
        ;;
      home-toolchains) run_home_toolchains ;;
      apparmor) run_apparmor ;;
      portable)
        # Made (apt-get) on the machine's network, then graded in the lane's own.
        if ! portable_root=$(portable_chroot); then
          record "$env" "Debian 13 chroot with python3" FAIL "could not be set up (see above)"
        else
          chroot_netns=$(lane_netns "$env") with_own_network "$env" run_portable
        fi
        ;;
      portable-reverse)
        # Both made (apt-get) on the machine's network; the build and the grading in the lane's.
        # The builder first: the build is the longest step.
        if ! builder_root=$(builder_chroot); then
          record "$env" "Debian 13 chroot with the build packages" FAIL "could not be set up (see above)"
        elif ! portable_root=$(reverse_target_chroot); then
          record "$env" "Debian 12 chroot with python3" FAIL "could not be set up (see above)"
        else
          chroot_netns=$(lane_netns "$env") with_own_network "$env" run_portable_reverse
        fi
        ;;
      templates) run_templates ;;
      docker-caps) with_own_network "$env" run_env "$env" ;;
      user | no-userns | deny-uid-map)
        if setpriv --reuid="$muid" --regid="$mgid" --init-groups --reset-env test -x "$stage/build/netgrade" -a -r "$stage/specs/tcp-capitalize.yaml"; then
          run_env "$env"
        else
          record "$env" "$muser can read the staged tree" FAIL "it cannot run $stage/build/netgrade"
        fi
        ;;
      debian12-fresh) run_fresh "$env" bookworm ;;
      debian13-fresh) run_fresh "$env" trixie ;;
      *) run_env "$env" ;;
    esac
    echo "${env_summary[$env]:--}" >"$work/$env/summary"
  } >"$work/$env/log" 2>&1
  echo $(($(date +%s) - t0)) >"$work/$env/seconds"
  cat "$work/$env/log"
  touch "$work/$env/shown"
}

# Four lanes at once. Those that grade on this machine's network, one after another: root
# (each case has network namespaces of its own), then docker-caps and debian12, each in a
# network namespace of its own (own_network); beside them, one after another, those that share
# this machine's network (two at once would fight over the fixed ports, 12000, that some cases
# use) and the matrix user's (whose leftovers are found by its uid). And two lanes of minimal
# Debian systems, which grade only in network namespaces of their own and share nothing with
# the others but the debootstrap bases (made once, under their locks): portable-reverse alone,
# whose build in Debian 13 is the longest thing the matrix does, started at once; and apparmor,
# portable and templates. They used to come after root, docker-caps and debian12, each after
# the one before: cold, on a busy 2-core machine, that build began 1588 s into the run, and
# templates (434 s) waited for it (at 60b44961). Fresh chroots: one by one.
lanes=("" "" "" "")
for env in "${wanted[@]}"; do
  case $env in
    root | docker-caps | debian12) lanes[0]+=" $env" ;;
    portable-reverse) lanes[2]+=" $env" ;;
    apparmor | portable | templates) lanes[3]+=" $env" ;;
    *) lanes[1]+=" $env" ;;
  esac
done
[ $fresh -eq 0 ] || lanes=("${wanted[*]}")
# The lanes' systems, from the start and side by side: each is a debootstrap base and an
# apt-get install, which wait on the network and the disk, and were made one after another,
# each when its lane came to it (the bases made by the first lane that needed them). A lane
# that comes to its system while it is being made waits for it under its lock (chroot_with,
# base_of). Nothing is recorded here: a system that could not be made is made again, and
# reported, by its lane.
prefetch_pids=()
if [ $fresh -eq 0 ]; then
  prefetch=()
  for env in "${wanted[@]}"; do
    case $env in
      debian12) prefetch+=(runtime_chroot) ;;
      apparmor) prefetch+=(apparmor_chroot) ;;
      portable) prefetch+=(portable_chroot) ;;
      portable-reverse) prefetch+=(builder_chroot reverse_target_chroot) ;;
      templates) prefetch+=("base_of bookworm") ;;  # tests/install/bundle_test.sh's base
    esac
  done
  for make in "${prefetch[@]}"; do
    # shellcheck disable=SC2086
    ($make >/dev/null 2>&1 || true) &
    prefetch_pids+=($!)
  done
fi
lane_pids=()
for lane in "${lanes[@]}"; do
  [ -n "$lane" ] || continue
  # shellcheck disable=SC2086
  (for env in $lane; do run_one "$env"; done) &
  lane_pids+=($!)
done
for pid in "${lane_pids[@]}"; do wait "$pid" || true; done
for pid in "${prefetch_pids[@]}"; do wait "$pid" || true; done
lane_pids=()

echo
printf '%-15s %5s %6s  %-70s %6s\n' environment run passed containment time
status=0
for env in "${wanted[@]}"; do
  total=$(awk -F'\t' -v e="$env" '$1 == e' "$results" | wc -l)
  passed=$(awk -F'\t' -v e="$env" '$1 == e && $3 == "PASS"' "$results" | wc -l)
  [ "$total" -gt 0 ] && [ "$total" -eq "$passed" ] || status=1
  printf '%-15s %5s %6s  %-70s %5ss\n' "$env" "$total" "$passed" "$(cat "$work/$env/summary" 2>/dev/null || echo -)" \
    "$(cat "$work/$env/seconds" 2>/dev/null || echo '?')"
done
failures=$(awk -F'\t' '$3 == "FAIL" {print "  " $1 ": " $2 ": " $4}' "$results")
if [ -n "$failures" ]; then
  echo
  echo "FAILED:"
  echo "$failures"
fi
exit $status
