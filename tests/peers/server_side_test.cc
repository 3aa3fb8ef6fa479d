// What the kernel says about the program's end of a peer's connection: accepted or still in
// the listening socket's queue, and what waits in it unread.
#include "harness/peers/server_side.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>

#include "harness/base/address.h"
#include "tests/support/forked_child.h"
#include "tests/support/loopback_connection.h"

namespace netgrade::peers {
namespace {

using testing_support::Eventually;

class Connected : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = TcpListen(Address::Parse("127.0.0.1", 0));
    client_ = TcpConnectStart(LocalAddress(listener_.get()));
    pollfd p{client_.get(), POLLOUT, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1);
    ASSERT_EQ(ConnectError(client_.get()), 0);
  }
  Fd listener_, client_;
};

TEST_F(Connected, AConnectionInTheQueueIsNotAcceptedYet) {
  std::optional<ServerSide> side = LookServerSide(client_.get());
  if (!side) GTEST_SKIP() << "sock_diag refused here";
  EXPECT_FALSE(side->accepted);
  EXPECT_EQ(side->inode, 0u);
}

TEST(ServerSide, AcceptedOnceTheProgramHasAcceptedIt) {
  auto [client, server] = testing_support::ConnectOverLoopback();
  std::optional<ServerSide> side = LookServerSide(client.get());
  if (!side) GTEST_SKIP() << "sock_diag refused here";
  EXPECT_TRUE(side->accepted);
  EXPECT_NE(side->inode, 0u);
  EXPECT_EQ(side->unread, 0);
}

TEST(ServerSide, WhatWasSentAndNotReadIsUnread) {
  auto [client, server] = testing_support::ConnectOverLoopback();
  if (!LookServerSide(client.get())) GTEST_SKIP() << "sock_diag refused here";
  ASSERT_EQ(::send(client.get(), "hello\n", 6, 0), 6);
  EXPECT_TRUE(Eventually([&] { return LookServerSide(client.get())->unread == 6; }));
  char buf[16];
  ASSERT_EQ(::recv(server.get(), buf, sizeof buf, 0), 6);
  EXPECT_EQ(LookServerSide(client.get())->unread, 0);
}

TEST(ServerSide, NotASocketIsNotSeen) { EXPECT_EQ(LookServerSide(-1), std::nullopt); }

}  // namespace
}  // namespace netgrade::peers
