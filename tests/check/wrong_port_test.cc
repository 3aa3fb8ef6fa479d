// Programs on another port, judged on observations built by hand: a server graded on the
// port it used says both findings; a client is told where its sends went.
#include "harness/check/wrong_port.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::Judge;
using namespace netgrade::observe;
using testing_support::ExpectWords;

// PROTOCOL, and for both roles SERVER_PORT / CLIENT_PORT: argv and how the port is given.
constexpr const char* kSpec = R"(exercise: wrong-port-test
title: wrong port test
protocol: PROTOCOL
roles:
  server:
    listens: true
    SERVER_PORT
  client:
    listens: false
    CLIENT_PORT
cases:
  - name: server-lines
    role: server
    peer:
      connections:
        - send: ["first line", "second line"]
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

constexpr const char* kGiven = R"(argv: ["{port}"])";
constexpr const char* kGivenToClient = R"(argv: ["{host}", "{port}"])";
constexpr const char* kFixed = "argv: []\n    port_via: fixed\n    fixed_port: 12000";

spec::Spec Load(const std::string& protocol, bool fixed) {
  std::string yaml = kSpec;
  for (auto [key, value] : {std::pair<std::string, std::string>{"PROTOCOL", protocol},
                            {"SERVER_PORT", fixed ? kFixed : kGiven},
                            {"CLIENT_PORT", fixed ? kFixed : kGivenToClient}})
    yaml.replace(yaml.find(key), key.size(), value);
  spec::LoadResult r = spec::LoadSpecString(yaml, "wrong-port-test.yaml");
  EXPECT_TRUE(r.ok());
  return std::move(*r.spec);
}

Observation Observe(const spec::Spec& s, const std::string& case_name, uint16_t port,
                    const std::string& program) {
  Observation o;
  o.spec = &s;
  for (const spec::Case& c : s.cases)
    if (c.name == case_name) o.test = &c;
  o.role = s.FindRole(o.test->role);
  o.port = port;
  o.program.display_name = program;
  return o;
}

// A server on `used` instead of `told`, graded there; its connection answered `answer`.
Observation ServerOn(const spec::Spec& s, uint16_t told, uint16_t used, std::string answer) {
  Observation o = Observe(s, "server-lines", told, "server.py");
  o.ready = true;
  o.listened_port = used;
  SocketInfo info;
  info.proto = s.protocol == spec::Protocol::kTcp ? SocketProto::kTcp : SocketProto::kUdp;
  info.state = 0x0A;
  info.local_address = "0.0.0.0";
  info.local_port = used;
  o.sockets.push_back(info);
  peers::ConnectionLog log;
  log.connected = log.complete = true;
  log.sent = {"first line", "second line"};
  log.received = std::move(answer);
  o.connections.push_back(log);
  return o;
}

// A client whose datagrams (UDP) or connections (TCP) went to `to` where nothing listened.
Observation ClientSentTo(const spec::Spec& s, uint16_t told, uint16_t to) {
  Observation o = Observe(s, "client-line", told, "client.py");
  StraySend send;
  send.proto = s.protocol == spec::Protocol::kTcp ? SocketProto::kTcp : SocketProto::kUdp;
  send.to_address = "127.0.0.1";
  send.to_port = to;
  send.from_port = 41000;
  o.stray_sends.push_back(send);
  o.sends_visible = true;
  return o;
}

bool Has(const Finding& f, const std::string& words) {
  return f.Text().find(words) != std::string::npos;
}

// Two cases of one program on a port of its own: the same words but for each case's own port,
// which the finding marks (Finding::WithoutCasePort), and one shape; another port of the
// program's is other words.
TEST(WrongPort, TheCasesPortIsMarkedInTheWords) {
  spec::Spec s = Load("tcp", false);
  Finding one = Judge(ServerOn(s, 40001, 12000, "FIRST LINE\nSECOND LINE\n"));
  Finding two = Judge(ServerOn(s, 40002, 12000, "FIRST LINE\nSECOND LINE\n"));
  ASSERT_EQ(one.code, Code::kWrongPort) << one.Text();
  EXPECT_NE(one.Text(), two.Text());
  EXPECT_NE(one.WithoutCasePort(), "");
  EXPECT_EQ(one.WithoutCasePort(), two.WithoutCasePort());
  EXPECT_EQ(one.WithoutCasePort().find("40001"), std::string::npos) << one.WithoutCasePort();
  EXPECT_NE(one.WithoutCasePort().find("12000"), std::string::npos) << one.WithoutCasePort();
  EXPECT_EQ(one.cause.shape(), "{} listens on port {}, not {}.");
  Finding other = Judge(ServerOn(s, 40001, 13000, "FIRST LINE\nSECOND LINE\n"));
  EXPECT_NE(other.WithoutCasePort(), one.WithoutCasePort());
  // A client that connected elsewhere: never_connected, its port marked in cause and fix.
  Finding a = Judge(ClientSentTo(s, 40001, 5000)), b = Judge(ClientSentTo(s, 40002, 5000));
  ASSERT_EQ(a.code, Code::kNeverConnected) << a.Text();
  EXPECT_NE(a.WithoutCasePort(), "");
  EXPECT_EQ(a.WithoutCasePort(), b.WithoutCasePort());
  EXPECT_EQ(a.WithoutCasePort().find("40001"), std::string::npos) << a.WithoutCasePort();
}

// C's sin_port = 3000 without htons(): the kernel reads the two bytes the other way round and
// the server listens on 47115, a number written nowhere. The cause is named in C's terms: the
// port written in the program, its line, and htons(); or, when the swap is of the port it was
// given, that. A Python server on such a port is told only the port.
TEST(WrongPort, AServerWhosePortWentInWithoutHtonsIsToldSo) {
  testing_support::UniqueTempDir tmp("netgrade-wrong-port-htons");
  std::ofstream(tmp.path() / "server.c") << "int main(void) {\n  addr.sin_port = 3000;\n}\n";
  spec::Spec s = Load("tcp", false);
  Observation written = ServerOn(s, 23475, 47115, "FIRST LINE\nSECOND LINE\n");
  written.program.display_name = "server";
  written.program.program_path = (tmp.path() / "server").string();
  Finding f = Judge(written);
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f,
                  "server listens on port 47115, not 23475: that is port 3000, written in the "
                  "program (server.c, line 2), with its two bytes swapped: it went into "
                  "sin_port without htons()"))
      << f.Text();
  Observation given = ServerOn(s, 23475, 45915, "FIRST LINE\nSECOND LINE\n");
  given.program = written.program;
  f = Judge(given);
  EXPECT_TRUE(Has(f,
                  "listens on port 45915: that is port 23475, the one it was given, with its "
                  "two bytes swapped"))
      << f.Text();
  Observation python = ServerOn(s, 23475, 47115, "FIRST LINE\nSECOND LINE\n");
  std::ofstream(tmp.path() / "server.py") << "port = 3000\n";
  python.program.program_path = (tmp.path() / "server.py").string();
  f = Judge(python);
  EXPECT_FALSE(Has(f, "htons")) << f.Text();
  EXPECT_TRUE(Has(f, "listens on port 47115, not 23475.")) << f.Text();
}

TEST(WrongPort, AServerOnAnotherPortThatAnswersWellIsToldBoth) {
  spec::Spec s = Load("tcp", false);
  Finding f = Judge(ServerOn(s, 40123, 12000, "FIRST LINE\nSECOND LINE\n"));
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f, "server.py listens on port 12000, not 40123.")) << f.Text();
  EXPECT_TRUE(Has(f, "(sys.argv[1] / argv[1])")) << f.Text();
  EXPECT_TRUE(Has(f, "Run against port 12000, it answered every line correctly.")) << f.Text();
}

TEST(WrongPort, AServerOnAnotherPortIsToldWhatElseWentWrongThere) {
  spec::Spec s = Load("tcp", false);
  Finding f = Judge(ServerOn(s, 40123, 12000, "first line\nsecond line\n"));
  EXPECT_EQ(f.code, Code::kWrongPort) << "the port is the first thing to fix";
  EXPECT_TRUE(Has(f, "Run against port 12000: Your server answered")) << f.Text();
  EXPECT_FALSE(Has(f, "correctly")) << f.Text();
}

TEST(WrongPort, AServerOnAnotherPortIsJudgedThereForTheRest) {
  spec::Spec s = Load("tcp", false);
  Observation o = ServerOn(s, 40123, 12000, "FIRST LINE\nSECOND LINE\n");
  Observation there = AsRunOnItsPort(o);
  EXPECT_EQ(there.port, 12000);
  EXPECT_EQ(there.listened_port, 0);
  EXPECT_TRUE(Judge(there).ok()) << Judge(there).Text();
  Observation on_its_port = ServerOn(s, 40123, 0, "");
  EXPECT_EQ(AsRunOnItsPort(on_its_port).port, 40123) << "no other port: unchanged";
}

TEST(WrongPort, AServerOffTheExercisesFixedPortIsToldTheExercisesPort) {
  spec::Spec s = Load("udp", true);
  Observation o = ServerOn(s, 12000, 12345, "");
  o.connections[0].datagrams = {"FIRST LINE", "SECOND LINE"};
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f, "The exercise says port 12000; your program uses 12345")) << f.Text();
  EXPECT_TRUE(Has(f, "it answered every datagram correctly")) << f.Text();
  EXPECT_FALSE(Has(f, "given")) << f.Text();
}

TEST(WrongPort, AUdpClientIsToldWhereItsDatagramsWent) {
  spec::Spec s = Load("udp", false);
  Finding f = Judge(ClientSentTo(s, 40123, 12000));
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f,
                  "client.py sent its datagrams to port 12000, where nothing listens, not to "
                  "port 40123: is the port written in the program?"))
      << f.Text();
  EXPECT_TRUE(Has(f, "netgrade gave it port 40123 on its command line")) << f.Text();
  EXPECT_TRUE(Has(f, "sys.argv[2]")) << f.Text();
  EXPECT_FALSE(Has(f, "never")) << f.Text();
}

// A listening program that also connects to the case's own server (a web proxy to its origin)
// and was refused on port 80: the port it used leads, beside the one the request named; a
// refusal on the case's own server's port (its origin down on purpose) is not a stray.
TEST(WrongPort, AProxyConnectingToAPortWrittenInItIsToldThePort) {
  spec::Spec s = Load("tcp", false);
  Observation o = ClientSentTo(s, 40123, 80);
  o.role = s.FindRole("server");
  o.program.display_name = "proxy.py";
  EXPECT_TRUE(CheckStraySends(o).ok()) << "no own server: nothing it connects to is expected";
  o.own_server_port = 28858;
  Finding f = CheckStraySends(o);
  EXPECT_EQ(f.code, Code::kNeverConnected);
  EXPECT_EQ(f.cause,
            "proxy.py connected to port 80, where nothing listens, not to port 28858, the port "
            "the request named.");
  o.stray_sends[0].to_port = 28858;
  EXPECT_TRUE(CheckStraySends(o).ok()) << CheckStraySends(o).Text();
}

// The textbook's pinger with the lab's address written in: 10.0.0.1, another computer's. The
// host is named with the port, or a student fixes the port and fails again.
TEST(WrongPort, AUdpClientSendingToAnAddressWrittenInItIsToldTheAddress) {
  spec::Spec s = Load("udp", false);
  Observation o = ClientSentTo(s, 40123, 12000);
  o.stray_sends[0].to_address = "10.0.0.1";
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f,
                  "client.py sent its datagrams to the address 10.0.0.1, port 12000, where "
                  "nothing listens: an address and port written in the program."))
      << f.Text();
}

// A server bound to 10.0.0.1 listens where no connection to the address it was given arrives:
// the address is named, and no "run against port 6789" follows (it was not there either).
TEST(WrongPort, AServerBoundToAnAddressWrittenInItIsToldTheAddress) {
  spec::Spec s = Load("tcp", false);
  Observation o = ServerOn(s, 40123, 6789, "");
  o.sockets[0].local_address = "10.0.0.1";
  o.program.program_path = "/sub/server.py";
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_EQ(f.Text().rfind("server.py listens on the address 10.0.0.1, port 6789, not 40123: an "
                           "address written in the program",
                           0),
            0u)
      << f.Text();
  EXPECT_TRUE(Has(f, "bind to 0.0.0.0 (or '')")) << f.Text();
  EXPECT_FALSE(Has(f, "Run against port")) << f.Text();
}

// A server that found "its own address" by connecting a UDP socket to 8.8.8.8 and reading
// getsockname(), and bound to that alone: the case's connection is refused while it runs.
TEST(WrongPort, AServerBoundToTheAddressItFoundForItselfIsToldSo) {
  spec::Spec s = Load("tcp", false);
  testing_support::UniqueTempDir dir{"netgrade-wrong-port-test"};
  std::ofstream(dir.path() / "server.py")
      << "import socket\nt = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
         "t.connect(('8.8.8.8', 53))\nip = t.getsockname()[0]\n";
  Observation o = ServerOn(s, 40123, 40123, "");
  o.sockets[0].local_address = "8.8.8.8";
  o.program.program_path = (dir.path() / "server.py").string();
  const Finding refused{Code::kStoppedListening,
                        "The client could not connect to server.py on port 40123 (Connection "
                        "refused): it was not listening."};
  Finding f = ListensOnOneAddress(o, refused);
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_EQ(f.cause.rfind("server.py listens on the address 8.8.8.8 alone, port 40123: the "
                          "address getsockname() gave a socket it had connected elsewhere",
                          0),
            0u)
      << f.cause;
  EXPECT_TRUE(Has(f, "bind to 0.0.0.0 (or '')")) << f.Text();
  // On every address, a refused connection is something else.
  o.sockets[0].local_address = "0.0.0.0";
  EXPECT_TRUE(ListensOnOneAddress(o, refused).ok());
}

// The textbook proxy's bind((sys.argv[1], 8888)): the port it was given read as an address
// (40123 is 0.0.156.187) is named as that, never as "another computer's" address.
TEST(WrongPort, APortArgumentBoundAsTheHostIsToldSo) {
  spec::Spec s = Load("tcp", false);
  Observation o = ServerOn(s, 40123, 8888, "");
  o.sockets[0].local_address = "0.0.156.187";
  o.program.program_path = "/sub/ProxyServer.py";
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kWrongPort);
  ExpectWords(f);  // the whole text: the port taken for a host, not another computer's address
}

TEST(WrongPort, AClientOfAFixedPortExerciseIsNotToldItWasGivenOne) {
  spec::Spec s = Load("udp", true);
  Finding f = Judge(ClientSentTo(s, 12000, 12345));
  EXPECT_EQ(f.code, Code::kWrongPort);
  EXPECT_TRUE(Has(f, "sent its datagrams to port 12345, where nothing listens.")) << f.Text();
  EXPECT_TRUE(Has(f, "The exercise says port 12000; your program uses 12345.")) << f.Text();
  EXPECT_FALSE(Has(f, "given")) << f.Text();
  EXPECT_FALSE(Has(f, "argv")) << f.Text();
}

TEST(WrongPort, ATcpClientRefusedElsewhereIsToldThePortAndHowItEnded) {
  spec::Spec s = Load("tcp", false);
  Observation o = ClientSentTo(s, 40123, 12000);
  o.program.exited = true;
  o.program.status = 1;
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 5, in <module>\n"
      "ConnectionRefusedError: [Errno 111] Connection refused\n";
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kNeverConnected) << "the code it gets where refusals are not seen";
  ExpectWords(f);  // the whole text: the port, how it ended, and the refusal said once
}

TEST(WrongPort, SeveralPortsAreNamedOnce) {
  spec::Spec s = Load("udp", false);
  Observation o = ClientSentTo(s, 40123, 12000);
  o.stray_sends.push_back(o.stray_sends[0]);
  o.stray_sends.back().from_port = 41001;
  o.stray_sends.push_back(o.stray_sends[0]);
  o.stray_sends.back().to_port = 12001;
  EXPECT_TRUE(Has(CheckStraySends(o), "to ports 12000 and 12001,")) << CheckStraySends(o).Text();
}

TEST(WrongPort, NoWrongPortWhenItsPortWasUsedOrSomethingArrived) {
  spec::Spec s = Load("udp", false);
  Observation other_host = ClientSentTo(s, 40123, 40123);
  EXPECT_TRUE(CheckStraySends(other_host).ok()) << "the right port on another host";
  Observation arrived = ClientSentTo(s, 40123, 12000);
  peers::ConnectionLog log;
  log.datagrams = {"hello world"};
  arrived.connections.push_back(log);
  EXPECT_TRUE(CheckStraySends(arrived).ok()) << "its datagrams also reached the peer";
}

TEST(WrongPort, AUdpServerAnsweringAPortWrittenInItIsToldThePort) {
  spec::Spec s = Load("udp", false);
  Observation o = ServerOn(s, 40123, 0, "");
  o.listened_port = 0;
  o.sockets[0].local_port = 40123;
  EXPECT_TRUE(AnswersElsewhere(o).empty());
  StraySend answer{.proto = SocketProto::kUdp,
                   .to_address = "127.0.0.1",
                   .to_port = 12001,
                   .from_port = 40123,
                   .payload = {}};
  o.stray_sends = {answer, answer};
  Finding f = Judge(o);
  EXPECT_EQ(f.code, Code::kNoOutput);
  EXPECT_TRUE(Has(f,
                  "and waited for 'FIRST LINE'. server.py sent its answers to port 12001, "
                  "where nothing listens. A UDP server answers each datagram"))
      << f.Text();
}

TEST(WrongPort, NeverSentIsClaimedOnlyWhereSendsWereVisible) {
  spec::Spec s = Load("udp", false);
  Observation o = Observe(s, "client-line", 40123, "client.py");
  o.sends_visible = true;
  Finding seen = Judge(o);
  EXPECT_EQ(seen.code, Code::kNeverConnected);
  EXPECT_TRUE(Has(seen, "client.py never sent a datagram to the reference server")) << seen.Text();
  o.sends_visible = false;
  Finding unseen = Judge(o);
  EXPECT_EQ(unseen.code, Code::kNeverConnected);
  EXPECT_TRUE(Has(unseen, "No datagram from client.py reached the reference server at port 40123"))
      << unseen.Text();
  EXPECT_FALSE(Has(unseen, "never")) << unseen.Text();
}

}  // namespace
}  // namespace netgrade::check
