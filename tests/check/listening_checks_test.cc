// A listening role's readiness, judged on observations built by hand.
#include "harness/check/listening_checks.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::TermsOf;
using namespace netgrade::observe;
using testing_support::ExpectWords;

spec::Spec Load(const std::string& protocol, const std::string& topology) {
  std::string yaml = "exercise: listening-test\nprotocol: " + protocol +
                     "\nroles:\n  server: {listens: true}\ncases:\n"
                     "  - name: one\n    role: server\n    topology: " +
                     topology +
                     "\n    peer: {connections: [{send: [hi]}]}\n"
                     "    expect: {replies: upper, exit: running}\n";
  spec::LoadResult r = spec::LoadSpecString(yaml, "listening-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return std::move(*r.spec);
}

Observation Observe(const spec::Spec& s) {
  Observation o;
  o.spec = &s;
  o.test = &s.cases[0];
  o.role = s.FindRole("server");
  o.port = 40000;
  o.timeout_ms = 5000;
  o.program.display_name = "server.py";
  return o;
}

SocketInfo Listening(SocketProto proto, uint16_t port, const std::string& address = "0.0.0.0") {
  SocketInfo s;
  s.proto = proto;
  s.state = proto == SocketProto::kTcp ? 0x0A : 0x07;
  s.local_address = address;
  s.local_port = port;
  return s;
}

TEST(CheckListening, ReadyIsFine) {
  spec::Spec s = Load("tcp", "loopback");
  Observation o = Observe(s);
  o.ready = true;
  EXPECT_TRUE(CheckListening(o, TermsOf(o)).ok());
}

TEST(CheckListening, TheOtherProtocolOnItsPortIsAWrongProtocol) {
  spec::Spec s = Load("tcp", "loopback");
  Observation o = Observe(s);
  o.sockets = {Listening(SocketProto::kUdp, 40000)};
  Finding f = CheckListening(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongProtocol);
  ExpectWords(f);
}

TEST(CheckListening, AnotherPortIsAWrongPortNamingBoth) {
  spec::Spec s = Load("tcp", "loopback");
  Observation o = Observe(s);
  o.sockets = {Listening(SocketProto::kTcp, 12000)};
  Finding f = CheckListening(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kWrongPort);
  ExpectWords(f);
}

TEST(CheckListening, StillRunningWithoutASocketNeverListenedAndSaysWhatToCall) {
  spec::Spec udp = Load("udp", "loopback");
  Observation o = Observe(udp);
  Finding f = CheckListening(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverListened);
  ExpectWords(f);  // the whole text: bind() to call, and no listen() (UDP has none)
}

// The time said is the time it had: its deadline moved for the machine's load, and why.
TEST(CheckListening, ATimeoutMovedForTheLoadSaysTheTimeItGave) {
  spec::Spec tcp = Load("tcp", "loopback");
  Observation o = Observe(tcp);
  o.timeout_ms = 5000;
  o.load_extension_ms = 10000;
  Finding f = CheckListening(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNeverListened);
  ExpectWords(f);
}

TEST(CheckReachable, OnlyTwoHostsMindLoopback) {
  spec::Spec one = Load("tcp", "loopback"), two = Load("tcp", "two-hosts");
  Observation a = Observe(one), b = Observe(two);
  a.sockets = b.sockets = {Listening(SocketProto::kTcp, 40000, "127.0.0.1")};
  EXPECT_TRUE(CheckReachable(a).ok());
  Finding f = CheckReachable(b);
  EXPECT_EQ(f.code, Code::kLoopbackOnly);
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::check
