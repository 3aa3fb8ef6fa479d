#include "harness/base/fd.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness/base/error.h"
#include "tests/support/loopback_connection.h"

namespace netgrade {
namespace {

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

// A pipe's two ends, owned by Fds.
std::pair<Fd, Fd> Pipe() {
  int p[2];
  EXPECT_EQ(::pipe2(p, O_CLOEXEC), 0);
  return {Fd(p[0]), Fd(p[1])};
}

TEST(Fd, ClosesWhatItOwnsWhenDestroyed) {
  int raw;
  {
    auto [r, w] = Pipe();
    raw = r.get();
    EXPECT_TRUE(IsOpen(raw));
  }
  EXPECT_FALSE(IsOpen(raw));
}

TEST(Fd, AMoveHandsOverOwnershipAndLeavesTheSourceEmpty) {
  auto [r, w] = Pipe();
  int raw = r.get();
  Fd moved(std::move(r));
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.get(), -1);
  EXPECT_EQ(moved.get(), raw);
  Fd assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.get(), raw);
  EXPECT_TRUE(IsOpen(raw));
}

TEST(Fd, AssigningOverAnOpenFdClosesTheOldOne) {
  auto [r, w] = Pipe();
  int old = r.get();
  r = std::move(w);
  EXPECT_FALSE(IsOpen(old));
  EXPECT_TRUE(IsOpen(r.get()));
}

TEST(Fd, ReleaseGivesUpOwnershipWithoutClosing) {
  auto [r, w] = Pipe();
  int raw = r.Release();
  EXPECT_FALSE(r);
  EXPECT_TRUE(IsOpen(raw));
  ::close(raw);
}

TEST(Fd, SetNonBlockingSetsAndClearsTheFlag) {
  auto [r, w] = Pipe();
  SetNonBlocking(r.get());
  EXPECT_TRUE(::fcntl(r.get(), F_GETFL) & O_NONBLOCK);
  SetNonBlocking(r.get(), false);
  EXPECT_FALSE(::fcntl(r.get(), F_GETFL) & O_NONBLOCK);
  EXPECT_THROW(SetNonBlocking(-1), SystemError);
}

// The server's FIN is in the kernel before the grader has read the end of file: the socket
// says so, so that it can be closed with a reset (no TIME_WAIT on the server's port).
TEST(OtherSideClosed, TrueOnceTheFinHasComeReadOrNot) {
  auto [client, server] = testing_support::ConnectOverLoopback();
  EXPECT_FALSE(OtherSideClosed(client.get())) << "both ends open";
  server.Reset();  // the server closes first
  pollfd hup{client.get(), POLLRDHUP, 0};
  ASSERT_EQ(::poll(&hup, 1, 5000), 1);  // its FIN has come; nothing read
  EXPECT_TRUE(OtherSideClosed(client.get()));
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  EXPECT_FALSE(OtherSideClosed(pipe_fds[0])) << "not a socket";
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

// A descriptor passed on a Unix socket arrives as a descriptor of the same file; bytes alone,
// or nothing at all, are no descriptor.
TEST(Fd, ADescriptorSentOnAUnixSocketArrivesAsTheSameFile) {
  int pair[2], pipe_fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  Fd a(pair[0]), b(pair[1]), r(pipe_fds[0]), w(pipe_fds[1]);
  ASSERT_TRUE(SendDescriptor(a.get(), w.get()));
  Fd got = ReceiveDescriptor(b.get());
  ASSERT_TRUE(got);
  EXPECT_NE(got.get(), w.get());
  ASSERT_EQ(::write(got.get(), "x", 1), 1);
  char c = 0;
  ASSERT_EQ(::read(r.get(), &c, 1), 1);
  EXPECT_EQ(c, 'x') << "the same pipe";
  EXPECT_TRUE(::fcntl(got.get(), F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(::write(a.get(), "y", 1), 1);
  EXPECT_FALSE(ReceiveDescriptor(b.get())) << "a byte without a descriptor";
  EXPECT_FALSE(ReceiveDescriptor(b.get(), MSG_DONTWAIT)) << "nothing came";
}

}  // namespace
}  // namespace netgrade
