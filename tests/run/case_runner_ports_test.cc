// run::RunCase end to end with programs on another port than the one given, written into
// them as course code does: a server there is graded there, and a client's datagrams there
// end its case at once. The port written in is one the kernel just freed (nothing listens
// there), never a fixed one.
#include <arpa/inet.h>
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <fstream>

#include "harness/base/fd.h"
#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"

namespace netgrade::run {
namespace {

struct Scratch {
  std::vector<std::filesystem::path> dirs;
  ~Scratch() {
    for (const auto& d : dirs) std::filesystem::remove_all(d);
  }
};
Scratch g_scratch;

std::filesystem::path Dir(const std::string& name, const std::string& file,
                          const std::string& code) {
  auto dir = std::filesystem::temp_directory_path() / ("netgrade-ports-" + name);
  std::filesystem::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ofstream(dir / file) << code;
  return dir;
}

uint16_t FreedPort(int type) {
  Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

spec::Spec OneCase(spec::Protocol protocol, bool server) {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "ports";
  s.protocol = protocol;
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}},
             {.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {"{host}", "{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case c;
  c.timeout_ms = 60000;  // bounds a failure only
  if (server) {
    c.name = "server-line";
    c.role = "server";
    c.peer.connections = {
        {.send = {"hello world"}, .draws = {}, .mode = spec::SendMode::kConversation, .mark = {}}};
    c.expect.replies = spec::Transform::kUpper;
    c.expect.exit = spec::ExitRule::kRunning;
  } else {
    c.name = "client-line";
    c.role = "client";
    c.stdin_lines = {"hello world"};
    c.peer.reply = "{upper}";
    c.expect.received_source = spec::ReceivedSource::kStdin;
    c.expect.stdout_source = spec::StdoutSource::kPeerReplies;
  }
  s.cases = {c};
  return s;
}

check::CaseResult Grade(const spec::Spec& s, const std::filesystem::path& dir) {
  auto p = plan::FindProgram(dir, *s.FindRole(s.cases[0].role), {});
  EXPECT_TRUE(p.has_value());
  return RunCase(s, s.cases[0], *p, dir.string(), RunOptions{});
}

TEST(CaseRunnerPorts, AServerOnAnotherPortIsGradedThere) {
  spec::Spec s = OneCase(spec::Protocol::kTcp, true);
  uint16_t port = FreedPort(SOCK_STREAM);
  auto dir = Dir("server", "server.py",
                 fmt::format(R"(from socket import *
serverPort = {}
serverSocket = socket(AF_INET, SOCK_STREAM)
serverSocket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
serverSocket.bind(('', serverPort))
serverSocket.listen(1)
while True:
    connectionSocket, addr = serverSocket.accept()
    for line in connectionSocket.makefile('rb'):
        connectionSocket.send(line.upper())
    connectionSocket.close()
)",
                             port));
  check::CaseResult r = Grade(s, dir);
  EXPECT_EQ(r.code, check::Code::kWrongPort) << r.message;
  EXPECT_NE(
      r.message.find(fmt::format("Run against port {}, it answered every line correctly.", port)),
      std::string::npos)
      << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

// The client waits 30 s for an answer (a timer of its own: it is not at rest), so only
// seeing where its datagram went ends the case early.
TEST(CaseRunnerPorts, AUdpClientSendingElsewhereEndsAtOnceNamingThePort) {
  if (!Fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP)))
    GTEST_SKIP() << "no CAP_NET_RAW: where datagrams went cannot be seen here";
  spec::Spec s = OneCase(spec::Protocol::kUdp, false);
  uint16_t port = FreedPort(SOCK_DGRAM);
  auto dir = Dir("udp-client", "client.py",
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
  check::CaseResult r = Grade(s, dir);
  EXPECT_EQ(r.code, check::Code::kWrongPort) << r.message;
  EXPECT_NE(r.message.find(fmt::format("client.py sent its datagrams to port {}", port)),
            std::string::npos)
      << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for the client's timeout";
}

}  // namespace
}  // namespace netgrade::run
