#include "harness/sandbox/user_notify.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "harness/sandbox/syscall_filter.h"

namespace netgrade::sandbox {
namespace {

// A child under the guarded filter connects a TCP socket (its descriptor 107) to port 9 of
// 127.0.0.3; the grader's side reads the call, the address from the child's memory and the
// socket from its descriptors, and answers with an error of its choosing, which the child
// gets from connect().
TEST(UserNotify, TheGraderReadsTheCallItsAddressAndSocketAndAnswersIt) {
  std::string why;
  ASSERT_TRUE(CanGuardCalls(&why)) << why;
  int channel[2], result[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel), 0);
  ASSERT_EQ(::pipe2(result, O_CLOEXEC), 0);
  pid_t child = ::fork();
  if (child == 0) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    // Far above the pipes' numbers, which dup2 would otherwise close.
    if (s < 0 || ::dup2(s, 107) != 107) ::_exit(2);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(3);
    int listener = InstallSyscallFilter(StudentSyscallFilter(UnixSockets::kGuarded));
    if (listener <= 0) ::_exit(4);
    if (!SendDescriptor(channel[1], listener)) ::_exit(5);
    ::close(listener);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(9);
    a.sin_addr.s_addr = htonl(0x7f000003);
    int rc = ::connect(107, reinterpret_cast<sockaddr*>(&a), sizeof a);
    int answer = rc == 0 ? 0 : errno;
    ssize_t ignored = ::write(result[1], &answer, sizeof answer);
    (void)ignored;
    ::_exit(0);
  }
  ::close(channel[1]);
  ::close(result[1]);
  Fd listener = ReceiveDescriptor(channel[0]);
  ASSERT_TRUE(listener) << "the child sent no listener";

  Notification n;
  ASSERT_TRUE(ReceiveNotification(listener.get(), &n)) << std::strerror(errno);
  EXPECT_EQ(n.nr, SYS_connect);
  EXPECT_EQ(n.tid, child);
  EXPECT_EQ(n.args[0], 107u);
  ASSERT_EQ(n.args[2], sizeof(sockaddr_in));
  sockaddr_in seen{};
  ASSERT_TRUE(ReadCallerMemory(n.tid, n.args[1], &seen, sizeof seen)) << std::strerror(errno);
  EXPECT_EQ(ntohs(seen.sin_port), 9);
  EXPECT_EQ(ntohl(seen.sin_addr.s_addr), 0x7f000003u);
  Fd socket = TakeCallerDescriptor(n.tid, 107);
  ASSERT_TRUE(socket) << std::strerror(errno);
  int domain = 0;
  socklen_t length = sizeof domain;
  ASSERT_EQ(::getsockopt(socket.get(), SOL_SOCKET, SO_DOMAIN, &domain, &length), 0);
  EXPECT_EQ(domain, AF_INET);
  EXPECT_FALSE(TakeCallerDescriptor(n.tid, 199)) << "the child has no descriptor 199";
  EXPECT_EQ(errno, EBADF);
  EXPECT_FALSE(CallerDirectory(n.tid).empty());
  EXPECT_TRUE(NotificationPending(listener.get(), n.id));
  ASSERT_TRUE(AnswerNotification(listener.get(), n.id, 0, ECONNABORTED));

  int answer = -1;
  ASSERT_EQ(::read(result[0], &answer, sizeof answer), static_cast<ssize_t>(sizeof answer));
  EXPECT_EQ(answer, ECONNABORTED) << "connect() returned what the grader answered";
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_FALSE(NotificationPending(listener.get(), n.id)) << "answered, and its thread is gone";
  ::close(channel[0]);
  ::close(result[0]);
}

// A path is read up to its NUL a page at a time: one that ends just before a page the
// program has not mapped is read whole, one that runs into it is not, nor one past `most`.
TEST(ReadCallerString, StopsAtItsEndAndNeverReadsPastAMappedPage) {
  const long page = ::sysconf(_SC_PAGESIZE);
  char* two = static_cast<char*>(
      ::mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ASSERT_NE(two, MAP_FAILED);
  ASSERT_EQ(::mprotect(two + page, page, PROT_NONE), 0);
  char* end = two + page;
  std::memcpy(end - 12, "/etc/hosts", 11);  // its NUL is the page's last byte but one
  const pid_t self = static_cast<pid_t>(::syscall(SYS_gettid));
  EXPECT_EQ(ReadCallerString(self, reinterpret_cast<uint64_t>(end - 12)), "/etc/hosts");
  std::memset(end - 8, 'x', 8);  // no NUL before the unmapped page
  EXPECT_EQ(ReadCallerString(self, reinterpret_cast<uint64_t>(end - 8)), std::nullopt);
  std::memset(two, 'y', static_cast<size_t>(page) - 1);
  two[page - 1] = '\0';
  EXPECT_EQ(ReadCallerString(self, reinterpret_cast<uint64_t>(two), 100), std::nullopt);
  EXPECT_EQ(ReadCallerString(self, reinterpret_cast<uint64_t>(two))->size(),
            static_cast<size_t>(page) - 1);
  ::munmap(two, 2 * page);
}

}  // namespace
}  // namespace netgrade::sandbox
