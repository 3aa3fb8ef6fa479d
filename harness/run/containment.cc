#include "harness/run/containment.h"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include "harness/base/file.h"
#include "harness/check/fixed_host.h"
#include "harness/observe/proc_sockets.h"
#include "harness/sandbox/case_user.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/connect_guard.h"
#include "harness/sandbox/landlock.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/syscall_filter.h"

namespace netgrade::run {
namespace {

// Whether this machine's /etc/hosts names the peer as course code does, without a private
// one (which needs a mount namespace).
bool HostsFileMapsTheTextbooksNames() {
  std::set<std::string> names = check::NamesInHostsFile(ReadFile("/etc/hosts").value_or(""));
  return names.count("servername") && names.count("hostname");
}

// Whether every case runs one at a time because the programs' sockets are found by their
// owner and the cases share one user (not root); else only fixed-port cases do.
bool AllOneAtATime(const check::Sandbox& sandbox) {
  return sandbox.sockets_found_by == "owner" && !sandbox.case_users;
}

}  // namespace

check::Sandbox DescribeSandbox(const RunOptions& options, bool packet_sockets) {
  check::Sandbox s;
  if (options.isolate) {
    std::string why;
    s.network_namespace = sandbox::NetNamespace::Available(&why);
    const sandbox::CgroupPlace& place = sandbox::MachineCgroups();
    s.cgroups = sandbox::CgroupVersionName(place.version);
    bool cgroups = place.version != sandbox::CgroupVersion::kNone;
    // Not root, with namespaces: each case has a user namespace of its own, in which
    // RLIMIT_NPROC counts the case's processes alone (sandbox/spawn.cc).
    // A program given raw rights (packet_sockets) keeps those the grader's own user namespace
    // gives: it gets no user namespace of its own, so no RLIMIT_NPROC of its own either
    // (sandbox/process_start.cc).
    bool nproc_per_case = ::geteuid() != 0 && s.network_namespace && !packet_sockets;
    s.process_cap = (cgroups && place.caps_processes) || nproc_per_case;
    s.memory_cap = cgroups && place.caps_memory;
    // Without a cgroup's cap: RLIMIT_NPROC counts the processes of a user, so it caps a case
    // only where the programs have a user of their own (root: the student's uid; not root: a
    // user namespace of the case's own); memory is capped per process (RLIMIT_DATA). Either
    // way a watcher (run/cap_watch.h) sums the case's processes and their memory every 50 ms
    // and stops the case past its cap: between two looks the kernel holds only what it holds.
    const bool rlimit = ::geteuid() == 0 || nproc_per_case;
    s.process_cap_by = cgroups && place.caps_processes ? "cgroup"
                       : rlimit                        ? "RLIMIT_NPROC and a watcher"
                                                       : "a watcher";
    s.memory_cap_by = s.memory_cap ? "cgroup" : "a watcher and RLIMIT_DATA per process";
    std::vector<std::string> uncapped;
    if (!(cgroups && place.caps_processes))
      uncapped.push_back(::geteuid() == 0 ? "processes capped per user (RLIMIT_NPROC)"
                         : nproc_per_case ? "processes capped per case (RLIMIT_NPROC in a user "
                                            "namespace of the case's own)"
                                          : "processes not capped by the kernel per case: a "
                                            "watcher counts their tasks every 50 ms and stops "
                                            "the case past its cap (between two looks a fork() "
                                            "in a loop makes more, up to RLIMIT_NPROC, set to "
                                            "the user's tasks when the program starts plus 4 "
                                            "times the cap)");
    if (!s.memory_cap)
      uncapped.push_back(
          "memory not capped across processes by the kernel: RLIMIT_DATA caps each process's "
          "own, and a watcher stops the case when what its processes map (anonymous and "
          "shared) and the tmpfs and memfd files they hold open pass the cap (mapped memory "
          "every 50 ms, the files less often; pipe and socket buffers are not counted)");
    if (!uncapped.empty())
      s.weaker.push_back(fmt::format("{}: {}",
                                     cgroups ? place.why : "no cgroups (" + place.why + ")",
                                     fmt::join(uncapped, "; ")));
    if (!s.network_namespace)
      s.weaker.push_back(fmt::format(
          "no network namespaces ({}): the cases share this machine's network{}", why,
          // The connect guard answers the programs' reads of /etc/hosts with the names added.
          HostsFileMapsTheTextbooksNames() || sandbox::ConnectGuardAvailable()
              ? ""
              : ", and the textbook's host names (servername, hostname) resolve only where "
                "/etc/hosts maps them (docker run --add-host servername:127.0.0.1 "
                "--add-host hostname:127.0.0.1)"));
    // The jail comes with the network namespace; without both, Landlock where the kernel has it.
    const int abi = sandbox::LandlockAbi();
    if (s.network_namespace) {
      s.filesystem = "a root of its own (mount namespace)";
    } else if (abi > 0) {
      s.filesystem = fmt::format("Landlock (ABI {})", abi);
      if (std::string shortfall = sandbox::LandlockShortfall(abi); !shortfall.empty())
        s.weaker.push_back(shortfall);
    } else {
      s.filesystem = "the machine's";
      s.weaker.push_back(
          "no filesystem of its own (no mount namespace, no Landlock): the programs read what "
          "their user may read on this machine");
    }
  } else {
    s.filesystem = "the machine's";
    s.weaker.push_back("isolation turned off: no cgroups, no network namespaces");
    s.process_cap_by = "a watcher";
    s.memory_cap_by = "a watcher and RLIMIT_DATA per process";
  }
  if (::geteuid() == 0) {
    // Each case claims a user of its own (sandbox/case_user.h), or else runs as student_uid.
    s.user = fmt::format("a uid of the case's own ({} and up), else uid {}",
                         sandbox::CaseUser::kFirst, options.student_uid);
  } else {
    s.user = "same as grader";
    s.weaker.push_back("not root: the programs run as the grader's own user");
  }
  s.sockets_found_by = observe::ReadsOtherUsersDescriptors() ? "descriptors" : "owner";
  s.case_users = sandbox::CaseUser::Available();
  // Without a root of its own (no network namespace, which the jail comes with, or isolation
  // off) the grader makes every connect() (sandbox/connect_guard.h) or, where it cannot, Unix
  // sockets are refused (sandbox/syscall_filter.h).
  std::string unguarded;
  sandbox::UnixSockets unix_sockets = s.network_namespace ? sandbox::UnixSockets::kOwnRoot
                                      : sandbox::ConnectGuardAvailable(&unguarded)
                                          ? sandbox::UnixSockets::kGuarded
                                          : sandbox::UnixSockets::kRefused;
  s.refused_syscalls = sandbox::RefusedSyscalls(unix_sockets);
  s.socket_families = sandbox::OfferedSocketFamilies(unix_sockets, packet_sockets);
  s.unix_sockets = unix_sockets == sandbox::UnixSockets::kOwnRoot   ? "own root"
                   : unix_sockets == sandbox::UnixSockets::kGuarded ? "own folders"
                                                                    : "none";
  if (unix_sockets == sandbox::UnixSockets::kRefused)
    s.weaker.push_back(fmt::format(
        "no Unix sockets for the programs (socket(AF_UNIX) refused; socketpair() works): {}",
        unguarded));
  return s;
}

std::string ContainmentLine(const check::Sandbox& sandbox, bool one_at_a_time) {
  if (sandbox.full()) return "";
  std::string line = "netgrade: containment weaker than full: ";
  for (size_t i = 0; i < sandbox.weaker.size(); ++i) line += (i ? "; " : "") + sandbox.weaker[i];
  if (one_at_a_time)
    line += AllOneAtATime(sandbox)
                ? "; cases run one at a time (the programs' sockets are found by their owner)"
                : "; fixed-port cases run one at a time";
  return line + "\n";
}

std::string ContainmentSentence(const check::Sandbox& sandbox, const spec::Spec& spec,
                                bool one_at_a_time) {
  if (sandbox.network_namespace) return "";
  bool fixed = std::any_of(spec.roles.begin(), spec.roles.end(),
                           [](const spec::Role& r) { return r.port_via == spec::PortVia::kFixed; });
  if (!fixed && !one_at_a_time) return "";
  std::string so = one_at_a_time && AllOneAtATime(sandbox) ? "cases run one at a time"
                   : one_at_a_time ? "programs on a fixed port run one at a time"
                                   : "a program on a fixed port uses this computer's own port";
  return "netgrade could not give your program a network of its own here, so " + so +
         " (--verbose says why).\n";
}

}  // namespace netgrade::run
