#!/bin/sh
# Runs COMMAND where unshare(CLONE_NEWUSER) succeeds and a write to a uid_map then fails with
# EPERM: what Ubuntu 24.04's AppArmor restriction does to a normal user's `unshare -Ur`.
# Through LD_PRELOAD (deny-uid-map.so beside this script), so it reaches programs that write
# the map through libc's write(), as netgrade does. usage: deny-uid-map COMMAND [ARG...]
# It fails (exit 2, before COMMAND runs) where it would imitate nothing: the .so not built,
# or one the dynamic loader will not preload (ld.so then says so and runs COMMAND as it is).
here=$(dirname "$(readlink -f "$0")")
so="$here/deny-uid-map.so"
if [ $# -eq 0 ]; then
  echo "usage: deny-uid-map COMMAND [ARG...]" >&2
  exit 2
fi
if [ ! -r "$so" ]; then
  echo "deny-uid-map: $so is not built (cmake --build build --target deny-uid-map): COMMAND would run with user namespaces as they are; nothing run" >&2
  exit 2
fi
# The loader's complaint is a warning on stderr and the program runs anyway: looked for here.
said=$(LD_PRELOAD="$so" /bin/true 2>&1)
if [ -n "$said" ]; then
  echo "deny-uid-map: $so cannot be preloaded ($said): nothing run" >&2
  exit 2
fi
LD_PRELOAD="$so${LD_PRELOAD:+:$LD_PRELOAD}" exec "$@"
