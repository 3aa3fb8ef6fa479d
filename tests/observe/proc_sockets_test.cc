#include "harness/observe/proc_sockets.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/base/address.h"

namespace netgrade::observe {
namespace {

// This process's socket bound to `port` with protocol `proto`, or nullptr.
const SocketInfo* Find(const std::vector<SocketInfo>& all, SocketProto proto, uint16_t port) {
  for (const SocketInfo& s : all)
    if (s.proto == proto && s.local_port == port) return &s;
  return nullptr;
}

// /proc's rows and sock_diag's come out as the same SocketInfo, field for field.
TEST(ProcSockets, ARowBecomesASocketInfoOfItsProtocolHeldByNoOneYet) {
  ProcNetRow row;
  row.ipv6 = true;
  row.local_address = "::1";
  row.local_port = 5000;
  row.remote_address = "::1";
  row.remote_port = 6000;
  row.state = 0x01;
  row.rx_queue = 7;
  row.tx_queue = 3;
  row.uid = 65534;
  row.inode = 42;
  SocketInfo s = FromRow(row, SocketProto::kUdp);
  EXPECT_EQ(s.proto, SocketProto::kUdp);
  EXPECT_TRUE(s.ipv6);
  EXPECT_EQ(s.local_address, "::1");
  EXPECT_EQ(s.local_port, 5000);
  EXPECT_EQ(s.remote_port, 6000);
  EXPECT_EQ(s.state, 0x01);
  EXPECT_EQ(s.rx_queue, 7);
  EXPECT_EQ(s.tx_queue, 3);
  EXPECT_EQ(s.uid, 65534u);
  EXPECT_EQ(s.inode, 42u);
  EXPECT_EQ(s.pid, 0);
}

TEST(ProcSockets, SeesATcpListenerAndAUdpSocketOfAProcess) {
  Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd udp = UdpBind(Address::Parse("0.0.0.0", 0));
  uint16_t tcp_port = LocalAddress(tcp.get()).port();
  uint16_t udp_port = LocalAddress(udp.get()).port();
  std::vector<SocketInfo> all = SocketsOf({::getpid()});

  const SocketInfo* t = Find(all, SocketProto::kTcp, tcp_port);
  ASSERT_NE(t, nullptr) << "the TCP listener was not seen";
  EXPECT_EQ(t->state, 0x0A);
  EXPECT_TRUE(t->listening());
  EXPECT_EQ(t->local_address, "127.0.0.1");
  EXPECT_TRUE(t->loopback_only());
  EXPECT_FALSE(t->ipv6);
  EXPECT_EQ(t->pid, ::getpid());
  EXPECT_NE(t->inode, 0u);

  const SocketInfo* u = Find(all, SocketProto::kUdp, udp_port);
  ASSERT_NE(u, nullptr) << "the UDP socket was not seen";
  EXPECT_TRUE(u->listening()) << "bound, with no remote";
  EXPECT_EQ(u->local_address, "0.0.0.0");
  EXPECT_FALSE(u->loopback_only());
}

TEST(ProcSockets, AConnectedUdpSocketIsNotListeningAndShowsItsRemote) {
  Fd server = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = LocalAddress(server.get());
  Fd client = UdpBind(Address::Parse("127.0.0.1", 0));
  ASSERT_EQ(::connect(client.get(), to.sa(), to.length), 0);
  uint16_t client_port = LocalAddress(client.get()).port();
  std::vector<SocketInfo> all = SocketsOf({::getpid()});
  const SocketInfo* c = Find(all, SocketProto::kUdp, client_port);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->listening());
  EXPECT_EQ(c->remote_port, to.port());
  EXPECT_EQ(c->remote_address, "127.0.0.1");
}

TEST(ProcSockets, ReadsIpv6AddressesAndAClosedSocketIsGone) {
  uint16_t port;
  {
    Fd v6 = TcpListen(Address::Parse("::1", 0));
    port = LocalAddress(v6.get()).port();
    std::vector<SocketInfo> all = SocketsOf({::getpid()});
    const SocketInfo* s = Find(all, SocketProto::kTcp, port);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->ipv6);
    EXPECT_EQ(s->local_address, "::1");
    EXPECT_TRUE(s->loopback_only());
  }
  std::vector<SocketInfo> after = SocketsOf({::getpid()});
  EXPECT_EQ(Find(after, SocketProto::kTcp, port), nullptr);
}

TEST(ProcSockets, AProcessThatDoesNotExistHasNoSockets) {
  EXPECT_TRUE(SocketsOf({}).empty());
  EXPECT_TRUE(SocketsOf({0x3fffffff}).empty());
}

// Drops CAP_SYS_PTRACE from this process, as a default Docker container lacks it.
bool DropPtrace() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  data[0].effective &= ~(1u << CAP_SYS_PTRACE);
  data[0].permitted &= ~(1u << CAP_SYS_PTRACE);
  return ::syscall(SYS_capset, &header, data) == 0;
}

// Root without CAP_SYS_PTRACE (a default Docker container) may not read the descriptors of a
// program running as another user: its sockets are then found by their owner, and the
// grader's own sockets (the peers') are never taken for the program's. With ptrace, the
// same socket is found by descriptor.
TEST(ProcSockets, FindsAnotherUsersSocketsByOwnerWhenItsDescriptorsAreSecret) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: the program runs as another user then";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t program = ::fork();
  ASSERT_GE(program, 0);
  if (program == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(1);
    Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
    uint16_t port = LocalAddress(tcp.get()).port();
    (void)!::write(ready[1], &port, sizeof port);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  uint16_t port = 0;
  ASSERT_EQ(::read(ready[0], &port, sizeof port), static_cast<ssize_t>(sizeof port));
  ::close(ready[0]);

  // The grader without ptrace: a child of this test, which says what it saw in its status.
  pid_t grader = ::fork();
  ASSERT_GE(grader, 0);
  if (grader == 0) {
    if (!DropPtrace()) ::_exit(64);
    Fd peer = TcpListen(Address::Parse("127.0.0.1", 0));  // the grader's own, a peer's
    uint16_t peer_port = LocalAddress(peer.get()).port();
    std::vector<SocketInfo> all = SocketsOf({program});
    const SocketInfo* s = Find(all, SocketProto::kTcp, port);
    int seen = (ReadsOtherUsersDescriptors() ? 1 : 0) | (s == nullptr ? 2 : 0) |
               (s && !s->by_owner ? 4 : 0) | (s && s->pid != program ? 8 : 0) |
               (s && !s->listening() ? 16 : 0) | (Find(all, SocketProto::kTcp, peer_port) ? 32 : 0);
    ::_exit(seen);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(grader, &status, 0), grader);
  ASSERT_TRUE(WIFEXITED(status));
  int seen = WEXITSTATUS(status);
  EXPECT_NE(seen, 64) << "could not drop CAP_SYS_PTRACE";
  EXPECT_FALSE(seen & 1) << "without CAP_SYS_PTRACE it cannot read another user's descriptors";
  EXPECT_FALSE(seen & 2) << "the program's listener was not found by its owner";
  EXPECT_FALSE(seen & 4) << "found, but not by owner: the descriptors were readable after all";
  EXPECT_FALSE(seen & 8) << "attributed to another process";
  EXPECT_FALSE(seen & 16) << "not seen listening";
  EXPECT_FALSE(seen & 32) << "the grader's own socket was taken for the program's";

  std::vector<SocketInfo> all = SocketsOf({program});  // with ptrace: by descriptor
  const SocketInfo* s = Find(all, SocketProto::kTcp, port);
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->by_owner);
  EXPECT_TRUE(ReadsOtherUsersDescriptors());
  ::kill(program, SIGKILL);
  ::waitpid(program, nullptr, 0);
}

TEST(ProcSockets, LoopbackOnlyIsDecidedByTheBoundAddress) {
  SocketInfo s;
  s.local_address = "127.0.1.1";
  EXPECT_TRUE(s.loopback_only());
  s.local_address = "192.0.2.2";
  EXPECT_FALSE(s.loopback_only());
  s.ipv6 = true;
  s.local_address = "::ffff:127.0.0.1";
  EXPECT_TRUE(s.loopback_only());
  s.local_address = "::";
  EXPECT_FALSE(s.loopback_only());
}

}  // namespace
}  // namespace netgrade::observe
