#include "harness/sandbox/jail.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "harness/base/file.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

bool Has(const JailPlan& plan, JailStep::Kind kind, const std::string& inside,
         const std::string& source = "") {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const JailStep& s) {
    return s.kind == kind && s.path == plan.root + inside && (source.empty() || s.source == source);
  });
}

TEST(PlanJail, TakesTheSystemReadOnlyAndTheCopyWritable) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "/tmp/netgrade-1-abc/submission/s.py",
                           "/tmp/netgrade-1-hosts");
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/usr", "/usr"));
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/etc", "/etc"));
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/etc/hosts", "/tmp/netgrade-1-hosts"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/tmp"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/dev/shm"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/var/tmp"));
  EXPECT_TRUE(Has(plan, JailStep::kBind, "/tmp/netgrade-1-abc/submission",
                  "/tmp/netgrade-1-abc/submission"));
  // Nothing of the grader's tree, nor anyone's home, is taken in.
  for (const JailStep& s : plan.steps) {
    EXPECT_EQ(s.source.rfind(NETGRADE_SOURCE_DIR, 0), std::string::npos) << s.source;
    EXPECT_NE(s.source, "/root");
    EXPECT_NE(s.source, "/home");
  }
}

TEST(PlanJail, NamesTheCasesNameServerWhenTheSystemsResolvConfIsAFile) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "", "/tmp/netgrade-1-hosts",
                           "/tmp/netgrade-1-resolv");
  std::error_code ec;
  bool plain = std::filesystem::symlink_status("/etc/resolv.conf", ec).type() ==
               std::filesystem::file_type::regular;
  // A link (to /run/...) leads nowhere in the jail, where the resolver then asks 127.0.0.1.
  EXPECT_EQ(Has(plan, JailStep::kBindReadOnly, "/etc/resolv.conf", "/tmp/netgrade-1-resolv"),
            plain);
  JailPlan without = PlanJail("/tmp/netgrade-1-abc/submission", "", "/tmp/netgrade-1-hosts");
  EXPECT_FALSE(Has(without, JailStep::kBindReadOnly, "/etc/resolv.conf", ""));
}

TEST(PlanJail, BindsAProgramOutsideTheCopyReadOnlyAtItsPath) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "/srv/course/build/server", "");
  EXPECT_TRUE(
      Has(plan, JailStep::kBindReadOnly, "/srv/course/build/server", "/srv/course/build/server"));
  EXPECT_TRUE(Has(plan, JailStep::kMkdir, "/srv/course/build"));
  EXPECT_FALSE(Has(plan, JailStep::kBindReadOnly, "/srv/course/build", "/srv/course/build"))
      << "only the program, not its folder";
}

// Built for real in a child with a mount namespace of its own: the child reports what its
// root holds, and whether it could write where it must not.
TEST(EnterJail, LeavesOnlyTheSystemAndTheCopy) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  fs::path work = fs::temp_directory_path() / ("netgrade-jail-test-" + std::to_string(::getpid()));
  fs::create_directories(work);
  ASSERT_TRUE(WriteFile(work / "mine.txt", "mine"));
  JailPlan plan = PlanJail(work, "", "");
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(report[0]);
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 || !EnterJail(plan))
      ::_exit(2);
    std::string out;
    for (const std::string& name : DirNames("/")) out += name + " ";
    out += "| " + ReadFile(work.string() + "/mine.txt").value_or("?");
    out += ::access(NETGRADE_SOURCE_DIR, F_OK) == 0 ? " | source visible" : " | no source";
    out += WriteFile("/usr/netgrade-jail-test", "x") ? " | usr writable" : " | usr read-only";
    out += WriteFile("/tmp/x", "x") ? " | tmp writable" : " | tmp read-only";
    ssize_t ignored = ::write(report[1], out.data(), out.size());
    (void)ignored;
    ::_exit(0);
  }
  ::close(report[1]);
  std::string got;
  char buf[512];
  for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) got.append(buf, n);
  ::close(report[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the jail could not be built";
  EXPECT_NE(got.find("| mine | no source | usr read-only | tmp writable"), std::string::npos)
      << got;
  EXPECT_EQ(got.find("root "), std::string::npos) << got;
  EXPECT_EQ(got.find("home "), std::string::npos) << got;
  EXPECT_FALSE(fs::exists("/usr/netgrade-jail-test"));
  fs::remove_all(work);
}

}  // namespace
}  // namespace netgrade::sandbox
