// A toolchain's installation outside the system's folders (~/.rustup/toolchains/..., a
// pyenv version) is shown read-only at its own path: by the jail, which binds it, and by
// Landlock, which lets it be read and run; the rest of the home folder it lies in is not.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>

#include "harness/base/file.h"
#include "harness/sandbox/jail.h"
#include "harness/sandbox/landlock.h"
#include "tests/support/in_mount_namespace.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

bool Has(const JailPlan& plan, JailStep::Kind kind, const std::string& inside) {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const JailStep& s) {
    return s.kind == kind && s.path == plan.root + inside &&
           (kind != JailStep::kBindReadOnly || s.source == inside);
  });
}

// A fake home with a toolchain in it, and a submission's copy beside it.
class ToolchainSandboxTest : public testing::Test {
 protected:
  void SetUp() override {
    top_ = fs::temp_directory_path() / ("netgrade-tc-sandbox-" + std::to_string(::getpid()));
    fs::remove_all(top_);
    toolchain_ = top_ / "home/.rustup/toolchains/stable/";
    toolchain_ = toolchain_.parent_path();
    fs::create_directories(toolchain_ / "bin");
    fs::create_directories(top_ / "work");
    WriteFile(toolchain_ / "bin/tool", "#!/bin/sh\necho from the toolchain\n", 0755);
    WriteFile(top_ / "home/secret.txt", "the user's own\n");
  }
  void TearDown() override { fs::remove_all(top_); }
  fs::path top_, toolchain_;
};

TEST_F(ToolchainSandboxTest, TheJailBindsTheInstallationReadOnlyAtItsPath) {
  fs::path tool = toolchain_ / "bin/tool";
  JailPlan plan = PlanJail((top_ / "work").string(), tool.string(), "", "",
                           {toolchain_.string(), tool.string(), "/usr/lib", "/", "/tmp",
                            (top_ / "work/sub").string(), top_.string()});
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, toolchain_.string()));
  EXPECT_TRUE(Has(plan, JailStep::kMkdir, (top_ / "home/.rustup").string()));
  // Not again for what it holds (the program itself), nor the system's, the root, /tmp, the
  // workdir's own, nor a folder holding the workdir.
  for (const std::string& not_bound :
       {tool.string(), std::string("/usr/lib"), std::string("/"), std::string("/tmp"),
        (top_ / "work/sub").string(), top_.string(), (top_ / "home").string()})
    EXPECT_FALSE(Has(plan, JailStep::kBindReadOnly, not_bound)) << not_bound;
  // A file alone (a loose tool) is bound by itself.
  JailPlan file = PlanJail((top_ / "work").string(), "", "", "", {tool.string()});
  EXPECT_TRUE(Has(file, JailStep::kTouch, tool.string()));
  EXPECT_TRUE(Has(file, JailStep::kBindReadOnly, tool.string()));
}

using testing_support::InMountNamespace;

TEST_F(ToolchainSandboxTest, InTheJailTheToolchainIsReadButNotWrittenAndTheHomeIsNotThere) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  JailPlan plan = PlanJail((top_ / "work").string(), "", "", "", {toolchain_.string()});
  std::string got = InMountNamespace([&]() -> std::string {
    int failed = -1;
    if (!BuildJail(plan, &failed)) return "failed at " + DescribeJailStep(plan, failed);
    if (!PivotIntoJail(plan)) return "pivot";
    std::string out = ReadFile((toolchain_ / "bin/tool").string()).value_or("unreadable");
    out += WriteFile(toolchain_ / "bin/new", "x") ? "|writable" : "|read-only";
    out += fs::exists(top_ / "home/secret.txt") ? "|home visible" : "|no home";
    return out;
  });
  EXPECT_EQ(got, "#!/bin/sh\necho from the toolchain\n|read-only|no home");
  EXPECT_FALSE(fs::exists(toolchain_ / "bin/new"));
}

TEST_F(ToolchainSandboxTest, LandlockLetsTheToolchainBeReadAndRunButNotWritten) {
  if (LandlockAbi() < 1) GTEST_SKIP() << "this kernel has no Landlock";
  LandlockPaths paths =
      StudentPaths((top_ / "work").string(), "", {}, "", {toolchain_.string(), "relative"});
  EXPECT_EQ(paths.readable, std::vector<std::string>{toolchain_.string()});
  std::string why;
  Fd ruleset = MakeStudentRuleset(paths, &why);
  ASSERT_TRUE(ruleset) << why;
  pid_t child = ::fork();
  if (child == 0) {
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !RestrictSelf(ruleset.get())) ::_exit(9);
    bool read = ReadFile((toolchain_ / "bin/tool").string()).has_value();
    bool wrote = WriteFile(toolchain_ / "bin/new", "x");
    bool secret = ReadFile((top_ / "home/secret.txt").string()).has_value();
    if (!read || wrote || secret) ::_exit(1 + read * 2 + wrote * 4 + secret * 8);
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::execl((toolchain_ / "bin/tool").c_str(), "tool", nullptr);  // run: exits 0
    ::_exit(20);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace netgrade::sandbox
