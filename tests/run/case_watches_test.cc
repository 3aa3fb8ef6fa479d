// What the grader watches of a student's program while its case runs, end to end through
// run::RunCase: a client's datagrams to a port where nothing listens (a port written in the
// program) are seen as they happen, and end its case at once, naming the port.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "harness/base/address.h"
#include "harness/base/fd.h"
#include "harness/run/case_runner.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
namespace {
using testing_support::CapitalizeSpec;
using testing_support::ProgramDir;
using testing_support::RunCaseOn;

// The client waits 30 s for an answer (a timer of its own: it is not at rest), so only
// seeing where its datagram went ends the case early.
TEST(CaseWatches, AUdpClientSendingElsewhereEndsAtOnceNamingThePort) {
  if (!Fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP)))
    GTEST_SKIP() << "no CAP_NET_RAW: where datagrams went cannot be seen here";
  spec::Spec s = CapitalizeSpec();
  s.protocol = spec::Protocol::kUdp;
  spec::Case& c = s.cases[1];
  c.timeout_ms = 60000;  // bounds a failure only
  c.stdin_lines = {"hello world"};
  c.expect.exit = spec::Case().expect.exit;
  // A port the kernel just freed: nothing listens there.
  const uint16_t port = LocalAddress(UdpBind(Address::Parse("127.0.0.1", 0)).get()).port();
  auto dir = ProgramDir("udp-client", "client.py",
                        fmt::format(R"(from socket import *
serverPort = {}
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(30)
message = input('Input lowercase sentence:')
clientSocket.sendto(message.encode(), ('127.0.0.1', serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
)",
                                    port));
  check::CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_EQ(r.code, check::Code::kWrongPort) << r.message;
  // A phrase, not a golden block: the port is one the kernel chose for this run.
  EXPECT_NE(r.cause.find(fmt::format("port {}", port)), std::string::npos) << r.cause;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for the client's timeout";
}

// The UDP lab's client in a TCP lab: its datagram to a port written in it is seen too (the
// other protocol's watch), ends the case at once, and names its protocol and that port.
TEST(CaseWatches, AUdpClientInATcpLabEndsAtOnceNamingItsProtocolAndPort) {
  if (!Fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP)))
    GTEST_SKIP() << "no CAP_NET_RAW: where datagrams went cannot be seen here";
  spec::Spec s = CapitalizeSpec();
  spec::Case& c = s.cases[1];
  c.timeout_ms = 60000;  // bounds a failure only
  c.stdin_lines = {"hello world"};
  c.expect.exit = spec::Case().expect.exit;
  const uint16_t port = LocalAddress(UdpBind(Address::Parse("127.0.0.1", 0)).get()).port();
  auto dir = ProgramDir("udp-client-in-tcp", "client.py",
                        fmt::format(R"(from socket import *
serverPort = {}
clientSocket = socket(AF_INET, SOCK_DGRAM)
clientSocket.settimeout(30)
message = input('Input lowercase sentence:')
clientSocket.sendto(message.encode(), ('127.0.0.1', serverPort))
modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
print(modifiedMessage.decode())
)",
                                    port));
  check::CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_EQ(r.code, check::Code::kWrongProtocol) << r.message;
  // A phrase, not a golden block: the ports are ones the kernel chose for this run.
  EXPECT_NE(r.message.find(fmt::format(
                "client.py sent UDP datagrams (a SOCK_DGRAM socket) to port {}, where nothing "
                "listens, but this exercise uses TCP",
                port)),
            std::string::npos)
      << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for the client's timeout";
}

}  // namespace
}  // namespace netgrade::run
