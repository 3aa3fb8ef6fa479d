// The verdict logic on observations built by hand: no process, no socket.
#include "harness/check/judge.h"

#include <gtest/gtest.h>

#include <csignal>

#include "harness/check/notes.h"
#include "harness/spec/load.h"

namespace netgrade::check {
namespace {
using namespace netgrade::peers;
using namespace netgrade::observe;

constexpr const char* kSpec = R"(exercise: judge-test
title: judge test
protocol: PROTOCOL
roles:
  server:
    listens: true
    argv: ARGV
    PORT
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: server-lines
    role: server
    peer:
      connections:
        - send: ["first line", "second line"]
          mode: conversation
        - send: ["second client"]
    expect:
      replies: upper
      exit: running
  - name: client-line
    role: client
    stdin: ["hello world"]
    peer:
      reply: "{upper}"
    expect:
      received: stdin
      stdout: peer-replies
)";

std::optional<spec::Spec> Load(const std::string& protocol, const std::string& argv,
                               const std::string& port) {
  std::string yaml = kSpec;
  for (auto [key, value] :
       {std::pair<std::string, std::string>{"PROTOCOL", protocol}, {"ARGV", argv}, {"PORT", port}})
    yaml.replace(yaml.find(key), key.size(), value);
  spec::LoadResult r = spec::LoadSpecString(yaml, "judge-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : "spec does not load");
  return std::move(r.spec);
}

Observation Observe(const spec::Spec& s, const std::string& case_name, uint16_t port) {
  Observation o;
  o.spec = &s;
  for (const spec::Case& c : s.cases)
    if (c.name == case_name) o.test = &c;
  o.role = s.FindRole(o.test->role);
  o.port = port;
  o.program.display_name = "server.py";
  return o;
}

Observation ListeningOn(const spec::Spec& s, uint16_t told, uint16_t used) {
  Observation o = Observe(s, "server-lines", told);
  observe::SocketInfo info;
  info.proto = observe::SocketProto::kTcp;
  info.state = 0x0A;
  info.local_address = "0.0.0.0";
  info.local_port = used;
  o.sockets.push_back(info);
  return o;
}

TEST(Judge, AWrongPortOnTheCommandLineNamesTheArgument) {
  auto s = Load("tcp", R"(["{port}"])", "");
  check::Finding f = Judge(ListeningOn(*s, 40000, 12000));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  EXPECT_NE(f.message.find("sys.argv[1]"), std::string::npos) << f.message;
}

TEST(Judge, AWrongFixedPortSaysWhatTheExerciseSays) {
  auto s = Load("tcp", "[]", "port_via: fixed\n    fixed_port: 12000");
  check::Finding f = Judge(ListeningOn(*s, 12000, 12345));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  EXPECT_NE(f.message.find("The exercise says port 12000; your program uses 12345"),
            std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("argv"), std::string::npos) << f.message;
}

TEST(Judge, AWrongPortFromTheEnvironmentNamesTheVariable) {
  auto s = Load("tcp", "[]", "port_via: env\n    port_env: SERVER_PORT");
  check::Finding f = Judge(ListeningOn(*s, 40000, 12000));
  EXPECT_EQ(f.code, check::Code::kWrongPort);
  EXPECT_NE(f.message.find("os.environ['SERVER_PORT']"), std::string::npos) << f.message;
  EXPECT_EQ(f.message.find("argv"), std::string::npos) << f.message;
}

peers::ConnectionLog Answered(std::vector<std::string> sent, std::string received) {
  peers::ConnectionLog log;
  log.connected = true;
  log.sent = std::move(sent);
  log.received = std::move(received);
  log.complete = true;
  return log;
}

// `wrong_port: credit`: a server right on the port it used passes, and a note says the port was
// wrong; wrong on that port, or with the default `fail`, it fails with wrong_port.
TEST(Judge, AnotherFixedPortIsCreditedOnlyWhereTheSpecSaysSo) {
  auto s = Load("tcp", "[]", "port_via: fixed\n    fixed_port: 12000");
  Observation o = ListeningOn(*s, 12000, 13001);
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "SECOND CLIENT\n")};
  o.program.display_name = "TCPServer.py";
  o.listened_port = 13001;  // graded there (run/case_runner.cc)
  EXPECT_EQ(Judge(o).code, Code::kWrongPort) << "fail is the default";
  EXPECT_TRUE(Notes(o).empty());
  s->wrong_port = spec::WrongPort::kCredit;
  EXPECT_TRUE(Judge(o).ok()) << Judge(o).message;
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

TEST(Judge, ASecondConnectionLeftUnansweredIsExplainedOnce) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, "")};
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNoOutput);
  EXPECT_NE(f.message.find("The first connection was answered correctly"), std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("was was"), std::string::npos) << f.message;
}

// A UDP client silent after a drop: where the grader saw its blocked call, the diagnosis
// says whether it had a timeout; where it could not look (a default Docker container), it
// claims neither and says so.
TEST(Judge, ASilenceAfterADropClaimsNoTimeoutOnlyWhereItWasSeen) {
  auto s = Load("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client.py";
  o.stalled_after_drop = true;
  o.dropped_what = "its datagram";
  o.blocked_in = "recvfrom";
  Finding seen = Judge(o);
  EXPECT_EQ(seen.code, Code::kNoUdpTimeout);
  EXPECT_EQ(seen.message.rfind("No timeout: client.py waited", 0), 0u) << seen.message;

  o.waits_too_long = true;
  Finding longer = Judge(o);
  EXPECT_EQ(longer.code, Code::kNoUdpTimeout);
  EXPECT_NE(longer.message.find("waits longer than the 1 s the exercise allows"), std::string::npos)
      << longer.message;
  EXPECT_NE(longer.message.find("sent nothing more for 1.5 s"), std::string::npos)
      << longer.message;
  o.stall_after = std::chrono::milliseconds(3000);  // the default scaled by 2
  EXPECT_NE(Judge(o).message.find("sent nothing more for 3.0 s"), std::string::npos)
      << Judge(o).message;
  o.stall_after = Thresholds{}.stall_after_drop;

  o.waits_too_long = false;
  o.blocked_in.clear();
  o.timeout_unseen = true;
  Finding unseen = Judge(o);
  EXPECT_EQ(unseen.code, Code::kNoUdpTimeout);
  EXPECT_NE(unseen.message.find("netgrade cannot see which here"), std::string::npos)
      << unseen.message;
  EXPECT_EQ(unseen.message.find("No timeout:"), std::string::npos) << unseen.message;
}

TEST(Judge, UdpHasClientsNotConnections) {
  auto s = Load("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.sockets = ListeningOn(*s, 40000, 40000).sockets;
  o.sockets[0].proto = observe::SocketProto::kUdp;
  o.sockets[0].state = 7;
  peers::ConnectionLog first = Answered({"first line", "second line"}, "");
  first.datagrams = {"FIRST LINE", "SECOND LINE"};
  o.connections = {first, Answered({"second client"}, "")};
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNoOutput);
  EXPECT_NE(f.message.find("recvfrom()"), std::string::npos) << f.message;
  EXPECT_EQ(f.message.find("connection"), std::string::npos) << f.message;
  EXPECT_EQ(f.message.find("accept()"), std::string::npos) << f.message;
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
      EXPECT_NE(f.message.find("no ack ever reached the sender"), std::string::npos) << f.message;
    } else {
      EXPECT_TRUE(f.ok()) << f.message;
    }
  }
}

TEST(Judge, AnAnswerWithoutItsNewlineIsNamedWhenTheNextNeverCame) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, "FIRST LINE")};
  o.connections[0].complete = false;
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNoNewline) << f.message;
  EXPECT_NE(f.message.find("never sent its next line, 'second line'"), std::string::npos)
      << f.message;
}

TEST(Judge, ALineSentWithoutItsNewlineIsNamedWhenNoAnswerCame) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client.py";
  peers::ConnectionLog log;
  log.connected = true;
  log.received = "hello world";
  o.connections = {log};
  o.stdout_text = "Input lowercase sentence:";
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNoNewline) << f.message;
  EXPECT_NE(f.message.find("received 'hello world' without the newline"), std::string::npos)
      << f.message;
}

// A client that floods the reference server: the peer stopped recording at its cap. That
// is the diagnosis, before what the recorded bytes hold (here, no newline at the cut).
TEST(Judge, AFloodCutShortIsToldAsSuch) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client.py";
  peers::ConnectionLog log;
  log.connected = true;
  log.received = std::string(peers::kRecordBytes - 1, 'x');
  log.received_cut = true;
  o.connections = {peers::ConnectionLog{}, log};
  o.connections[0].connected = true;
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kTooMuchData) << f.message;
  EXPECT_NE(f.message.find("client.py sent more than 4 MiB on 2 connections, where this case "
                           "expects 1 line ('hello world'): netgrade stopped recording there"),
            std::string::npos)
      << f.message;

  o.connections[1].received = std::string(peers::kRecordMessages, '\n');
  f = Judge(o);
  EXPECT_NE(f.message.find("more than 65536 lines"), std::string::npos) << f.message;

  o.connections[1].received_cut = false;
  EXPECT_NE(Judge(o).code, check::Code::kTooMuchData) << "the same bytes, not cut";
}

TEST(Judge, AServerThatAnswersWithoutEndIsToldItsAnswersWereTooMuch) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  o.connections = {Answered({"first line"}, std::string(peers::kRecordBytes, 'A'))};
  o.connections[0].received_cut = true;
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kTooMuchData) << f.message;
  EXPECT_NE(f.message.find("server.py sent more than 4 MiB, where this case expects 3 lines "
                           "('FIRST LINE', ...)"),
            std::string::npos)
      << f.message;
  EXPECT_NE(f.message.find("A server sends one answer for each line"), std::string::npos)
      << f.message;
}

// A UDP flood through the proxy overflows its buffers before the peer's cap is reached:
// the kernel's drops are then the program's doing, not the grader's problem.
TEST(Judge, AFloodThatOverflowsTheProxyIsTheProgramsDoing) {
  auto s = Load("udp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client.py";
  peers::ConnectionLog log;
  log.connected = true;
  log.datagrams = {"x"};
  o.connections = {log};
  o.grader_loss = true;
  o.proxy_bytes_from_student = 1000;
  EXPECT_EQ(Judge(o).code, check::Code::kGraderProblem) << "a few datagrams: the grader's loss";
  o.proxy_bytes_from_student = peers::kRecordBytes + 1;
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kTooMuchData) << f.message;
  EXPECT_NE(f.message.find("client.py sent more than 4 MiB, where this case expects 1 datagram"),
            std::string::npos)
      << f.message;
}

TEST(Judge, ZerosAfterTheAnswerAreNamedAsPadding) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "server-lines", 40000);
  o.ready = true;
  std::string padded = "SECOND CLIENT\n" + std::string(1010, '\0');
  o.connections = {Answered({"first line", "second line"}, "FIRST LINE\nSECOND LINE\n"),
                   Answered({"second client"}, padded)};
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNulPadding) << f.message;
  EXPECT_NE(f.message.find("1010 bytes of padding"), std::string::npos) << f.message;
  // The report shows the padding itself: an extra "message" of zeros where nothing more was
  // expected.
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->expected, std::nullopt);
  EXPECT_EQ(f.difference->received, std::string(1010, '\0'));
}

// A C client that ignores a failed connect() dies of SIGPIPE on its first write; its own
// "connect error" is on stdout, and that is what it is told about.
TEST(Judge, ABrokenPipeWithoutAConnectionIsAFailedConnect) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client";
  o.program.exited = true;
  o.program.signal = SIGPIPE;
  o.stdout_text = "connect error!!\nInput lowercase sentence: ";
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kNeverConnected) << f.message;
  EXPECT_NE(f.message.find("connect() failed and the program went on writing to a socket that "
                           "was never connected: check connect()'s return value and stop."),
            std::string::npos)
      << f.message;
  EXPECT_NE(f.message.find("printed on stdout:\n    connect error!!"), std::string::npos)
      << f.message;
}

// Connected, then SIGPIPE with no word of connect(): still a crash, with its stdout shown.
TEST(Judge, ABrokenPipeAfterConnectingShowsStdout) {
  auto s = Load("tcp", R"(["{port}"])", "");
  Observation o = Observe(*s, "client-line", 40000);
  o.program.display_name = "client";
  o.program.exited = true;
  o.program.signal = SIGPIPE;
  peers::ConnectionLog log;
  log.connected = true;
  log.received = "hello\n";
  o.connections = {log};
  o.stdout_text = "sent 6 bytes\n";
  check::Finding f = Judge(o);
  EXPECT_EQ(f.code, check::Code::kCrashed) << f.message;
  EXPECT_EQ(f.message.find("check connect()"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("sent 6 bytes"), std::string::npos) << f.message;
}

}  // namespace
}  // namespace netgrade::check
