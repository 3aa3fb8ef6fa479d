#!/bin/sh
# Runs COMMAND where unshare(CLONE_NEWUSER) succeeds and a write to a uid_map then fails with
# EPERM: what Ubuntu 24.04's AppArmor restriction does to a normal user's `unshare -Ur`.
# Through LD_PRELOAD (deny-uid-map.so beside this script), so it reaches programs that write
# the map through libc's write(), as netgrade does. usage: deny-uid-map COMMAND [ARG...]
here=$(dirname "$(readlink -f "$0")")
LD_PRELOAD="$here/deny-uid-map.so${LD_PRELOAD:+:$LD_PRELOAD}" exec "$@"
