// check::Decide, the runner's one question, on observations built by hand: no process, no
// socket. What Judge finds is judge_test.cc's; here, what each phase answers.
#include "harness/check/decide.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"

namespace netgrade::check {
namespace {
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;

// A server on another port that answers right: while the case runs it passes there (the case
// may end), at the end its port is the diagnosis.
TEST(Decide, AServerOnAnotherPortPassesWhileRunningAndFailsAtTheEnd) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = ListeningOn(*s, 40000, 12000);
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "SECOND CLIENT\n")};
  o.listened_port = 12000;
  EXPECT_TRUE(Decide(o, Phase::kRunning).passes());
  Decision end = Decide(o, Phase::kEnded);
  EXPECT_EQ(end.finding.code, Code::kWrongPort);
  EXPECT_FALSE(end.may_explain_by_exit) << "right on its own port: an exit explains nothing";
}

// Wrong on its own port too: at the end the runner may wait for it to exit.
TEST(Decide, AFailureOnItsOwnPortMayBeExplainedByAnExit) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = ListeningOn(*s, 40000, 40000);
  o.ready = true;  // seen listening where it was told
  o.connections = {Answered({"first line", "second line"}, "first line\nsecond line\n")};
  EXPECT_FALSE(Decide(o, Phase::kRunning).passes());
  Decision end = Decide(o, Phase::kEnded);
  EXPECT_EQ(end.finding.code, Code::kEcho) << end.finding.Text();
  EXPECT_TRUE(end.may_explain_by_exit);
}

// A UDP client that sent everything to a port where nothing listens has shown why it fails:
// no grace. The same in TCP is let end (its own words about the refusal may follow).
TEST(Decide, AUdpClientThatSentElsewhereNeedsNoGraceATcpOneDoes) {
  for (const char* protocol : {"udp", "tcp"}) {
    auto s = LoadSpec(protocol, R"(["{port}"])", "");
    Observation o = Client(*s);
    StraySend stray;
    stray.proto = std::string(protocol) == "udp" ? SocketProto::kUdp : SocketProto::kTcp;
    stray.to_address = "127.0.0.1";
    stray.to_port = 9999;
    o.stray_sends = {stray};
    Decision end = Decide(o, Phase::kEnded);
    EXPECT_FALSE(end.passes()) << protocol;
    EXPECT_EQ(end.may_explain_by_exit, std::string(protocol) == "tcp") << protocol;
  }
}

}  // namespace
}  // namespace netgrade::check
