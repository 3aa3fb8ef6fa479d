// The lists of messages a case sends or feeds: strings, repeated strings, drawn messages, and
// the caps that keep a small spec from asking for gigabytes.
#include "harness/spec/message_list.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using read_node::All;
using testing_support::ExpectWordsOf;

struct Messages {
  std::vector<std::string> messages;
  std::vector<DrawAt> draws;
};

read_node::Read<Messages> MessagesOf(const std::string& yaml, const char* key = "send") {
  return read_node::ReadNode<Messages>(yaml,
                                       [key](const YAML::Node& n, YamlReader& r, Messages* out) {
                                         LoadMessages(n, key, r, &out->messages, &out->draws);
                                       });
}

TEST(MessageList, StringsRepeatsAndDrawsKeepTheirPlaces) {
  auto r = MessagesOf("[hello, {repeat: ab, times: 3}, {draw: number, from: 1, to: 9}, bye]");
  ASSERT_TRUE(r.errors.empty()) << All(r.errors);
  ASSERT_EQ(r.value.messages.size(), 4u);
  EXPECT_EQ(r.value.messages[0], "hello");
  EXPECT_EQ(r.value.messages[1], "ababab");
  EXPECT_EQ(r.value.messages[2].front(), '<') << "a drawn message's description until it is drawn";
  EXPECT_EQ(r.value.messages[3], "bye");
  ASSERT_EQ(r.value.draws.size(), 1u);
  EXPECT_EQ(r.value.draws[0].at, 2u);
}

TEST(MessageList, NotAListSaysWhatItShouldHold) {
  EXPECT_EQ(MessagesOf("hello").errors.at(0).message,
            "expected a list of messages for 'send', found 'hello'");
  EXPECT_EQ(MessagesOf("{a: 1}", "stdin").errors.at(0).message,
            "expected a list of lines for 'stdin', found a map");
}

TEST(MessageList, ARepeatedMessageIsAtMostAMebibyte) {
  auto r = MessagesOf("[{repeat: abcd, times: 300000}, after]");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  EXPECT_EQ(r.errors[0].message, "a repeated message may be at most 1048576 bytes");
  EXPECT_EQ(r.value.messages, std::vector<std::string>{"after"}) << "the rest is still read";
}

// 64 connections x 64 messages x 1 MiB, in a spec of a few hundred bytes.
TEST(MessageList, AnAliasBombIsStoppedAtACapWithItsPosition) {
  std::string yaml =
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n  - name: a\n    "
      "role: server\n"
      "    expect: {replies: upper}\n    peer:\n      connections:\n"
      "        - &c\n          send: &s [&m {repeat: aaaaaaaaaaaaaaaa, times: 65536}";
  for (int i = 1; i < 64; ++i) yaml += ", *m";
  yaml += "]\n";
  for (int i = 1; i < 64; ++i) yaml += "        - *c\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  ExpectWordsOf("64 connections of 64 MiB", r.errors[0].message);
  EXPECT_EQ(r.errors[0].mark.line, 11);
}

TEST(MessageList, TheWholeSpecIsCappedToo) {
  std::string yaml = "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n";
  for (int i = 0; i < 8; ++i)
    yaml += "  - {name: c" + std::to_string(i) +
            ", role: server, expect: {replies: upper}, peer: {connections: "
            "[{send: [" +
            (i == 0 ? "&r {repeat: aaaaaaaaaaaaaaaa, times: 60000}" : "*r") +
            ", *r, *r, *r, *r]}]}}\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r.errors);
  ExpectWordsOf("8 cases of 4.6 MiB", r.errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
