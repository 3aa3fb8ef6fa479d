// One-host network namespaces kept for the next case of the run. A new one costs the grader
// more CPU than the rest of a case's set-up (the kernel registers a loopback device and every
// protocol's tables and sysctls for it) and the kernel as much again to tear it down. Once a
// case is over its namespace holds nothing of it but sockets in TIME_WAIT, which are ended:
// it is then what a new one is (loopback up, every address local, no socket), and the next
// case gets it. One that still holds a socket (an orphan still closing, say) is let go.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {

// Whether the namespace holds no socket of any kind the kernel counts per namespace (TCP,
// UDP, raw, their IPv6 twins, fragments), once its TIME_WAIT sockets are ended. False too
// when they cannot be ended (a kernel without INET_DIAG_DESTROY).
bool HoldsNoSocket(const NetNamespace& ns);

// A namespace for a one-host case, with every address local (any_address.h): one given back
// by an earlier case, else a new one. nullptr when none can be made (*why says why).
std::unique_ptr<NetNamespace> TakeOneHostNamespace(std::string* why);

// Keeps a namespace just made (the probe of NetNamespace::Available) for the first case, once
// every address in it is local; if that fails, it goes.
void KeepNewNamespace(std::unique_ptr<NetNamespace> fresh);

// Makes namespaces and keeps them until `count` are kept (at most the pool's bound): a run
// whose cases overlap (the next starts while the last one's program ends, --jobs) needs
// that many, and they are made on the caller's thread (not the process's first) while the
// first case runs, not in a case's time. Best effort: one the kernel refuses is not made.
void KeepSpareNamespaces(size_t count);

// How many namespaces are kept now.
size_t KeptNamespaces();

// Keeps a one-host case's namespace for the next case when it holds no socket; else it goes.
// Call it once every process and socket of the case is gone.
void GiveBackOneHostNamespace(std::unique_ptr<NetNamespace> ns);

}  // namespace netgrade::sandbox
