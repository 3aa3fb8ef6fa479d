#include "harness/base/sock_diag.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <string>

namespace netgrade {
namespace {

uint64_t InodeOf(const Fd& fd) {
  struct stat st{};
  EXPECT_EQ(::fstat(fd.get(), &st), 0);
  return st.st_ino;
}

// A TCP connection on `host`: the client's end and the server's (accepted).
struct Connection {
  Fd listener, client, server;
  explicit Connection(const std::string& host) {
    listener = TcpListen(Address::Parse(host, 0));
    client = TcpConnectStart(LocalAddress(listener.get()));
    pollfd p{listener.get(), POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 2000), 1);
    server = Fd(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    EXPECT_TRUE(server);
  }
  // What the client sent and the server has not read yet, as the kernel tells it.
  std::optional<ProcNetRow> ServerSide(bool* refused) {
    return SockDiag().Lookup(IPPROTO_TCP, LocalAddress(server.get()), LocalAddress(client.get()),
                             refused);
  }
};

TEST(SockDiag, LooksUpAConnectionByItsAddressesWithItsReceiveQueue) {
  for (const char* host : {"127.0.0.1", "::1"}) {
    SCOPED_TRACE(host);
    Connection c(host);
    bool refused = true;
    std::optional<ProcNetRow> row = c.ServerSide(&refused);
    EXPECT_FALSE(refused);
    ASSERT_TRUE(row) << "the server's end was not found";
    EXPECT_EQ(row->inode, InodeOf(c.server));
    EXPECT_EQ(row->rx_queue, 0);
    ASSERT_EQ(::send(c.client.get(), "abc", 3, MSG_NOSIGNAL), 3);
    pollfd p{c.server.get(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 2000), 1);
    row = c.ServerSide(&refused);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->rx_queue, 3) << "three bytes wait to be read";
  }
}

TEST(SockDiag, AConnectionThatIsGoneIsNotFoundAndThatIsNoRefusal) {
  Address local, remote;
  {
    Connection c("127.0.0.1");
    local = LocalAddress(c.server.get());
    remote = LocalAddress(c.client.get());
    ::shutdown(c.client.get(), SHUT_RDWR);
  }
  Address elsewhere = remote;
  elsewhere.set_port(remote.port() == 65535 ? 1 : remote.port() + 1);
  bool refused = true;
  EXPECT_FALSE(SockDiag().Lookup(IPPROTO_TCP, local, elsewhere, &refused));
  EXPECT_FALSE(refused) << "nothing there is an answer, not a refusal";
}

TEST(SockDiag, DumpsByStateAndPortFilteredInTheKernel) {
  Connection c("127.0.0.1");
  uint16_t port = LocalAddress(c.listener.get()).port();
  SockDiag diag;
  ASSERT_TRUE(diag.valid());
  std::vector<ProcNetRow> rows;
  ASSERT_TRUE(diag.Dump({IPPROTO_TCP, kListenState, port}, &rows));
  ASSERT_EQ(rows.size(), 1u) << "the listener, not the connection on the same port";
  EXPECT_EQ(rows[0].inode, InodeOf(c.listener));
  EXPECT_EQ(rows[0].state, 0x0A);
  rows.clear();
  ASSERT_TRUE(diag.Dump({IPPROTO_TCP, kAnyState, port, LocalAddress(c.client.get()).port()}, &rows))
      << "the same socket asks again";
  ASSERT_EQ(rows.size(), 1u) << "both ports: the server's end alone";
  EXPECT_EQ(rows[0].inode, InodeOf(c.server));
}

}  // namespace
}  // namespace netgrade
