// The packet sockets of an ICMP wire: the link's MTU, a receive queue of a fixed size, and the
// kernel's drops counted.
#include "harness/kinds/icmp/wire_link.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "harness/base/error.h"

namespace netgrade::icmp::wire_link {
namespace {

TEST(WireLink, TheMtuIsTheInterfacesAndAnUnknownOneIsEthernets) {
  EXPECT_EQ(Mtu("lo"), 65536u) << "loopback's MTU";
  EXPECT_EQ(Mtu("no-such-if0"), 1500u);
}

// In a network namespace of the test's own (root): a side's queue is the size asked for
// (the kernel doubles what it is given, for its bookkeeping), nothing is counted dropped on a
// quiet link, and an interface that is not there is the grader's error.
TEST(WireLink, ASideHasItsOwnQueueAndCountsNoDropsOnAQuietLink) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a network namespace and packet sockets";
  std::string failure;
  std::thread in_own_network([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      failure = std::string("unshare: ") + std::strerror(errno);
      return;
    }
    try {
      Fd side = OpenSide("lo", 1 << 20);
      int size = 0;
      socklen_t len = sizeof size;
      ::getsockopt(side.get(), SOL_SOCKET, SO_RCVBUF, &size, &len);
      if (size != 2 << 20) failure += "receive queue " + std::to_string(size) + "; ";
      if (size_t dropped = DroppedSinceLastAsked(side.get()); dropped != 0)
        failure += std::to_string(dropped) + " dropped; ";
      bool threw = false;
      try {
        OpenSide("no-such-if0", 1 << 20);
      } catch (const SystemError&) {
        threw = true;
      }
      if (!threw) failure += "an unknown interface was opened; ";
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  in_own_network.join();
  EXPECT_EQ(failure, "");
}

}  // namespace
}  // namespace netgrade::icmp::wire_link
