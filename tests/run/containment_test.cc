// The containment this machine gives the cases, as a report states it, as the operator's
// stderr line lists what falls short of full, and as a student is told where it matters.
#include "harness/run/containment.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
namespace {
using namespace netgrade::sandbox;

// The containment a report states is this machine's, and the stderr line lists exactly what
// falls short of full.
TEST(DescribeSandbox, StatesThisMachinesContainment) {
  RunOptions options;
  check::Sandbox box = DescribeSandbox(options);
  const CgroupPlace& place = MachineCgroups();
  EXPECT_EQ(box.cgroups, CgroupVersionName(place.version));
  // A cgroup that caps processes; or, not root with namespaces, each case's user namespace,
  // in which RLIMIT_NPROC counts the case's processes alone.
  EXPECT_EQ(box.process_cap, (place.version != CgroupVersion::kNone && place.caps_processes) ||
                                 (::geteuid() != 0 && NetNamespace::Available()));
  EXPECT_EQ(box.network_namespace, NetNamespace::Available());
  // What holds each cap, said whichever it is: a kernel cap, else the watcher that stops the
  // case past it (run/cap_watch.h).
  const bool by_cgroup = place.version != CgroupVersion::kNone && place.caps_processes;
  EXPECT_EQ(box.process_cap_by, by_cgroup ? "cgroup"
                                : (::geteuid() == 0 || NetNamespace::Available())
                                    ? "RLIMIT_NPROC and a watcher"
                                    : "a watcher");
  EXPECT_EQ(box.memory_cap_by, box.memory_cap ? "cgroup" : "a watcher and RLIMIT_DATA per process");
  EXPECT_EQ(box.user, ::geteuid() == 0
                          ? "a uid of the case's own (1600000000 and up), else uid 65534"
                          : "same as grader");
  EXPECT_EQ(box.full(), place.full() && NetNamespace::Available() && ::geteuid() == 0);
  std::string line = ContainmentLine(box, false);
  EXPECT_EQ(line.empty(), box.full());
  for (const std::string& w : box.weaker) EXPECT_NE(line.find(w), std::string::npos) << line;

  options.isolate = false;
  check::Sandbox off = DescribeSandbox(options);
  EXPECT_EQ(off.cgroups, "none");
  EXPECT_EQ(off.process_cap_by, "a watcher");
  EXPECT_EQ(off.memory_cap_by, "a watcher and RLIMIT_DATA per process");
  EXPECT_FALSE(off.network_namespace);
  EXPECT_FALSE(off.full());
}

// The report says which socket families a program may make: the same in every mode but for
// AF_UNIX's scope, and AF_PACKET only for a lab that gives raw rights (sandbox/syscall_filter.h).
TEST(DescribeSandbox, StatesTheSocketFamiliesOffered) {
  RunOptions options;
  auto has = [](const check::Sandbox& box, const std::string& prefix) {
    for (const std::string& f : box.socket_families)
      if (f.rfind(prefix, 0) == 0) return true;
    return false;
  };
  check::Sandbox tcp = DescribeSandbox(options);
  check::Sandbox icmp = DescribeSandbox(options, /*packet_sockets=*/true);
  for (const check::Sandbox* box : {&tcp, &icmp}) {
    EXPECT_TRUE(has(*box, "AF_INET")) << box->socket_families.size();
    EXPECT_TRUE(has(*box, "AF_INET6"));
    EXPECT_TRUE(has(*box, "AF_UNIX ("));
    EXPECT_TRUE(has(*box, "AF_NETLINK (NETLINK_ROUTE)"));
    EXPECT_FALSE(has(*box, "AF_VSOCK"));
  }
  EXPECT_FALSE(has(tcp, "AF_PACKET"));
  EXPECT_TRUE(has(icmp, "AF_PACKET"));
  EXPECT_EQ(icmp.socket_families.size(), tcp.socket_families.size() + 1);
}

// An ICMP lab's program keeps its raw rights and so has no user namespace of its own: as a
// normal user without a cgroup, no kernel caps its processes, and the report says so.
TEST(DescribeSandbox, AnIcmpLabAsANormalUserAnnouncesNoKernelProcessCap) {
  RunOptions options;
  check::Sandbox icmp = DescribeSandbox(options, /*packet_sockets=*/true);
  const CgroupPlace& place = MachineCgroups();
  const bool by_cgroup = place.version != CgroupVersion::kNone && place.caps_processes;
  if (::geteuid() == 0 || by_cgroup) {
    EXPECT_EQ(icmp.process_cap, DescribeSandbox(options).process_cap);
    return;
  }
  EXPECT_FALSE(icmp.process_cap);
  EXPECT_EQ(icmp.process_cap_by, "a watcher");
}

TEST(ContainmentLine, IsOneLineNamingEachShortcomingAndWhetherCasesRunOneAtATime) {
  check::Sandbox box;
  box.cgroups = "v1";
  box.process_cap = box.memory_cap = box.network_namespace = true;
  box.user = "uid 65534";
  box.sockets_found_by = "descriptors";
  EXPECT_EQ(ContainmentLine(box, false), "");
  box.weaker = {
      "no network namespaces (Operation not permitted): the cases share this "
      "machine's network",
      "not root: the programs run as the grader's own user"};
  box.sockets_found_by = "owner";
  std::string line = ContainmentLine(box, true);
  EXPECT_EQ(line,
            "netgrade: containment weaker than full: no network namespaces (Operation not "
            "permitted): the cases share this machine's network; not root: the programs run "
            "as the grader's own user; cases run one at a time (the programs' sockets are "
            "found by their owner)\n");
  // Root gives each case a uid of its own: its sockets are its own, and only fixed-port
  // cases wait for each other.
  box.case_users = true;
  EXPECT_EQ(ContainmentLine(box, true).find("cases run one at a time (the programs' sockets"),
            std::string::npos);
  EXPECT_NE(ContainmentLine(box, true).find("; fixed-port cases run one at a time\n"),
            std::string::npos);
}

// A student is told about the containment only where it bears on the run, in one plain
// sentence without the jargon.
TEST(ContainmentSentence, IsSaidOnlyWithoutANetworkOfItsOwnAndAFixedPortOrWaiting) {
  check::Sandbox box;
  box.network_namespace = false;
  box.sockets_found_by = "descriptors";
  box.weaker = {"not root: the programs run as the grader's own user"};
  spec::Spec argv_port = testing_support::CapitalizeSpec();  // ports as arguments
  spec::Spec fixed_port = argv_port;
  for (spec::Role& r : fixed_port.roles) r.port_via = spec::PortVia::kFixed;
  EXPECT_EQ(ContainmentSentence(box, argv_port, false), "");
  EXPECT_EQ(ContainmentSentence(box, fixed_port, false),
            "netgrade could not give your program a network of its own here, so a program on a "
            "fixed port uses this computer's own port (--verbose says why).\n");
  EXPECT_EQ(ContainmentSentence(box, fixed_port, true),
            "netgrade could not give your program a network of its own here, so programs on a "
            "fixed port run one at a time (--verbose says why).\n");
  box.sockets_found_by = "owner";
  EXPECT_EQ(ContainmentSentence(box, argv_port, true),
            "netgrade could not give your program a network of its own here, so cases run one "
            "at a time (--verbose says why).\n");
  box.network_namespace = true;
  EXPECT_EQ(ContainmentSentence(box, fixed_port, true), "");
}

}  // namespace
}  // namespace netgrade::run
