// The helper that reads, as a program's own user, where the program is blocked: it sees that
// user's programs and no one else's, cannot itself be read, is given up when stopped, and
// is what BlockedIn and Resting ask where the grader may not look (no CAP_SYS_PTRACE).
#include "harness/observe/owner_sight.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include "harness/base/file.h"
#include "harness/observe/thread_waits.h"
#include "harness/observe/waiting.h"
#include "harness/sandbox/grader_children.h"
#include "tests/support/forked_child.h"

namespace netgrade::observe {
namespace {

// Users no account has (below the grader's case uids).
constexpr uid_t kUser = 1'599'999'001;
constexpr uid_t kOtherUser = 1'599'999'002;

// A child that becomes `uid` and blocks in recv() on a socket (with SO_RCVTIMEO when
// `timeout`), or in read() on a pipe; killed at the end of the test. Dumpable again after the
// change of user, as a program is after its exec.
class BlockedChild {
 public:
  enum class In { kRecv, kRecvWithTimeout, kPipe };
  BlockedChild(uid_t uid, In in) {
    int fds[2];
    if (in == In::kPipe) {
      EXPECT_EQ(::pipe(fds), 0);
    } else {
      EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    }
    fd_ = fds[0];
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::setresgid(uid, uid, uid) != 0 || ::setresuid(uid, uid, uid) != 0) ::_exit(1);
      ::prctl(PR_SET_DUMPABLE, 1);
      if (in == In::kRecvWithTimeout) {
        timeval tv{60, 0};
        ::setsockopt(fds[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      }
      char c;
      if (in == In::kPipe) {
        ssize_t n = ::read(fds[0], &c, 1);
        (void)n;
      } else {
        ::recv(fds[0], &c, 1, 0);
      }
      ::_exit(0);
    }
    ::close(fds[0]);
    other_end_ = fds[1];
  }
  ~BlockedChild() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    ::close(other_end_);
  }
  pid_t pid() const { return pid_; }
  int fd() const { return fd_; }  // the descriptor it reads, as it numbers it

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  int other_end_ = -1;
};

using testing_support::Eventually;

long CallNumber(const std::optional<std::string>& text) {
  return text ? std::strtol(text->c_str(), nullptr, 10) : -1;
}

class OwnerSightTest : public testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "becoming another user needs root";
  }
};

TEST_F(OwnerSightTest, ReadsWhereAProgramOfItsUserIsBlockedAndItsSocketsTimeout) {
  auto sight = OwnerSight::Start(kUser, kUser);
  ASSERT_NE(sight, nullptr);
  BlockedChild plain(kUser, BlockedChild::In::kRecv);
  BlockedChild timed(kUser, BlockedChild::In::kRecvWithTimeout);
  BlockedChild piped(kUser, BlockedChild::In::kPipe);
  ASSERT_TRUE(Eventually([&] {
    return CallNumber(sight->SyscallText(plain.pid(), plain.pid())) == SYS_recvfrom;
  })) << sight->SyscallText(plain.pid(), plain.pid()).value_or("(none)");
  ASSERT_TRUE(Eventually(
      [&] { return CallNumber(sight->SyscallText(timed.pid(), timed.pid())) == SYS_recvfrom; }));
  ASSERT_TRUE(Eventually(
      [&] { return CallNumber(sight->SyscallText(piped.pid(), piped.pid())) == SYS_read; }));
  EXPECT_EQ(sight->HasReceiveTimeout(plain.pid(), plain.fd()), false);
  EXPECT_EQ(sight->HasReceiveTimeout(timed.pid(), timed.fd()), true);
  EXPECT_EQ(sight->HasReceiveTimeout(piped.pid(), piped.fd()), false) << "a pipe has none";
}

TEST_F(OwnerSightTest, SeesNothingOfAnotherUsersProgramAndCannotItselfBeRead) {
  auto sight = OwnerSight::Start(kUser, kUser);
  ASSERT_NE(sight, nullptr);
  BlockedChild other(kOtherUser, BlockedChild::In::kRecv);
  ASSERT_TRUE(Eventually([&] { return BlockedIn(other.pid()).name == "recvfrom"; }));
  EXPECT_FALSE(sight->SyscallText(other.pid(), other.pid()).has_value());
  EXPECT_FALSE(sight->HasReceiveTimeout(other.pid(), other.fd()).has_value());
  EXPECT_FALSE(sight->SyscallText(1, 1).has_value()) << "init is root's";

  // It runs as the user, and is not dumpable: its /proc files stay root's, so the program
  // can neither ptrace it nor read the copy of the grader's memory it holds.
  std::string status = ReadFile("/proc/" + std::to_string(sight->pid()) + "/status", 8192).value();
  std::string uid = std::to_string(kUser);
  EXPECT_NE(status.find("Uid:\t" + uid + "\t" + uid + "\t" + uid), std::string::npos) << status;
  size_t groups = status.find("Groups:");
  ASSERT_NE(groups, std::string::npos);
  std::string group_list = status.substr(groups + 7, status.find('\n', groups) - groups - 7);
  EXPECT_EQ(group_list.find_first_of("0123456789"), std::string::npos) << "no groups: " << status;
  struct stat st{};
  ASSERT_EQ(::stat(("/proc/" + std::to_string(sight->pid()) + "/status").c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 0u) << "its /proc files are root's: it is not dumpable";
}

TEST_F(OwnerSightTest, IsFoundByItsUserWhileItLives) {
  EXPECT_EQ(OwnerSight::For(kUser), nullptr);
  auto sight = OwnerSight::Start(kUser, kUser);
  ASSERT_NE(sight, nullptr);
  EXPECT_EQ(OwnerSight::For(kUser), sight.get());
  EXPECT_EQ(OwnerSight::For(kOtherUser), nullptr);
  pid_t helper = sight->pid();
  sight.reset();
  EXPECT_EQ(OwnerSight::For(kUser), nullptr);
  EXPECT_NE(::kill(helper, 0), 0) << "the helper is gone and reaped";
}

// The helper is a child of the grader with the program's user, as a program's orphan is:
// where no cgroup lists a program's processes, its orphans are found so (Process::AllPids).
// Taken for one, the helper waited in the program's place and no program was ever at rest.
TEST_F(OwnerSightTest, IsNoOrphanOfItsUsersProgram) {
  auto sight = OwnerSight::Start(kUser, kUser);
  ASSERT_NE(sight, nullptr);
  ASSERT_TRUE(Eventually([&] {
    std::optional<std::string> status =
        ReadFile("/proc/" + std::to_string(sight->pid()) + "/status", 8192);
    return status && status->find("Uid:\t" + std::to_string(kUser)) != std::string::npos;
  })) << "the helper became its user";
  std::vector<pid_t> orphans = sandbox::AdoptedOrphans(static_cast<int>(kUser));
  EXPECT_EQ(std::count(orphans.begin(), orphans.end(), sight->pid()), 0);
}

// The program may stop the helper (it is the same user): the question goes unanswered
// within its bound, the helper is given up, and its end still reaps it.
TEST_F(OwnerSightTest, AStoppedHelperIsGivenUp) {
  auto sight = OwnerSight::Start(kUser, kUser);
  ASSERT_NE(sight, nullptr);
  BlockedChild plain(kUser, BlockedChild::In::kRecv);
  ASSERT_TRUE(Eventually(
      [&] { return CallNumber(sight->SyscallText(plain.pid(), plain.pid())) == SYS_recvfrom; }));
  ASSERT_EQ(::kill(sight->pid(), SIGSTOP), 0);
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(sight->SyscallText(plain.pid(), plain.pid()).has_value());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_EQ(::kill(sight->pid(), SIGCONT), 0);
  EXPECT_FALSE(sight->SyscallText(plain.pid(), plain.pid()).has_value()) << "given up";
}

// Drops CAP_SYS_PTRACE from this process's effective set, as a default Docker container has
// it: /proc/<pid>/syscall of another user's process is then out of reach.
bool DropPtrace() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  data[CAP_SYS_PTRACE / 32].effective &= ~(1u << (CAP_SYS_PTRACE % 32));
  return ::syscall(SYS_capset, &header, data) == 0;
}

// In a child of the test (it gives up CAP_SYS_PTRACE): what BlockedIn sees of a blocked
// program of kUser, without a helper and with one. Exit code: 0 both as expected, else which.
TEST_F(OwnerSightTest, BlockedInAsksTheHelperWhereTheGraderMayNotLook) {
  BlockedChild plain(kUser, BlockedChild::In::kRecv);
  ASSERT_TRUE(Eventually([&] { return BlockedIn(plain.pid()).name == "recvfrom"; }));
  pid_t checker = ::fork();
  if (checker == 0) {
    if (!DropPtrace()) ::_exit(10);
    BlockedCall blind = BlockedIn(plain.pid());
    if (!blind.name.empty() || !blind.timeout_unknown) ::_exit(11);
    if (Resting({plain.pid()}).has_value()) ::_exit(12);
    auto sight = OwnerSight::Start(kUser, kUser);
    if (!sight) ::_exit(13);
    BlockedCall seen = BlockedIn(plain.pid());
    if (seen.name != "recvfrom" || seen.has_timeout || seen.timeout_unknown) ::_exit(14);
    if (Resting({plain.pid()}) != "recvfrom") ::_exit(15);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(checker, &status, 0), checker);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "10: capset failed; 11: read without the helper; 12: resting without it; 13: no "
         "helper; 14: BlockedIn with it; 15: Resting with it";
}

// Where the grader may not copy a program's descriptor (a default container), the helper
// polls it: the rest rule then looks only where the program waits, as it does as root (a
// client left unaccepted while a server reads another is no wake-up).
TEST_F(OwnerSightTest, TellsWhetherAProgramsDescriptorIsReadyWhereTheGraderMayNotCopyIt) {
  int ready[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ready), 0);
  ASSERT_EQ(::write(ready[1], "x", 1), 1);
  BlockedChild plain(kUser, BlockedChild::In::kRecv);  // holds ready[0] too, with a byte on it
  ::close(ready[0]);
  ASSERT_TRUE(Eventually([&] { return BlockedIn(plain.pid()).name == "recvfrom"; }));
  pid_t checker = ::fork();
  if (checker == 0) {
    if (!DropPtrace()) ::_exit(10);
    if (AnyReady(plain.pid(), {plain.fd()}).has_value()) ::_exit(11);
    auto sight = OwnerSight::Start(kUser, kUser);
    if (!sight) ::_exit(12);
    if (sight->Ready(plain.pid(), plain.fd()) != false) ::_exit(13);
    if (sight->Ready(plain.pid(), ready[0]) != true) ::_exit(14);
    if (AnyReady(plain.pid(), {plain.fd()}) != false) ::_exit(15);
    if (AnyReady(plain.pid(), {plain.fd(), ready[0]}) != true) ::_exit(16);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(checker, &status, 0), checker);
  ::close(ready[1]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "10: capset failed; 11: copied without CAP_SYS_PTRACE; 12: no helper; 13: an empty "
         "socket ready; 14: a socket with a byte not ready; 15, 16: AnyReady through the helper";
}

// Refuses pidfd_getfd with EPERM from now on, in this process and what it forks, as Docker's
// default seccomp profile does without CAP_SYS_PTRACE.
bool RefusePidfdGetfd() {
#ifdef SYS_pidfd_getfd
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_getfd, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
#else
  return false;
#endif
}

// Under such a profile the helper cannot tell a blocking recv() from one with SO_RCVTIMEO:
// it says so (nullopt), and a program blocked in recv() is not called at rest, so its case
// waits for its timeout rather than end early on a guess. A read on a pipe is still known.
TEST_F(OwnerSightTest, WherePidfdGetfdIsRefusedABlockingRecvIsUnknownNotAtRest) {
  BlockedChild plain(kUser, BlockedChild::In::kRecv);
  BlockedChild piped(kUser, BlockedChild::In::kPipe);
  ASSERT_TRUE(Eventually([&] { return BlockedIn(plain.pid()).name == "recvfrom"; }));
  ASSERT_TRUE(Eventually([&] { return BlockedIn(piped.pid()).name == "read"; }));
  pid_t checker = ::fork();
  if (checker == 0) {
    if (!DropPtrace() || !RefusePidfdGetfd()) ::_exit(10);
    auto sight = OwnerSight::Start(kUser, kUser);
    if (!sight) ::_exit(11);
    if (sight->HasReceiveTimeout(plain.pid(), plain.fd()).has_value()) ::_exit(12);
    if (sight->HasReceiveTimeout(piped.pid(), piped.fd()) != false) ::_exit(13);
    BlockedCall b = BlockedIn(plain.pid());
    if (b.name != "recvfrom" || !b.timeout_unknown) ::_exit(14);
    if (Resting({plain.pid()}).has_value()) ::_exit(15);
    if (Resting({piped.pid()}) != "read") ::_exit(16);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(checker, &status, 0), checker);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0)
      << "10: no filter; 11: no helper; 12: a socket's timeout told; 13: a pipe's not; 14: "
         "BlockedIn; 15: recv() called at rest; 16: the pipe's read not at rest";
}

}  // namespace
}  // namespace netgrade::observe
