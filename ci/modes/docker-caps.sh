#!/bin/sh
# Runs COMMAND as root with only the capabilities a default Docker container keeps (no
# SYS_ADMIN, NET_ADMIN or SYS_PTRACE): a GitLab docker job, a course platform's grading
# container. usage: docker-caps COMMAND [ARG...]
# The list is Docker's default (moby's oci/caps/defaults.go).
exec setpriv --inh-caps=-all \
  --bounding-set=-all,+chown,+dac_override,+fsetid,+fowner,+mknod,+net_raw,+setgid,+setuid,+setfcap,+setpcap,+net_bind_service,+sys_chroot,+kill,+audit_write \
  "$@"
