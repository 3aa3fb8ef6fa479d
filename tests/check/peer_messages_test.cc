// The messages of a reference peer's connections, as lines of a stream or datagrams, as the
// kind's terms say.
#include "harness/check/peer_messages.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::check::observed_test;

using Lines = std::vector<std::string>;

// A kind's terms whose messages are datagrams, or lines of a stream.
SocketTerms Terms(bool datagrams) {
  SocketTerms terms;
  terms.datagrams = datagrams;
  return terms;
}

TEST(PeerMessages, AStreamsMessagesAreTheLinesReceived) {
  peers::ConnectionLog log = Answered({"a"}, "FIRST\nSECOND\nhalf");
  log.datagrams = {"not", "these"};
  EXPECT_EQ(MessagesOf(log, Terms(false)), (Lines{"FIRST", "SECOND", "half"}));
}

TEST(PeerMessages, DatagramsAreTheirOwnMessages) {
  peers::ConnectionLog log = Answered({"a"}, "");
  log.datagrams = {"ONE\nLINE", "TWO"};
  EXPECT_EQ(MessagesOf(log, Terms(true)), (Lines{"ONE\nLINE", "TWO"}));
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
