// The messages of a reference peer's connections, as lines (TCP) or datagrams (UDP).
#include "harness/check/peer_messages.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::check::observed_test;

using Lines = std::vector<std::string>;

TEST(PeerMessages, TcpMessagesAreTheLinesReceived) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "server-lines", 40000);
  EXPECT_FALSE(IsUdp(o));
  peers::ConnectionLog log = Answered({"a"}, "FIRST\nSECOND\nhalf");
  log.datagrams = {"not", "these"};
  EXPECT_EQ(MessagesOf(o, log), (Lines{"FIRST", "SECOND", "half"}));
}

TEST(PeerMessages, UdpMessagesAreTheDatagrams) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "server-lines", 40000);
  EXPECT_TRUE(IsUdp(o));
  peers::ConnectionLog log = Answered({"a"}, "");
  log.datagrams = {"ONE\nLINE", "TWO"};
  EXPECT_EQ(MessagesOf(o, log), (Lines{"ONE\nLINE", "TWO"}));
}

TEST(PeerMessages, AllSentIsEveryConnectionsMessagesInOrder) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "server-lines", 40000);
  EXPECT_EQ(AllSent(o), Lines{});
  o.connections = {Answered({"a", "b"}, ""), Answered({}, ""), Answered({"c"}, "")};
  EXPECT_EQ(AllSent(o), (Lines{"a", "b", "c"}));
}

}  // namespace
}  // namespace netgrade::check
