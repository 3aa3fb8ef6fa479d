// What a program printed on stdout, on observations built by hand.
#include "harness/check/printed.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;

TEST(Printed, TheAnswersItGotAreWhatAClientPrints) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.stdout_text = "Input lowercase sentence: HELLO WORLD\n";
  EXPECT_TRUE(CheckStdout(o, TermsOf(o)).ok()) << CheckStdout(o, TermsOf(o)).Text();
  o.stdout_text = "Input lowercase sentence: hello world\n";
  EXPECT_FALSE(CheckStdout(o, TermsOf(o)).ok());
}

TEST(Printed, PiecesThatHoldTheMessageGluedBackAreFragments) {
  EXPECT_TRUE(PrintedFragments({"hello world"}, "hel\nlo wor\nld\n"));
  EXPECT_FALSE(PrintedFragments({"hello world"}, "hello world\n")) << "a whole line";
  EXPECT_FALSE(PrintedFragments({"hello world"}, "hel\n")) << "never glued whole";
  EXPECT_FALSE(PrintedFragments({}, "a\nb\n"));
}

// A TCP reader that printed each piece recv() returned: told to collect up to the newline.
TEST(Printed, APrintedPieceOfEachRecvIsOneRecvPerMessage) {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: printed-test\nprotocol: tcp\nroles:\n  receiver: {listens: true}\n"
      "cases:\n  - name: receive\n    role: receiver\n"
      "    peer: {connections: [{send: [hello world], mode: line-per-write}]}\n"
      "    expect: {stdout: peer-sent, exit: running}\n",
      "printed-test.yaml");
  ASSERT_TRUE(r.ok()) << r.errors.front().ToString();
  Observation o = Observe(*r.spec, "receive", 40000);
  o.program.display_name = "receiver.py";
  o.program.program_path = "receiver.py";
  o.connections = {Answered({"hello world"}, "")};
  o.stdout_text = "hello\n wor\nld\n";
  Finding f = CheckStdout(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kOneRecvPerMessage) << f.Text();
  EXPECT_EQ(f.Text().rfind("receiver.py printed each piece that recv() returned as if it were a "
                           "whole message",
                           0),
            0u)
      << f.Text();
}

// A reference sender that awaits each ack means to deliver its whole list: one message it
// never got to send is still one the program must print. Without `await`, what was sent is.
TEST(Printed, APeerSentThatAwaitsAcksExpectsEveryMessage) {
  for (bool await : {true, false}) {
    spec::LoadResult r = spec::LoadSpecString(
        std::string("exercise: printed-test\nprotocol: udp\nroles:\n"
                    "  receiver: {listens: true}\ncases:\n  - name: receive\n"
                    "    role: receiver\n    peer:\n") +
            (await ? "      frame: '{bit}:{line}'\n      await: 'ACK:{bit}'\n      resend: 300ms\n"
                   : "") +
            "      connections:\n        - send: [one, two, three]\n"
            "    expect: {stdout: peer-sent, exit: running}\n",
        "printed-test.yaml");
    ASSERT_TRUE(r.ok()) << r.errors.front().ToString();
    Observation o = Observe(*r.spec, "receive", 40000);
    o.connections = {Answered({"one"}, "")};
    o.stdout_text = "one\n";
    EXPECT_EQ(CheckStdout(o, TermsOf(o)).ok(), !await) << CheckStdout(o, TermsOf(o)).Text();
  }
}

}  // namespace
}  // namespace netgrade::check
