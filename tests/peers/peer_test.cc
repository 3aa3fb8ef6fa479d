#include "harness/peers/peer.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include "harness/spec/load.h"

namespace netgrade::peers {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

spec::Spec Load(const std::string& name) {
  spec::LoadResult r = spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/" + name);
  EXPECT_TRUE(r.ok());
  return *r.spec;
}

// The name as a C string: a std::string made from a literal would be a temporary argument,
// which GCC 14's -Wdangling-reference takes the returned reference to point into.
const spec::Case& CaseNamed(const spec::Spec& s, const char* name) {
  for (const spec::Case& c : s.cases)
    if (c.name == name) return c;
  ADD_FAILURE() << "no case " << name;
  return s.cases.front();
}

TEST(Decoy, ATcpDecoySeesAConnectionAndOnlyItsOwn) {
  EventLoop loop;
  uint16_t port = PickFreePort(), other_port = PickFreePort();
  Decoy decoy(loop, Address::Parse("127.0.0.1", port), /*tcp=*/true);
  Decoy other(loop, Address::Parse("127.0.0.1", other_port), true);
  EXPECT_FALSE(decoy.seen());
  Fd client = TcpConnectStart(Address::Parse("127.0.0.1", port));
  ASSERT_TRUE(loop.RunUntil([&] { return decoy.seen(); }, Clock::now() + kBound));
  EXPECT_FALSE(other.seen());
}

TEST(Decoy, AUdpDecoySeesADatagramAndOnlyAfterItCame) {
  EventLoop loop;
  uint16_t port = PickFreePort(SOCK_DGRAM);
  Decoy decoy(loop, Address::Parse("127.0.0.1", port), /*tcp=*/false);
  bool round = false;  // one round of the loop with nothing sent: nothing seen
  loop.At(Clock::now(), [&] { round = true; });
  ASSERT_TRUE(loop.RunUntil([&] { return round; }, Clock::now() + kBound));
  EXPECT_FALSE(decoy.seen());
  Fd sender = UdpBind(Address::Parse("127.0.0.1", 0));
  Address to = Address::Parse("127.0.0.1", port);
  ASSERT_EQ(::sendto(sender.get(), "x", 1, 0, to.sa(), to.length), 1);
  ASSERT_TRUE(loop.RunUntil([&] { return decoy.seen(); }, Clock::now() + kBound));
}

TEST(Peer, APassivePeerForATcpClientCaseAnswersWithTheSpecsReply) {
  spec::Spec s = Load("tcp-capitalize.yaml");
  const spec::Case& c = CaseNamed(s, "client-one-line");
  EventLoop loop;
  Address bound;
  std::unique_ptr<Peer> peer = MakePassivePeer(loop, s, c, Address::Parse("127.0.0.1", 0), &bound);
  ASSERT_NE(bound.port(), 0);
  Fd student = TcpConnectStart(bound);
  pollfd p{student.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  ASSERT_EQ(::send(student.get(), "hello world\n", 12, MSG_NOSIGNAL), 12);
  std::string got;
  loop.Watch(student.get(), POLLIN, [&](short) {
    char buf[64];
    ssize_t n = ::recv(student.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) got.append(buf, n);
  });
  ASSERT_TRUE(loop.RunUntil([&] { return got.size() >= 12; }, Clock::now() + kBound));
  loop.Unwatch(student.get());
  EXPECT_EQ(got, "HELLO WORLD\n");
  ASSERT_EQ(peer->log().size(), 1u);
  EXPECT_EQ(peer->log()[0].received, "hello world\n");
  student.Reset();
  ASSERT_TRUE(loop.RunUntil([&] { return peer->done(); }, Clock::now() + kBound))
      << peer->Describe();
}

TEST(Peer, AnActivePeerForATcpServerCasePlaysTheCasesConnections) {
  spec::Spec s = Load("tcp-capitalize.yaml");
  const spec::Case& c = CaseNamed(s, "server-one-line");
  EventLoop loop;
  Fd server = TcpListen(Address::Parse("127.0.0.1", 0));
  std::unique_ptr<Peer> peer = MakeActivePeer(loop, s, c, LocalAddress(server.get()));
  peer->Start();
  Fd conn;
  std::string got;
  loop.Watch(server.get(), POLLIN, [&](short) {
    conn = Fd(::accept4(server.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    loop.Unwatch(server.get());
    loop.Watch(conn.get(), POLLIN, [&](short) {
      char buf[256];
      ssize_t n = ::recv(conn.get(), buf, sizeof buf, 0);
      if (n > 0) got.append(buf, n);
      if (n == 0) loop.Unwatch(conn.get());
    });
  });
  ASSERT_TRUE(
      loop.RunUntil([&] { return !got.empty() && got.back() == '\n'; }, Clock::now() + kBound));
  if (conn) loop.Unwatch(conn.get());
  ASSERT_FALSE(c.peer.connections.empty());
  EXPECT_EQ(got, c.peer.connections[0].send[0] + "\n") << "the case's first message, one line";
}

}  // namespace
}  // namespace netgrade::peers
