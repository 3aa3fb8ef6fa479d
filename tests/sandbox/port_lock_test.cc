// Two runs that grade a program on one fixed port, without namespaces, take it in turns.
#include "harness/sandbox/port_lock.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>

#include "tests/support/temp_dir.h"

namespace netgrade::sandbox {
namespace {

using std::chrono::milliseconds;

TEST(PortLocks, ASecondRunWaitsForTheFirstThenTakesThePort) {
  testing_support::UniqueTempDir dir("netgrade-port-lock");
  std::optional<PortLocks> first = PortLocks::Take({12000}, milliseconds(0), nullptr, dir.path());
  ASSERT_EQ(first->held(), std::vector<uint16_t>{12000});
  // The lock is the file's: another open of it (another run) finds it taken.
  int told = 0;
  uint16_t told_port = 0;
  auto waiting = [&](uint16_t port) {
    ++told;
    told_port = port;
  };
  PortLocks second = PortLocks::Take({12000}, milliseconds(60), waiting, dir.path());
  EXPECT_TRUE(second.held().empty()) << "the bound passed: it grades anyway, unlocked";
  EXPECT_EQ(told, 1) << "said once that it waits";
  EXPECT_EQ(told_port, 12000);
  first.reset();
  told = 0;
  PortLocks third = PortLocks::Take({12000}, milliseconds(60), waiting, dir.path());
  EXPECT_EQ(third.held(), std::vector<uint16_t>{12000});
  EXPECT_EQ(told, 0) << "free at once: nothing said";
}

TEST(PortLocks, PortsAreTakenInAscendingOrderOnceEach) {
  testing_support::UniqueTempDir dir("netgrade-port-lock");
  PortLocks locks = PortLocks::Take({13000, 12000, 13000}, milliseconds(0), nullptr, dir.path());
  EXPECT_EQ(locks.held(), (std::vector<uint16_t>{12000, 13000}));
  struct stat st{};
  ASSERT_EQ(::stat(PortLockPath(dir.path(), 12000).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u) << "readable by every user, whatever the umask";
}

// Anyone may write in the temporary directory: a link or a FIFO planted under the lock's name
// is never followed nor waited on (a FIFO's open would block); the run grades unlocked.
TEST(PortLocks, APlantedLinkOrFifoIsNoLockAndNoHang) {
  testing_support::UniqueTempDir dir("netgrade-port-lock");
  std::ofstream(dir.path() / "target") << "x";
  std::filesystem::create_symlink(dir.path() / "target", PortLockPath(dir.path(), 12000));
  ASSERT_EQ(::mkfifo(PortLockPath(dir.path(), 13000).c_str(), 0666), 0);
  auto start = std::chrono::steady_clock::now();
  PortLocks locks = PortLocks::Take({12000, 13000}, milliseconds(5000), nullptr, dir.path());
  EXPECT_TRUE(locks.held().empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
}

// A lock file another user made (a classmate's run on a lab machine) is opened read-only and
// locked all the same.
TEST(PortLocks, AnotherUsersLockFileIsLockedAllTheSame) {
  if (::geteuid() != 0) GTEST_SKIP() << "making a file another user's needs root";
  testing_support::UniqueTempDir dir("netgrade-port-lock");
  ASSERT_EQ(::chmod(dir.path().c_str(), 01777), 0) << "as the temporary directory is";
  std::filesystem::path path = PortLockPath(dir.path(), 12000);
  std::ofstream(path) << "";
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  pid_t child = ::fork();
  if (child == 0) {
    // Another user than the file's owner, who may not write it.
    if (::setresgid(65533, 65533, 65533) != 0 || ::setresuid(65533, 65533, 65533) != 0) ::_exit(10);
    PortLocks locks = PortLocks::Take({12000}, milliseconds(0), nullptr, dir.path());
    ::_exit(locks.held() == std::vector<uint16_t>{12000} ? 0 : 11);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: could not change user; 11: not locked";
}

}  // namespace
}  // namespace netgrade::sandbox
