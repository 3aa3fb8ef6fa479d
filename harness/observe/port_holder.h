// Who holds a port on this machine. Without network namespaces of their own (a non-root
// student where user namespaces are refused, a default Docker container) the programs of an
// exercise with a fixed port (the textbook's 12000) use this machine's port, and a student's
// own server from an earlier try, still running, holds it: every case would then fail with
// "Address already in use" and nothing would say why. The run looks before any case and
// stops with the holder's name and the command that stops it.
//
// The holder is found by its socket's inode in /proc/*/fd: a normal user sees only their own
// processes' descriptors, which is the case that matters; another user's is named as such.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "harness/observe/proc_sockets.h"
#include "harness/spec/spec.h"

namespace netgrade::observe {

struct PortHolder {
  SocketProto proto = SocketProto::kTcp;
  uint16_t port = 0;
  uid_t socket_uid = 0;   // the socket's owner, from the kernel's table (anyone may read it)
  pid_t pid = 0;          // a process holding it; 0: none whose descriptors this user may read
  uid_t process_uid = 0;  // that process's real uid (with pid)
  bool own = false;       // the process (or, unseen, the socket) is this user's
  std::string command;    // its /proc/<pid>/cmdline, arguments joined by spaces (unescaped)
};

// Whether `port` is taken in this thread's network namespace: a TCP socket listening on it, or
// a UDP socket bound to it, held by some process (a TIME_WAIT leftover is held by none and
// is not counted); and by whom. From sock_diag, or /proc/thread-self/net where it is refused.
std::optional<PortHolder> FindPortHolder(SocketProto proto, uint16_t port);

// The process (its pid) whose /proc/<pid>/fd names the socket `inode`, of those this user may
// read; 0 when none.
pid_t ProcessHolding(uint64_t inode);

// The usage error that stops the run, for a beginner: the port, the program that holds it,
// whose it is, and how to stop it. `listener` names the role that uses the port as its own
// ("server", "receiver"): "an earlier run of your server still running?".
std::string PortTakenMessage(const PortHolder& holder, const std::string& listener);

// Before any case runs without network namespaces: the message of PortTakenMessage for the
// first fixed port of the spec's roles (those of `roles`, or every role when it is empty)
// that is taken here; "" when they are free or none is fixed. A port held by this process
// itself is left to the cases: it is no program of the student's.
std::string FixedPortTaken(const spec::Spec& spec, const std::set<std::string>& roles);

}  // namespace netgrade::observe
