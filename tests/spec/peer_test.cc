// `peer:` as the loader reads it: how the reference peer answers and what it sends.
#include "harness/spec/peer.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

read_node::Read<Peer> PeerOf(const std::string& yaml) {
  return read_node::ReadNode<Peer>(yaml, LoadPeer);
}

TEST(Peer, ReadsHowItAnswersFramesAndAcknowledges) {
  auto r = PeerOf(
      "reply: 'ACK:{seq}'\nmatches: '^(?P<seq>[01]):'\nframe: '{bit}:{line}'\n"
      "await: 'ACK:{bit}'\nresend: 300ms\ninterleave: true\nanswers_without_newline: true\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  EXPECT_EQ(r.value.reply, "ACK:{seq}");
  EXPECT_EQ(r.value.matches, "^(?P<seq>[01]):");
  EXPECT_EQ(r.value.frame, "{bit}:{line}");
  EXPECT_EQ(r.value.await, "ACK:{bit}");
  EXPECT_EQ(r.value.resend_ms, 300);
  EXPECT_TRUE(r.value.interleave);
  EXPECT_TRUE(r.value.answers_without_newline);
  EXPECT_EQ(r.value.mark.line, 1);
}

TEST(Peer, EachConnectionSendsItsMessagesInItsMode) {
  auto r = PeerOf(
      "connections:\n  - send: [a, b]\n  - send: [c]\n    mode: one-write\n"
      "  - {send: [d], mode: line-per-write}\n");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].ToString();
  ASSERT_EQ(r.value.connections.size(), 3u);
  EXPECT_EQ(r.value.connections[0].send, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.value.connections[0].mode, SendMode::kConversation);
  EXPECT_EQ(r.value.connections[1].mode, SendMode::kOneWrite);
  EXPECT_EQ(r.value.connections[2].mode, SendMode::kLinePerWrite);
  EXPECT_EQ(r.value.connections[1].mark.line, 3);
  EXPECT_FALSE(r.value.reply.has_value());
}

TEST(Peer, ConnectionsAreAListOfMapsWithSend) {
  EXPECT_EQ(PeerOf("connections: {send: [a]}").errors.at(0).message,
            "expected a list of connections for 'connections', found a map");
  auto r = PeerOf("connections: [{mode: one-write}, {send: [b], mode: typo}]");
  ASSERT_EQ(r.errors.size(), 2u);
  ExpectWordsOf("{mode: one-write}", r.errors[0].message);
  ExpectWordsOf("mode: typo", r.errors[1].message);
  ASSERT_EQ(r.value.connections.size(), 2u) << "each is kept, with what could be read";
  EXPECT_EQ(r.value.connections[1].send, std::vector<std::string>{"b"});
}

}  // namespace
}  // namespace netgrade::spec
