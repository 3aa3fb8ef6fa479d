#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, every file of it under a folder the caller gives
# (nothing in /etc or /var): a munge key and munged, slurm.conf for this host with its real
# CPUs and memory (slurmd -C), slurmctld and slurmd, all on loopback.
#
#   ci/slurm/cluster.sh start DIR   # then: export SLURM_CONF=DIR/slurm.conf; sbatch ...
#   ci/slurm/cluster.sh stop DIR    # cancels its jobs, stops the daemons, removes DIR
#
# Every folder above DIR must be searchable by all (munged refuses a socket that is not).
# start exits 77 with one "skipped: ..." line when slurm-wlm and munge are missing and cannot
# be installed (ci/install-deps.sh), and 1 when a daemon does not come up (its log follows).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
command=${1:-}
dir=${2:-}
if [ -z "$dir" ] || { [ "$command" != start ] && [ "$command" != stop ]; }; then
  echo "usage: $0 start|stop DIR" >&2
  exit 2
fi

# Polls `$@` every 0.1 s until it succeeds, for at most $timeout seconds: readiness is
# observed, the timeout only bounds a failure.
wait_for() {
  local timeout=$1
  shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# The process $1 has ended (a daemon removes its pid file before it is gone: wait on the pid).
ended() { ! kill -0 "$1" 2>/dev/null; }

stop() {
  [ -d "$dir" ] || return 0
  export SLURM_CONF="$dir/slurm.conf"
  if [ -f "$SLURM_CONF" ] && [ -s "$dir/slurmctld.pid" ] && ! ended "$(cat "$dir/slurmctld.pid")"; then
    # Jobs first, so no slurmstepd outlives its slurmd.
    scancel --full --quiet --user="$(id -un)" 2>/dev/null || true
    # shellcheck disable=SC2016 # expanded by the inner shell, at each poll
    wait_for 30 bash -c '[ -z "$(squeue -h -o %i 2>/dev/null)" ]' || true
  fi
  local pidfile pid
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    pid=$(cat "$pidfile" 2>/dev/null) || continue
    if [ -z "$pid" ] || ended "$pid"; then continue; fi
    kill "$pid" 2>/dev/null || true
    wait_for 15 ended "$pid" || kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

if [ "$command" = stop ]; then
  stop
  exit 0
fi

# --- start ---------------------------------------------------------------------------------
need=(munged mungekey slurmctld slurmd sbatch)
missing() { for p in "${need[@]}"; do command -v "$p" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$p" >/dev/null || return 0; done; return 1; }
if missing; then
  "$repo/ci/install-deps.sh" >/dev/null 2>&1 || true
  if missing; then
    echo "skipped: slurm-wlm and munge are not installed and could not be (ci/install-deps.sh needs root or sudo and Debian's archive)"
    exit 77
  fi
fi
export PATH="$PATH:/usr/sbin"
user=$(id -un)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
mkdir -p "$dir/munge" "$dir/munge-key" "$dir/ctld" "$dir/spool"
# munged wants every folder above its socket searchable by all (clients of any user reach
# it) and its key private.
chmod 0711 "$dir" "$dir/munge"
chmod 0700 "$dir/munge-key"

# munge: a key of our own and a socket in DIR (slurm finds it through AuthInfo).
mungekey --create --keyfile="$dir/munge-key/munge.key" >/dev/null
socket="$dir/munge/munge.socket"
munged --socket="$socket" --key-file="$dir/munge-key/munge.key" --pid-file="$dir/munge/munged.pid" \
  --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" --origin=127.0.0.1
if ! wait_for 20 bash -c "munge -S '$socket' -n | unmunge -S '$socket'"; then
  echo "cluster.sh: munged did not answer on $socket:" >&2
  cat "$dir/munge/munged.log" >&2 2>/dev/null || true
  stop
  exit 1
fi

# Two free loopback ports for slurmctld and slurmd (a real cluster on 6817/6818 is left alone).
read -r ctld_port slurmd_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
host=$(hostname -s)
# This host as slurmd sees it: CPUs, sockets, cores, threads and RealMemory, exactly.
node=$(slurmd -C | head -n 1 | sed 's/^NodeName=[^ ]*//')
cat >"$dir/slurm.conf" <<CONF
# Written by ci/slurm/cluster.sh: a one-node cluster, state under $dir.
ClusterName=netgrade
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=$user
SlurmdUser=$user
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$dir/ctld
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
PlugStackConfig=$dir/plugstack.conf
# No cgroup plugin: this machine's cgroups are v1 with a partial v2, which Slurm's cgroup
# plugins do not take; processes are tracked through /proc instead.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# Finished jobs stay visible to scontrol for 5 minutes (no accounting database for sacct).
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=netgrade Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
: >"$dir/plugstack.conf"
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
# Ready when the node is idle: slurmctld answers and slurmd has registered.
if ! wait_for 60 bash -c "sinfo -h -n '$host' -o %T | grep -qx idle"; then
  echo "cluster.sh: the node did not become idle within 60 s:" >&2
  sinfo -N >&2 2>&1 || true
  tail -n 20 "$dir/slurmctld.log" "$dir/slurmd.log" >&2 2>/dev/null || true
  stop
  exit 1
fi
