// What a case expects, derived from specs loaded from strings.
#include "harness/check/expected.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::check {
namespace {

using Lines = std::vector<std::string>;

// The one case of a spec whose roles are a server and a client, the case given by `case_yaml`.
spec::Spec OneCase(const std::string& case_yaml) {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: expected-test\nprotocol: tcp\nroles:\n"
      "  server: {listens: true}\n  client: {listens: false}\ncases:\n  - name: one\n" +
          case_yaml,
      "expected-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return r.spec.value_or(spec::Spec{});
}

TEST(ExpectedReplies, AreWhatWasSentTransformedAsTheCaseSays) {
  spec::Spec upper = OneCase(
      "    role: server\n    peer: {connections: [{send: [hi]}]}\n    expect: {replies: upper}\n");
  EXPECT_EQ(ExpectedReplies(upper.cases[0], {"hello", "Big Day"}), (Lines{"HELLO", "BIG DAY"}));
  spec::Spec same = OneCase(
      "    role: server\n    peer: {connections: [{send: [hi]}]}\n    expect: {replies: same}\n");
  EXPECT_EQ(ExpectedReplies(same.cases[0], {"hello", "Big Day"}), (Lines{"hello", "Big Day"}));
  spec::Spec none = OneCase(
      "    role: server\n    peer: {connections: [{send: [hi]}]}\n"
      "    expect: {stdout: peer-sent}\n");
  EXPECT_EQ(ExpectedReplies(none.cases[0], {"hello"}), Lines{});
}

TEST(ExpectedStdout, IsTheLinesThePeersAnswersOrWhatThePeerSent) {
  spec::Spec lines = OneCase("    role: client\n    expect: {stdout: [a, b]}\n");
  EXPECT_EQ(ExpectedStdout(lines.cases[0]), (Lines{"a", "b"}));
  spec::Spec replies = OneCase(
      "    role: client\n    stdin: [one, two]\n    peer: {reply: '{n}: {upper}'}\n"
      "    expect: {stdout: peer-replies}\n");
  EXPECT_EQ(ExpectedStdout(replies.cases[0]), (Lines{"1: ONE", "2: TWO"}));
  spec::Spec sent = OneCase(
      "    role: server\n    peer: {connections: [{send: [x, y]}, {send: [z]}]}\n"
      "    expect: {stdout: peer-sent}\n");
  EXPECT_EQ(ExpectedStdout(sent.cases[0]), (Lines{"x", "y", "z"}));
  spec::Spec unchecked = OneCase("    role: client\n    expect: {exit: required}\n");
  EXPECT_EQ(ExpectedStdout(unchecked.cases[0]), Lines{});
}

TEST(ExpectedReceived, IsTheLinesOrTheInputFramedAsOnTheWire) {
  spec::Spec lines = OneCase("    role: client\n    expect: {received: [a, b]}\n");
  EXPECT_EQ(ExpectedReceived(lines.cases[0]), (Lines{"a", "b"}));
  spec::Spec framed = OneCase(
      "    role: client\n    stdin: [one, two, three]\n    peer: {frame: '{bit}:{line}'}\n"
      "    expect: {received: stdin}\n");
  EXPECT_EQ(ExpectedReceived(framed.cases[0]), (Lines{"0:one", "1:two", "0:three"}));
  spec::Spec unchecked = OneCase("    role: client\n    expect: {exit: required}\n");
  EXPECT_EQ(ExpectedReceived(unchecked.cases[0]), Lines{});
}

}  // namespace
}  // namespace netgrade::check
