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

namespace netgrade::peers {
namespace {

bool Eventually(const std::function<bool()>& pred) {
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < end)
    if (pred()) return true;
  return false;
}

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

TEST_F(Connected, AcceptedOnceTheProgramHasAcceptedIt) {
  if (!LookServerSide(client_.get())) GTEST_SKIP() << "sock_diag refused here";
  pollfd p{listener_.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  Fd server(::accept(listener_.get(), nullptr, nullptr));
  ASSERT_TRUE(server.valid());
  std::optional<ServerSide> side = LookServerSide(client_.get());
  ASSERT_TRUE(side);
  EXPECT_TRUE(side->accepted);
  EXPECT_NE(side->inode, 0u);
  EXPECT_EQ(side->unread, 0);
}

TEST_F(Connected, WhatWasSentAndNotReadIsUnread) {
  if (!LookServerSide(client_.get())) GTEST_SKIP() << "sock_diag refused here";
  pollfd p{listener_.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  Fd server(::accept(listener_.get(), nullptr, nullptr));
  ASSERT_EQ(::send(client_.get(), "hello\n", 6, 0), 6);
  EXPECT_TRUE(Eventually([&] { return LookServerSide(client_.get())->unread == 6; }));
  char buf[16];
  ASSERT_EQ(::recv(server.get(), buf, sizeof buf, 0), 6);
  EXPECT_EQ(LookServerSide(client_.get())->unread, 0);
}

TEST(ServerSide, NotASocketIsNotSeen) { EXPECT_EQ(LookServerSide(-1), std::nullopt); }

}  // namespace
}  // namespace netgrade::peers
