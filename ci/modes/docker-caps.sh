#!/bin/sh
# Runs COMMAND as root with only the capabilities a default Docker container keeps (no
# SYS_ADMIN, NET_ADMIN or SYS_PTRACE): a GitLab docker job, a course platform's grading
# container. usage: docker-caps COMMAND [ARG...]
# The list is Docker's default (moby's oci/caps/defaults.go). It fails (exit 2, before COMMAND
# runs) where it would imitate nothing: not root (a normal user has none of these to drop,
# and is not what a container's root is), or no setpriv(1) (util-linux).
caps=chown,dac_override,fsetid,fowner,mknod,net_raw,setgid,setuid,setfcap,setpcap,net_bind_service,sys_chroot,kill,audit_write
if [ $# -eq 0 ]; then
  echo "usage: docker-caps COMMAND [ARG...]" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ]; then
  echo "docker-caps: imitates a container's root, and this is uid $(id -u): run it as root; nothing run" >&2
  exit 2
fi
if ! command -v setpriv >/dev/null; then
  echo "docker-caps: setpriv(1) is not installed (apt-get install util-linux): nothing run" >&2
  exit 2
fi
bounding=-all
for cap in $(echo "$caps" | tr , ' '); do bounding="$bounding,+$cap"; done
exec setpriv --inh-caps=-all --bounding-set="$bounding" "$@"
