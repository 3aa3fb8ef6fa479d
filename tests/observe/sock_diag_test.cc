#include "harness/observe/sock_diag.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "harness/base/address.h"
#include "harness/observe/listening.h"
#include "tests/support/loopback_connection.h"

namespace netgrade::observe {
namespace {

uint64_t InodeOf(int fd) {
  struct stat st{};
  EXPECT_EQ(::fstat(fd, &st), 0);
  return st.st_ino;
}

uint16_t PortOf(int fd) { return LocalAddress(fd).port(); }

// The sockets answering `q`; fails the test when the kernel refuses.
std::vector<SocketInfo> Ask(const DiagQuery& q) {
  std::optional<std::vector<SocketInfo>> all = DiagSockets({q});
  EXPECT_TRUE(all.has_value()) << "sock_diag refused";
  return all.value_or(std::vector<SocketInfo>{});
}

const SocketInfo* WithInode(const std::vector<SocketInfo>& all, uint64_t inode) {
  for (const SocketInfo& s : all)
    if (s.inode == inode) return &s;
  return nullptr;
}

// Waits (bounded) until `fd` has something to read: the bytes are in its queue then.
void AwaitReadable(int fd) {
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1) << "nothing arrived";
}

TEST(SockDiag, FindsAListeningSocketWithItsPortInodeAndOwner) {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = PortOf(listener.get());
  std::vector<SocketInfo> found = Ask({SocketProto::kTcp, kListenState, port});
  ASSERT_EQ(found.size(), 1u) << "the port filter lets through exactly the listener";
  const SocketInfo& s = found[0];
  EXPECT_EQ(s.local_port, port);
  EXPECT_EQ(s.local_address, "127.0.0.1");
  EXPECT_EQ(s.inode, InodeOf(listener.get()));
  EXPECT_EQ(s.uid, ::geteuid());
  EXPECT_TRUE(s.listening());
  EXPECT_TRUE(s.loopback_only());
  EXPECT_FALSE(s.ipv6);
}

TEST(SockDiag, FindsAnIpv6ListenerInTheSameQuery) {
  Fd listener = TcpListen(Address::Parse("::1", 0));
  uint16_t port = PortOf(listener.get());
  std::vector<SocketInfo> found = Ask({SocketProto::kTcp, kListenState, port});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].ipv6);
  EXPECT_EQ(found[0].local_address, "::1");
  EXPECT_EQ(found[0].inode, InodeOf(listener.get()));
}

TEST(SockDiag, QueuedBytesShowInTheReceiveQueueAndAnUnacceptedConnectionInTheListeners) {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Address at = LocalAddress(listener.get());
  Fd client = TcpConnectStart(at);
  pollfd p{listener.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);
  std::vector<SocketInfo> waiting = Ask({SocketProto::kTcp, kListenState, at.port()});
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0].rx_queue, 1) << "one connection waits to be accepted";

  Fd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_TRUE(server);
  const std::string hello = "hello\n";
  ASSERT_EQ(::send(client.get(), hello.data(), hello.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(hello.size()));
  AwaitReadable(server.get());
  // The server's end of the connection: local port `at`, remote the client's port.
  std::vector<SocketInfo> conn =
      Ask({SocketProto::kTcp, kAnyState, at.port(), PortOf(client.get())});
  ASSERT_EQ(conn.size(), 1u) << "both ports filter: the listener is left out";
  EXPECT_EQ(conn[0].inode, InodeOf(server.get()));
  EXPECT_EQ(conn[0].rx_queue, static_cast<long>(hello.size()));
  EXPECT_FALSE(conn[0].listening());

  char buf[16];
  ASSERT_EQ(::recv(server.get(), buf, sizeof buf, 0), static_cast<ssize_t>(hello.size()));
  conn = Ask({SocketProto::kTcp, kAnyState, at.port(), PortOf(client.get())});
  ASSERT_EQ(conn.size(), 1u);
  EXPECT_EQ(conn[0].rx_queue, 0) << "read: nothing pending";
}

TEST(SockDiag, ABoundUdpSocketIsSeenWithTheDatagramWaitingForIt) {
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  Address at = LocalAddress(receiver.get());
  std::vector<SocketInfo> found = Ask({SocketProto::kUdp, kUnconnectedUdp, at.port()});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].proto, SocketProto::kUdp);
  EXPECT_EQ(found[0].inode, InodeOf(receiver.get()));
  EXPECT_TRUE(found[0].listening()) << "bound, with no remote";
  EXPECT_EQ(found[0].rx_queue, 0);

  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  ASSERT_EQ(::sendto(sender.get(), "x", 1, 0, at.sa(), at.length), 1);
  AwaitReadable(receiver.get());
  found = Ask({SocketProto::kUdp, kUnconnectedUdp, at.port()});
  ASSERT_EQ(found.size(), 1u);
  // The kernel counts the buffer the datagram takes, more than its one byte.
  EXPECT_GT(found[0].rx_queue, 0);
}

TEST(SockDiag, APortWithNothingOnItIsEmpty) {
  uint16_t port;
  {
    Fd gone = TcpListen(Address::Parse("127.0.0.1", 0));
    port = PortOf(gone.get());
  }
  EXPECT_TRUE(Ask({SocketProto::kTcp, kAnyState, port}).empty());
  EXPECT_TRUE(Ask({SocketProto::kUdp, kAnyState, port}).empty());
}

TEST(SockDiag, TheStateFilterLeavesOutWhatIsNotListening) {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd client = TcpConnectStart(LocalAddress(listener.get()));
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 2000), 1);
  std::vector<SocketInfo> listeners = Ask({SocketProto::kTcp, kListenState});
  EXPECT_NE(WithInode(listeners, InodeOf(listener.get())), nullptr);
  EXPECT_EQ(WithInode(listeners, InodeOf(client.get())), nullptr) << "a connection is no listener";
  std::vector<SocketInfo> all = Ask({SocketProto::kTcp, kAnyState});
  EXPECT_NE(WithInode(all, InodeOf(client.get())), nullptr);
}

TEST(SockDiag, SeveralQueriesAnswerTogether) {
  Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd udp = UdpBind(Address::Parse("127.0.0.1", 0));
  std::optional<std::vector<SocketInfo>> both =
      DiagSockets({{SocketProto::kTcp, kListenState, PortOf(tcp.get())},
                   {SocketProto::kUdp, kUnconnectedUdp, PortOf(udp.get())}});
  ASSERT_TRUE(both);
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].proto, SocketProto::kTcp);
  EXPECT_EQ((*both)[1].proto, SocketProto::kUdp);
}

TEST(ProgramSocketsOn, TheUdpSocketOnOnePortThatTheProgramHolds) {
  Fd udp = UdpBind(Address::Parse("127.0.0.1", 0));
  Fd other = UdpBind(Address::Parse("127.0.0.1", 0));
  uint16_t port = PortOf(udp.get());
  std::vector<SocketInfo> on = ProgramSocketsOn({::getpid()}, SocketProto::kUdp, port);
  ASSERT_EQ(on.size(), 1u) << "that port's socket alone";
  EXPECT_EQ(on[0].inode, InodeOf(udp.get()));
  EXPECT_EQ(on[0].pid, ::getpid());
  EXPECT_TRUE(ProgramSocketsOn({}, SocketProto::kUdp, port).empty()) << "no process holds it";
  EXPECT_TRUE(ProgramSocketsOn({::getpid()}, SocketProto::kTcp, port).empty())
      << "no TCP socket on that port";
}

// This process plays the program: what waits on any of its sockets is its pending input.
TEST(ProgramInputPending, SeesBytesOnAConnectionAConnectionToAcceptAndADatagram) {
  std::vector<pid_t> me = {::getpid()};
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd client = TcpConnectStart(LocalAddress(listener.get()));
  AwaitReadable(listener.get());
  EXPECT_TRUE(ProgramInputPending(me)) << "a connection waits to be accepted";
  Fd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  ASSERT_TRUE(server);
  EXPECT_FALSE(ProgramInputPending(me)) << "accepted, nothing sent";

  ASSERT_EQ(::send(client.get(), "ab", 2, MSG_NOSIGNAL), 2);
  AwaitReadable(server.get());
  EXPECT_TRUE(ProgramInputPending(me)) << "two bytes wait on the connection";
  char buf[8];
  ASSERT_EQ(::recv(server.get(), buf, sizeof buf, 0), 2);
  EXPECT_FALSE(ProgramInputPending(me)) << "read";

  Fd udp = UdpBind(Address::Parse("127.0.0.1", 0));
  Address at = LocalAddress(udp.get());
  ASSERT_EQ(::sendto(udp.get(), "x", 1, 0, at.sa(), at.length), 1);
  AwaitReadable(udp.get());
  EXPECT_TRUE(ProgramInputPending(me)) << "a datagram waits";
  ASSERT_EQ(::recv(udp.get(), buf, sizeof buf, 0), 1);
  EXPECT_FALSE(ProgramInputPending(me));
  EXPECT_FALSE(ProgramInputPending({})) << "no process, nothing pending";
}

// This process plays the program: bytes it wrote that the kernel still holds (here: more
// than the receiver's window, which reads nothing) are on their way, not at rest.
TEST(ProgramOutputPending, SeesBytesWrittenAndNotYetSent) {
  std::vector<pid_t> me = {::getpid()};
  auto [client, server] = testing_support::ConnectOverLoopback();
  EXPECT_FALSE(ProgramOutputPending(me)) << "nothing written";
  ASSERT_EQ(::send(client.get(), "ab", 2, MSG_NOSIGNAL), 2);
  AwaitReadable(server.get());
  EXPECT_FALSE(ProgramOutputPending(me)) << "two bytes, sent (and waiting to be read)";
  std::string block(1 << 16, 'x');
  while (::send(client.get(), block.data(), block.size(), MSG_NOSIGNAL | MSG_DONTWAIT) > 0) {
  }
  EXPECT_TRUE(ProgramOutputPending(me)) << "the window is full: the rest waits in the kernel";
}

// A connect() whose SYN the listener dropped (its accept queue is full, as a loaded grader's
// is) is on its way: the kernel sends the SYN again, so the program waiting for it is not at
// rest (hostile/connection-flood was ended as "blocked in poll() with nothing on its way").
TEST(ProgramOutputPending, SeesAConnectWhoseSynIsNotAnsweredYet) {
  std::vector<pid_t> me = {::getpid()};
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  ASSERT_EQ(::listen(listener.get(), 0), 0);
  std::vector<Fd> clients;
  bool waiting = false;
  for (int i = 0; i < 16 && !waiting; ++i) {
    clients.push_back(TcpConnectStart(LocalAddress(listener.get())));
    // Connected over loopback at once, or not before the SYN is sent again a second later.
    pollfd p{clients.back().get(), POLLOUT, 0};
    waiting = ::poll(&p, 1, 300) == 0;
  }
  ASSERT_TRUE(waiting) << "the listener's accept queue never filled";
  EXPECT_TRUE(ProgramOutputPending(me)) << "a SYN is still to be answered";
  clients.pop_back();
  EXPECT_FALSE(ProgramOutputPending(me)) << "connections never accepted hold nothing unsent";
}

// Runs `look` in a child without CAP_SYS_PTRACE (a default Docker container's grader); its
// exit status, or 64 when the capability could not be dropped.
int WithoutPtrace(const std::function<int()>& look) {
  pid_t grader = ::fork();
  if (grader == 0) {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (::syscall(SYS_capget, &header, data) != 0) ::_exit(64);
    data[0].effective &= ~(1u << CAP_SYS_PTRACE);
    data[0].permitted &= ~(1u << CAP_SYS_PTRACE);
    if (::syscall(SYS_capset, &header, data) != 0) ::_exit(64);
    ::_exit(look());
  }
  int status = 0;
  ::waitpid(grader, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// A program run as another user, which a grader without ptrace may not look into: its
// listener and its pending datagram are still seen, by their owner.
TEST(ProgramInputPending, AnotherUsersProgramIsSeenByOwnerWithoutPtrace) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root: the program runs as another user then";
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t program = ::fork();
  ASSERT_GE(program, 0);
  if (program == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(1);
    Fd tcp = TcpListen(Address::Parse("127.0.0.1", 0));
    Fd udp = UdpBind(Address::Parse("127.0.0.1", 0));
    uint16_t ports[2] = {PortOf(tcp.get()), PortOf(udp.get())};
    (void)!::write(ready[1], ports, sizeof ports);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  uint16_t ports[2] = {};
  ASSERT_EQ(::read(ready[0], ports, sizeof ports), static_cast<ssize_t>(sizeof ports));
  ::close(ready[0]);

  int seen = WithoutPtrace([&] {
    Fd own = TcpListen(Address::Parse("127.0.0.1", 0));  // the grader's, a peer's
    std::vector<SocketInfo> listeners = ListenersOf({program});
    bool found = ListeningOn(listeners, SocketProto::kTcp, ports[0]);
    bool by_owner = !listeners.empty() && listeners[0].by_owner;
    bool own_taken = ListeningOn(listeners, SocketProto::kTcp, PortOf(own.get()));
    return (found ? 0 : 1) | (by_owner ? 0 : 2) | (own_taken ? 4 : 0) |
           (ProgramInputPending({program}) ? 8 : 0);
  });
  EXPECT_NE(seen, 64) << "could not drop CAP_SYS_PTRACE";
  EXPECT_FALSE(seen & 1) << "the program's listener was not found";
  EXPECT_FALSE(seen & 2) << "found, but not by owner: its descriptors were readable after all";
  EXPECT_FALSE(seen & 4) << "the grader's own listener was taken for the program's";
  EXPECT_FALSE(seen & 8) << "nothing was sent to it, yet input was seen pending";

  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = Address::Parse("127.0.0.1", ports[1]);
  ASSERT_EQ(::sendto(sender.get(), "x", 1, 0, to.sa(), to.length), 1);
  // Queued once the kernel shows it (loopback delivers at once but for a deferred softirq).
  auto queued = [&] {
    std::vector<SocketInfo> q = Ask({SocketProto::kUdp, kAnyState, ports[1]});
    return !q.empty() && q[0].rx_queue > 0;
  };
  for (int i = 0; i < 2000 && !queued(); ++i) ::sched_yield();
  ASSERT_TRUE(queued()) << "the datagram never reached the program's socket";
  seen = WithoutPtrace([&] { return ProgramInputPending({program}) ? 0 : 1; });
  EXPECT_EQ(seen, 0) << "the datagram waiting for it was not seen";
  ::kill(program, SIGKILL);
  ::waitpid(program, nullptr, 0);
}

}  // namespace
}  // namespace netgrade::observe
