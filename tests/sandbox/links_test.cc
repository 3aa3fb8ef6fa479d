// The link requests on two namespaces of the test's own (skipped where none can be made).
#include "harness/sandbox/links.h"

#include <gtest/gtest.h>
#include <net/if.h>

#include <chrono>

#include "harness/base/error.h"
#include "harness/base/poll_until.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/rtnetlink.h"

namespace netgrade::sandbox::links {
namespace {

struct Pair {
  std::unique_ptr<NetNamespace> here, there;
};

std::optional<Pair> TwoNamespaces(std::string* why) {
  Pair p;
  if (!(p.here = NetNamespace::Create(why)) || !(p.there = NetNamespace::Create(why)))
    return std::nullopt;
  return p;
}

// A veth pair with the indexes asked for, an address on each end, each end knowing the
// other's link-layer address for good, and both up.
TEST(Links, AVethPairGetsItsIndexesAddressesAndNeighbours) {
  std::string why;
  std::optional<Pair> p = TwoNamespaces(&why);
  if (!p) GTEST_SKIP() << why;
  Mac here_mac, there_mac;
  {
    NetNamespace::Scope in(p->here.get());
    CreateVeth("nga", "ngb", p->there->fd(), 40);
    EXPECT_EQ(::if_nametoindex("nga"), 40u);
    AddAddress("nga", "10.9.0.1", 24);
    here_mac = HardwareAddress("nga");
  }
  {
    NetNamespace::Scope in(p->there.get());
    EXPECT_EQ(::if_nametoindex("ngb"), 41u) << "the peer's index is the next";
    AddAddress("ngb", "10.9.0.2", 24);
    there_mac = HardwareAddress("ngb");
    AddNeighbour("ngb", "10.9.0.1", here_mac);
    AddRoute({.dst = "", .prefix = 0, .ifname = "ngb", .gateway = "10.9.0.1"});
    EXPECT_TRUE(PollUntil([] { return OperationallyUp("ngb"); }, std::chrono::seconds(5),
                          std::chrono::milliseconds(1)));
  }
  EXPECT_NE(here_mac, Mac{}) << "a veth has a link-layer address";
  EXPECT_NE(here_mac, there_mac);
  NetNamespace::Scope in(p->here.get());
  EXPECT_TRUE(PollUntil([] { return OperationallyUp("nga"); }, std::chrono::seconds(5),
                        std::chrono::milliseconds(1)));
}

TEST(Links, ARequestTheKernelRefusesSaysWhatItWas) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  // A gateway on no network of the namespace: the kernel refuses the route.
  try {
    AddRoute({.dst = "", .prefix = 0, .ifname = "lo", .gateway = "10.77.0.1"});
    FAIL() << "a route through a gateway on no network was accepted";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("add a route"), std::string::npos) << e.what();
  }
  EXPECT_THROW(AddAddress("no-such-if", "10.9.0.1", 24), SystemError);
}

}  // namespace
}  // namespace netgrade::sandbox::links
