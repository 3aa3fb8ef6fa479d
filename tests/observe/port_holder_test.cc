#include "harness/observe/port_holder.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/base/fd.h"
#include "tests/support/held_port.h"

namespace netgrade::observe {
namespace {

// A socket of this process on 127.0.0.1, bound to a port the kernel chooses (listening, for
// TCP); *port is that port.
Fd Bound(int type, uint16_t* port) {
  Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      (type == SOCK_STREAM && ::listen(fd.get(), 1) != 0) ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return Fd();
  *port = ntohs(a.sin_port);
  return fd;
}

TEST(FindPortHolder, FindsThisProcessHoldingATcpListener) {
  uint16_t port = 0;
  Fd held = Bound(SOCK_STREAM, &port);
  ASSERT_TRUE(held);
  std::optional<PortHolder> h = FindPortHolder(SocketProto::kTcp, port);
  ASSERT_TRUE(h.has_value()) << "port " << port << " was not seen taken";
  EXPECT_EQ(h->port, port);
  EXPECT_EQ(h->pid, ::getpid());
  EXPECT_TRUE(h->own);
  EXPECT_EQ(h->process_uid, ::getuid());
  EXPECT_NE(h->command.find("observe_tests"), std::string::npos) << h->command;
}

TEST(FindPortHolder, FindsThisProcessHoldingABoundUdpSocket) {
  uint16_t port = 0;
  Fd held = Bound(SOCK_DGRAM, &port);
  ASSERT_TRUE(held);
  std::optional<PortHolder> h = FindPortHolder(SocketProto::kUdp, port);
  ASSERT_TRUE(h.has_value()) << "port " << port << " was not seen taken";
  EXPECT_EQ(h->pid, ::getpid());
  EXPECT_TRUE(h->own);
}

// A port is taken for the protocol that holds it only, and once closed it is free again.
TEST(FindPortHolder, AFreePortHasNoHolder) {
  uint16_t port = 0;
  Fd udp = Bound(SOCK_DGRAM, &port);
  ASSERT_TRUE(udp);
  EXPECT_EQ(FindPortHolder(SocketProto::kTcp, port), std::nullopt);
  udp.Reset();
  EXPECT_EQ(FindPortHolder(SocketProto::kUdp, port), std::nullopt);
}

TEST(ProcessHolding, NamesNoProcessForAnInodeNoOneHolds) {
  EXPECT_EQ(ProcessHolding(0), 0);
  EXPECT_EQ(ProcessHolding(UINT64_MAX), 0);
}

PortHolder Own() {
  PortHolder h;
  h.port = 12000;
  h.pid = 4242;
  h.own = true;
  h.command = "python3 TCPServer.py";
  return h;
}

TEST(PortTakenMessage, NamesTheStudentsOwnProgramAndHowToStopIt) {
  EXPECT_EQ(PortTakenMessage(Own(), "server"),
            "Port 12000, which this exercise's programs use, is taken on this computer by "
            "'python3 TCPServer.py' (pid 4242, one of your own programs: an earlier run of your "
            "server still running?). Stop it (kill 4242) and check again.");
}

TEST(PortTakenMessage, AnotherUsersProgramIsNamedAsTheirs) {
  PortHolder seen = Own();
  seen.own = false;
  seen.process_uid = seen.socket_uid = 1001;
  std::string m = PortTakenMessage(seen, "server");
  EXPECT_NE(m.find("'python3 TCPServer.py' (pid 4242, a program of another user, uid 1001)"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("your own"), std::string::npos) << m;
  PortHolder unseen;  // a normal user may not read another user's descriptors
  unseen.proto = SocketProto::kUdp;
  unseen.port = 12000;
  unseen.socket_uid = 1001;
  m = PortTakenMessage(unseen, "receiver");
  EXPECT_EQ(m.find("Port 12000, which this exercise's programs use, is taken on this computer "
                   "by another user's program (uid 1001; netgrade may not see which)."),
            0u)
      << m;
  EXPECT_NE(m.find("sudo ss -lunp 'sport = :12000'"), std::string::npos) << m;
}

TEST(PortTakenMessage, EscapesTheCommandLineAStudentChose) {
  PortHolder h = Own();
  h.command = "python3 \x1b[2Jevil.py";
  std::string m = PortTakenMessage(h, "server");
  EXPECT_EQ(m.find('\x1b'), std::string::npos) << m;
  EXPECT_NE(m.find("\\x1b[2Jevil.py"), std::string::npos) << m;
}

spec::Spec FixedPortSpec(int port) {
  spec::Spec s;
  s.protocol = spec::Protocol::kTcp;
  spec::Role server;
  server.name = "server";
  server.listens = true;
  server.port_via = spec::PortVia::kFixed;
  server.fixed_port = port;
  spec::Role client = server;
  client.name = "client";
  client.listens = false;
  s.roles = {server, client};
  return s;
}

// Another process of this user (a child that holds the socket from the moment it is forked,
// until its pipe closes) holds the fixed port of a graded role.
TEST(FixedPortTaken, StopsOnAFixedPortOfAGradedRoleThatIsTaken) {
  uint16_t port = 0;
  Fd held = Bound(SOCK_STREAM, &port);
  ASSERT_TRUE(held);
  testing_support::HeldByAChild holder(std::move(held));
  const pid_t child = holder.pid();
  spec::Spec s = FixedPortSpec(port);
  std::string m = FixedPortTaken(s, {"client"});
  EXPECT_EQ(m.find(fmt::format("Port {}, which", port)), 0u) << m;
  EXPECT_NE(
      m.find(fmt::format("pid {}, one of your own programs: an earlier run of your server", child)),
      std::string::npos)
      << m;
  spec::Spec chosen = s;
  chosen.roles[0].port_via = chosen.roles[1].port_via = spec::PortVia::kArgv;  // the grader's
  EXPECT_EQ(FixedPortTaken(chosen, {}), "");
  ASSERT_TRUE(holder.Release());
  EXPECT_EQ(FixedPortTaken(s, {}), "") << "free once its holder is gone";
}

// The grader's own socket is not a student's program: left to the cases.
TEST(FixedPortTaken, APortThisProcessHoldsIsLeftToTheCases) {
  uint16_t port = 0;
  Fd held = Bound(SOCK_STREAM, &port);
  ASSERT_TRUE(held);
  ASSERT_EQ(FindPortHolder(SocketProto::kTcp, port)->pid, ::getpid());
  EXPECT_EQ(FixedPortTaken(FixedPortSpec(port), {}), "");
}

}  // namespace
}  // namespace netgrade::observe
