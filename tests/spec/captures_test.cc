// Computed answers (captures.h): filling templates from RE2 groups and frames, and the
// loader's rules for matches, frame, await, resend, a script's captures and at_once, each
// error at its file:line:col.
#include "harness/spec/captures.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

std::string All(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

TEST(Captures, NamedGroupsFillATemplateAndOtherBracesStay) {
  Captures c;
  ASSERT_TRUE(MatchInto("^(?P<seq>[01]):(?P<text>.*)$", "1:hello world", &c));
  EXPECT_EQ(c["seq"], "1");
  EXPECT_EQ(c["text"], "hello world");
  EXPECT_EQ(FillCaptures("ACK:{seq} {|}~ {nope}", c), "ACK:1 {|}~ {nope}");
  // A text the pattern is not found in leaves the captures as they were.
  EXPECT_FALSE(MatchInto("^(?P<seq>[01]):", "2:x", &c));
  EXPECT_EQ(c["seq"], "1");
}

TEST(Captures, AFrameNumbersAndAlternates) {
  EXPECT_EQ(ApplyFrame("{bit}:{line}", "a", 1), "0:a");
  EXPECT_EQ(ApplyFrame("{bit}:{line}", "b", 2), "1:b");
  EXPECT_EQ(ApplyFrame("{bit}:{line}", "c", 3), "0:c");
  EXPECT_EQ(ApplyFrame("#{n} {line}", "{bit}", 4), "#4 {bit}");  // the message is not a template
  EXPECT_EQ(ApplyFrame("", "as is", 9), "as is");
}

const char* kUdpHead =
    "exercise: x\nprotocol: udp\nroles:\n"
    "  sender: {listens: false}\n  receiver: {listens: true}\ncases:\n";

TEST(Captures, AReferenceReceiverThatAcksBySeqLoads) {
  std::string yaml =
      std::string(kUdpHead) +
      "  - name: c\n    role: sender\n    stdin: [a, b]\n"
      "    peer: {matches: '^(?P<seq>[01]):', reply: 'ACK:{seq}', frame: '{bit}:{line}'}\n"
      "    expect: {received: stdin, exit: required}\n"
      "  - name: d\n    role: receiver\n"
      "    peer: {frame: '{bit}:{line}', await: 'ACK:{bit}', resend: 300ms,\n"
      "           connections: [{send: [a, b]}]}\n"
      "    expect: {stdout: peer-sent, exit: running}\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_TRUE(r.errors.empty()) << All(r);
  const Case& d = r.spec->cases[1];
  EXPECT_EQ(*d.peer.await, "ACK:{bit}");
  EXPECT_EQ(d.peer.resend_ms, 300);
}

TEST(Captures, EachMistakeOfAComputedAnswerIsAnErrorAtItsPlace) {
  std::string yaml = std::string(kUdpHead) +
                     "  - name: c\n    role: sender\n    stdin: [a]\n"
                     "    peer:\n"
                     "      matches: '^(?P<seq>[01]):'\n"  // line 11
                     "      reply: 'ACK:{sq}'\n"           // line 12: a group it has not
                     "      frame: '{bit}'\n"              // line 13: no {line}
                     "      await: 'ACK:{bit}'\n"          // line 14: the role connects
                     "    expect: {exit: required}\n"
                     "  - name: d\n    role: receiver\n"
                     "    peer: {resend: 1s, connections: [{send: [a]}]}\n"  // line 18
                     "    expect: {exit: running}\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  std::string all = All(r);
  EXPECT_NE(
      all.find(
          "f.yaml:12:14: unknown placeholder {sq} in 'reply' (use {line}, {upper}, {seq} or {n})"),
      std::string::npos)
      << all;
  EXPECT_NE(all.find("f.yaml:13:14: 'frame' puts each message in a frame"), std::string::npos)
      << all;
  EXPECT_NE(all.find("f.yaml:14:14: 'await' is for a UDP reference client"), std::string::npos)
      << all;
  EXPECT_NE(all.find("f.yaml:18:20: 'resend' sends a message again"), std::string::npos) << all;
}

const char* kTcpHead =
    "exercise: x\nprotocol: tcp\nroles:\n  server: {listens: true}\ncases:\n"
    "  - name: c\n    role: server\n    expect: {exit: running}\n    script:\n"
    "      - connect: a\n      - connect: b\n";  // the steps below begin at line 12

// `follow` (a UDP socket's sends follow the port its answers come from) is read on `connect`
// alone, and over TCP is an error: a connection keeps its two ports.
TEST(Captures, FollowIsForAUdpConnectAlone) {
  std::string udp = std::string(kTcpHead);
  udp.replace(udp.find("protocol: tcp"), 13, "protocol: udp");
  udp.replace(udp.find("      - connect: b\n"), 19, "      - {connect: b, follow: true}\n");
  LoadResult good = LoadSpecString(udp + "      - {send: x, on: b}\n", "f.yaml");
  ASSERT_TRUE(good.errors.empty()) << All(good);
  EXPECT_FALSE(good.spec->cases[0].script[0].follow);
  EXPECT_TRUE(good.spec->cases[0].script[1].follow);

  std::string tcp = std::string(kTcpHead) + "      - {connect: c, follow: true}\n" +  // 12
                    "      - {send: x, on: a, follow: true}\n";                       // 13
  LoadResult r = LoadSpecString(tcp, "f.yaml");
  std::string all = All(r);
  EXPECT_NE(all.find("f.yaml:12:9: 'follow' is for UDP sockets"), std::string::npos) << all;
  EXPECT_NE(all.find("f.yaml:13:34: 'follow' is for 'connect'"), std::string::npos) << all;
}

TEST(Captures, AScriptUsesAGroupOnlyAfterTheStepThatCapturesIt) {
  std::string yaml = std::string(kTcpHead) +
                     "      - send: 'DONE {seq}'\n"  // 12: too early
                     "        on: a\n"
                     "      - expect: {matches: '^ACK (?P<seq>\\d+)$'}\n"  // 14
                     "        on: a\n"
                     "      - expect: {template: 'OK {seq} {other}'}\n"  // 16: other unknown
                     "        on: a\n"
                     "      - expect: {matches: '(?P<line>x)'}\n"  // 18: reserved name
                     "        on: a\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  std::string all = All(r);
  EXPECT_NE(all.find("f.yaml:12:9: {seq} is captured by a later step"), std::string::npos) << all;
  EXPECT_NE(all.find("f.yaml:16:9: unknown placeholder {other} in 'template'"), std::string::npos)
      << all;
  EXPECT_EQ(all.find("{seq} in 'template'"), std::string::npos) << all;  // captured by then
  EXPECT_NE(all.find("f.yaml:18:9: the group (?P<line>...)"), std::string::npos) << all;
}

TEST(Captures, AtOnceJoinsASendToTheSendBeforeItOnAnotherConnection) {
  std::string ok = std::string(kTcpHead) +
                   "      - send: one\n        on: a\n"
                   "      - send: two\n        on: b\n        at_once: true\n";
  LoadResult good = LoadSpecString(ok, "f.yaml");
  ASSERT_TRUE(good.errors.empty()) << All(good);
  EXPECT_TRUE(good.spec->cases[0].script.back().at_once);

  std::string bad =
      std::string(kTcpHead) +
      "      - send: one\n        on: a\n"
      "      - send: two\n        on: a\n        at_once: true\n"  // 14: same conn
      "      - until: waiting\n"
      "      - send: three\n        on: b\n        at_once: true\n"  // 18: after until (its step)
      "      - close: a\n        at_once: true\n";                   // 21: not a send
  LoadResult r = LoadSpecString(bad, "f.yaml");
  std::string all = All(r);
  EXPECT_NE(all.find("f.yaml:14:9: 'at_once' joins sends on different connections"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("f.yaml:18:9: 'at_once' sends this in the same turn"), std::string::npos)
      << all;
  EXPECT_NE(all.find("f.yaml:22:18: 'at_once' is for 'send'"), std::string::npos) << all;
}

}  // namespace
}  // namespace netgrade::spec
