// The verdict logic on observations built by hand: no process, no socket. Which finding wins
// when several apply; each finding's own words are tested beside the module that makes it.
#include "harness/check/judge.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/check/notes.h"
#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using namespace netgrade::peers;
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

TEST(Judge, AWrongPortOnTheCommandLineNamesTheArgument) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  check::Finding f = Judge(ListeningOn(*s, 40000, 12000));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  ExpectWords(f);  // sys.argv[1], and the port 40000 it was given
}

TEST(Judge, AWrongFixedPortSaysWhatTheExerciseSays) {
  auto s = LoadSpec("tcp", "[]", "port_via: fixed\n    fixed_port: 12000");
  check::Finding f = Judge(ListeningOn(*s, 12000, 12345));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  ExpectWords(f);  // the port it used, the exercise's, and no word of argv
}

TEST(Judge, AWrongPortFromTheEnvironmentNamesTheVariable) {
  auto s = LoadSpec("tcp", "[]", "port_via: env\n    port_env: SERVER_PORT");
  check::Finding f = Judge(ListeningOn(*s, 40000, 12000));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  ExpectWords(f);  // os.environ['SERVER_PORT'], and no word of argv
}

// `wrong_port: credit`: a server right on the port it used passes, and a note says the port was
// wrong; wrong on that port, or with the default `fail`, it fails with wrong_port.
TEST(Judge, AnotherFixedPortIsCreditedOnlyWhereTheSpecSaysSo) {
  auto s = LoadSpec("tcp", "[]", "port_via: fixed\n    fixed_port: 12000");
  Observation o = ListeningOn(*s, 12000, 13001);
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "SECOND CLIENT\n")};
  o.program.display_name = "TCPServer.py";
  o.listened_port = 13001;  // graded there (run/case_runner.cc)
  EXPECT_EQ(Judge(o).code, Code::kWrongPort) << "fail is the default";
  EXPECT_TRUE(Notes(o).empty());
  s->wrong_port = spec::WrongPort::kCredit;
  EXPECT_TRUE(Judge(o).ok()) << Judge(o).Text();
  std::vector<std::string> notes = Notes(o);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].find("TCPServer.py listens on port 13001, not 12000; this exercise gives the "
                          "case its points anyway (wrong_port: credit)"),
            0u)
      << notes[0];
  // Wrong on that port too: no credit.
  o.connections[1] = Answered({"second client"}, "second client\n");
  EXPECT_EQ(Judge(o).code, Code::kWrongPort);
}

// A UDP client silent after a drop: where the grader saw its blocked call, the diagnosis
// says whether it had a timeout; where it could not look (a default Docker container), it
// claims neither and says so.
TEST(Judge, ASilenceAfterADropClaimsNoTimeoutOnlyWhereItWasSeen) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.stalled_after_drop = true;
  o.dropped_what = "its datagram";
  o.own_datagram_lost = true;
  o.blocked_in = "recvfrom";
  Finding seen = Judge(o);
  EXPECT_EQ(seen.code, Code::kNoUdpTimeout);
  EXPECT_EQ(seen.Text().rfind("No timeout: client.py waited", 0), 0u) << seen.Text();

  o.waits_too_long = true;
  Finding longer = Judge(o);
  EXPECT_EQ(longer.code, Code::kNoUdpTimeout);
  ExpectWords(longer, "waits too long");            // the call it waited in, the bound, how long
  o.stall_after = std::chrono::milliseconds(3000);  // the default scaled by 2
  ExpectWords(Judge(o), "waits too long, its bound scaled by 2");
  o.stall_after = Thresholds{}.stall_after_drop;

  o.waits_too_long = false;
  o.blocked_in.clear();
  o.timeout_unseen = true;
  Finding unseen = Judge(o);
  EXPECT_EQ(unseen.code, Code::kNoUdpTimeout);
  // The test's point: where it could not look, it claims no timeout either way.
  EXPECT_EQ(unseen.Text().find("No timeout:"), std::string::npos) << unseen.Text();
  ExpectWords(unseen, "unseen");
}

// `stdout: peer-sent` of a reference sender that awaits each ack is every message of its list:
// a receiver whose acks never reach it keeps the sender on message 1, and printing that one
// alone is not all (an instructor's spec passed such a receiver). Without `await`, what was
// sent is what the program must print.
TEST(Judge, APeerSentThatAwaitsAcksExpectsEveryMessageNotOnlyThoseItGotToSend) {
  for (bool await : {true, false}) {
    spec::LoadResult r = spec::LoadSpecString(
        std::string("exercise: judge-test\nprotocol: udp\nroles:\n"
                    "  receiver: {listens: true, argv: ['{port}']}\n"
                    "cases:\n  - name: receive\n    role: receiver\n    peer:\n") +
            (await ? "      frame: '{bit}:{line}'\n      await: 'ACK:{bit}'\n      resend: 300ms\n"
                   : "") +
            "      connections:\n        - send: [one, two, three]\n"
            "    expect: {stdout: peer-sent, exit: running}\n",
        "judge-test.yaml");
    ASSERT_TRUE(r.ok()) << r.errors.front().ToString();
    Observation o = Observe(*r.spec, "receive", 40000);
    o.ready = true;
    observe::SocketInfo bound;
    bound.proto = observe::SocketProto::kUdp;
    bound.state = 7;
    bound.local_address = "0.0.0.0";
    bound.local_port = 40000;
    o.sockets = {bound};
    o.connections = {Answered({"one"}, "")};  // sent again and again, never acked
    o.stdout_text = "one\n";
    check::Finding f = Judge(o);
    if (await) {
      EXPECT_FALSE(f.ok()) << "printed one of three and passed";
      EXPECT_EQ(f.code, Code::kReplyToFixedAddress) << f.Text();
    } else {
      EXPECT_TRUE(f.ok()) << f.Text();
    }
  }
}

// A line the reference server never saw the end of explains why no answer came: it is told
// before the missing answer itself.
TEST(Judge, ALineSentWithoutItsNewlineLeadsWhenNoAnswerCame) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("hello world")};
  o.stdout_text = "Input lowercase sentence:";
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNoNewline) << f.Text();
  ExpectWords(f);  // the line it sent, 'hello world'
}

// A client that floods the reference server: the peer stopped recording at its cap. That
// is the diagnosis, before what the recorded bytes hold (here, no newline at the cut).
TEST(Judge, AFloodIsToldBeforeWhatTheRecordedBytesHold) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Client(*s);
  peers::ConnectionLog log = Received(std::string(peers::kRecordBytes - 1, 'x'));
  log.received_cut = true;
  o.connections = {log};
  EXPECT_EQ(Judge(o).code, check::Code::kTooMuchData) << Judge(o).Text();
  o.connections[0].received_cut = false;
  EXPECT_EQ(Judge(o).code, check::Code::kNoNewline) << "the same bytes, not cut";
}

// A UDP flood through the proxy overflows its buffers before the peer's cap is reached:
// the kernel's drops are then the program's doing, not the grader's problem.
TEST(Judge, AFloodThatOverflowsTheProxyIsTheProgramsDoing) {
  auto s = LoadSpec("udp", R"(["{port}"])", "");
  Observation o = Client(*s);
  o.connections = {Received("", {"x"})};
  o.grader_loss = true;
  o.proxy_bytes_from_student = 1000;
  EXPECT_EQ(Judge(o).code, check::Code::kGraderProblem) << "a few datagrams: the grader's loss";
  o.proxy_bytes_from_student = peers::kRecordBytes + 1;
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kTooMuchData) << f.Text();
  ExpectWords(f);  // the 4 MiB cap, and the 1 datagram ('hello world') recorded
}

// A C client that ignores a failed connect() dies of SIGPIPE on its first write: the crash
// is told, not only that nothing reached the reference server.
TEST(Judge, ACrashExplainsMissingContentBetterThanTheContent) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client";
  o.program.exited = true;
  o.program.signal = SIGPIPE;
  o.stdout_text = "connect error!!\nInput lowercase sentence: ";
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNeverConnected) << f.Text();
  ExpectWords(f);  // port 40000, and its death by signal 13
}

// The spec's hints reach the verdict: a line's own when that line is wrong, the exit check's
// when the content was right and the program did not exit.
TEST(Judge, TheSpecsHintsFollowTheirChecksDiagnosis) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  spec::Case& c = s->cases[1];
  c.expect.stdout_source = spec::StdoutSource::kLines;
  c.expect.stdout_lines = {"HELLO WORLD"};
  c.expect.stdout_line_hints = {"Print the server's answer as it came."};
  c.expect.exit = spec::ExitRule::kRequired;
  c.expect.hints["exit"] = "Close the socket and return from main.";
  Observation o = Client(*s);
  o.connections = {Received("hello world\n")};
  o.stdout_text = "hello world\n";
  o.program.exited = true;
  Finding wrong = Judge(o);
  EXPECT_EQ(wrong.code, Code::kEcho) << wrong.Text();
  EXPECT_EQ(wrong.notes, std::vector<std::string>{"Print the server's answer as it came."})
      << "the line's own hint, not the exit's: " << wrong.Text();

  o.stdout_text = "HELLO WORLD\n";
  o.program.exited = false;
  Finding running = Judge(o);
  EXPECT_EQ(running.code, Code::kDidNotExit) << running.Text();
  EXPECT_EQ(running.notes, std::vector<std::string>{"Close the socket and return from main."})
      << running.Text();
  // With exit_status, which waits for the exit too, its own hint is told.
  c.expect.exit_status = 0;
  c.expect.hints["exit_status"] = "Exit with status 0.";
  Finding status = Judge(o);
  EXPECT_EQ(status.notes, std::vector<std::string>{"Exit with status 0."}) << status.Text();
}

}  // namespace
}  // namespace netgrade::check
