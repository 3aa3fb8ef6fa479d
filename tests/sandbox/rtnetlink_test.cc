#include "harness/sandbox/rtnetlink.h"

#include <gtest/gtest.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "harness/base/error.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox::rtnetlink {
namespace {

TEST(Rtnetlink, NestsAndAlignsAttributes) {
  Request req(RTM_NEWLINK, NLM_F_CREATE);
  req.Put(ifinfomsg{});
  size_t outer = req.Begin(IFLA_LINKINFO);
  req.Attr(IFLA_INFO_KIND, std::string("veth"));  // 5 bytes, padded to 8
  req.End(outer);
  const std::vector<char>& msg = req.Finish();
  auto* h = reinterpret_cast<const nlmsghdr*>(msg.data());
  EXPECT_EQ(h->nlmsg_len, msg.size());
  EXPECT_EQ(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE);
  EXPECT_EQ(msg.size() % NLMSG_ALIGNTO, 0u);
  auto* nested = reinterpret_cast<const rtattr*>(msg.data() + outer);
  EXPECT_EQ(nested->rta_type, IFLA_LINKINFO);
  EXPECT_EQ(nested->rta_len, RTA_LENGTH(RTA_ALIGN(RTA_LENGTH(5))));
}

TEST(Rtnetlink, AnAddressAndAnInterfaceAreReadOrRefusedWithWhatWasAsked) {
  in_addr a = Ipv4Address("10.1.0.1");
  EXPECT_EQ(ntohl(a.s_addr), 0x0a010001u);
  EXPECT_THROW(Ipv4Address("10.1.0"), SystemError);
  EXPECT_EQ(InterfaceIndex("lo"), 1u) << "loopback is the first interface of every namespace";
  try {
    InterfaceIndex("no-such-if");
    ADD_FAILURE() << "an interface that is not there";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-if"), std::string::npos) << e.what();
  }
}

TEST(Rtnetlink, TheKernelsRefusalIsAnError) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  Request req(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
  rtmsg rt{};
  rt.rtm_family = AF_INET;
  rt.rtm_table = RT_TABLE_MAIN;
  rt.rtm_type = RTN_UNICAST;
  req.Put(rt);
  uint32_t no_such_interface = 999999;
  req.Attr(RTA_OIF, &no_such_interface, sizeof no_such_interface);
  try {
    Talk(req, "add route");
    FAIL() << "a route out of an interface that does not exist was accepted";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("add route"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace netgrade::sandbox::rtnetlink
