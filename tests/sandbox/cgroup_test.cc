#include "harness/sandbox/cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/error.h"

namespace netgrade::sandbox {
namespace {

// A child that joins the cgroup, then forks `extra` children of its own (failures ignored),
// says how many forks failed on a pipe and waits to be killed. Returns its pid.
pid_t StartInCgroup(const CaseCgroup& cg, int extra, int* failed_forks) {
  int report[2];
  EXPECT_EQ(::pipe(report), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    for (const std::string& f : cg.procs_files()) std::ofstream(f) << ::getpid() << "\n";
    int failed = 0;
    for (int i = 0; i < extra; ++i) {
      pid_t c = ::fork();
      if (c == 0) {
        ::pause();
        ::_exit(0);
      }
      failed += c < 0;
    }
    (void)!::write(report[1], &failed, sizeof failed);
    ::pause();
    ::_exit(0);
  }
  ::close(report[1]);
  EXPECT_EQ(::read(report[0], failed_forks, sizeof *failed_forks),
            static_cast<ssize_t>(sizeof *failed_forks));
  ::close(report[0]);
  return pid;
}

class CgroupTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    probe_ = CaseCgroup::Create(4, 64 << 20, &why);
    if (!probe_) GTEST_SKIP() << why;
  }
  std::unique_ptr<CaseCgroup> probe_;
};

TEST_F(CgroupTest, FindsAndKillsEveryProcessThatJoinedHoweverItForked) {
  auto cg = CaseCgroup::Create(16, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  EXPECT_EQ(cg->max_processes(), 16);
  EXPECT_EQ(cg->max_memory_bytes(), 256 << 20);
  EXPECT_TRUE(cg->Pids().empty());
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 3, &failed);
  EXPECT_EQ(failed, 0);
  std::vector<pid_t> pids = cg->Pids();
  EXPECT_EQ(pids.size(), 4u) << "the child and its three children";
  EXPECT_NE(std::find(pids.begin(), pids.end(), child), pids.end());
  EXPECT_EQ(std::find(pids.begin(), pids.end(), ::getpid()), pids.end());
  EXPECT_FALSE(cg->process_limit_hit());
  cg->KillAll();
  EXPECT_TRUE(cg->Pids().empty());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

TEST_F(CgroupTest, AForkBeyondTheCapFailsAndIsSeen) {
  auto cg = CaseCgroup::Create(2, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 4, &failed);
  EXPECT_EQ(failed, 3) << "the child and one more fit under a cap of 2";
  EXPECT_EQ(cg->Pids().size(), 2u);
  EXPECT_TRUE(cg->process_limit_hit());
  EXPECT_FALSE(cg->memory_limit_hit());
  cg->KillAll();
  ::waitpid(child, nullptr, 0);
}

TEST_F(CgroupTest, TheGroupsGoAwayWithTheObjectAndTakeTheirProcesses) {
  auto cg = CaseCgroup::Create(8, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  std::vector<std::string> files = cg->procs_files();
  ASSERT_FALSE(files.empty());
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 1, &failed);
  cg.reset();
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child) << "the child outlived its cgroup";
  EXPECT_TRUE(WIFSIGNALED(status));
  for (const std::string& f : files)
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(f).parent_path())) << f;
}

// cgroup v2, on a cgroup2 directory the test may write: NETGRADE_TEST_CGROUP2 names one;
// else the hybrid hierarchy's /sys/fs/cgroup/unified, else the machine's own v2 place. On a
// cgroup2 without the memory and pids controllers (this machine's unified) only tracking and
// cgroup.kill can be tested; the caps are tested where the place has them.
class CgroupV2Test : public testing::Test {
 protected:
  void SetUp() override {
    std::string root;
    if (const char* env = std::getenv("NETGRADE_TEST_CGROUP2")) root = env;
    if (root.empty() && std::filesystem::exists("/sys/fs/cgroup/unified/cgroup.procs"))
      root = "/sys/fs/cgroup/unified";
    if (root.empty() && MachineCgroups().version == CgroupVersion::kV2)
      root = MachineCgroups().v2_parent;
    if (root.empty()) GTEST_SKIP() << "no cgroup2 directory to test in";
    place_ = CgroupV2At(root);
    if (place_.version != CgroupVersion::kV2) GTEST_SKIP() << place_.why;
  }
  static std::string Events(const CaseCgroup& cg) {
    std::ifstream in(cg.dir() + "/cgroup.events");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  CgroupPlace place_;
};

TEST_F(CgroupV2Test, TracksAProcessTreeAndKillsItWithCgroupKill) {
  auto cg = CaseCgroup::Create(place_, 16, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  EXPECT_EQ(cg->version(), CgroupVersion::kV2);
  ASSERT_EQ(cg->procs_files(), std::vector<std::string>{cg->dir() + "/cgroup.procs"});
  ASSERT_TRUE(std::filesystem::exists(cg->dir() + "/cgroup.kill")) << "Linux older than 5.14";
  EXPECT_TRUE(cg->Empty());
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 3, &failed);
  EXPECT_EQ(failed, 0);
  std::vector<pid_t> pids = cg->Pids();
  EXPECT_EQ(pids.size(), 4u) << "the child and its three children";
  EXPECT_NE(std::find(pids.begin(), pids.end(), child), pids.end());
  EXPECT_TRUE(cg->Holds(child));
  EXPECT_FALSE(cg->Holds(::getpid()));
  EXPECT_NE(Events(*cg).find("populated 1"), std::string::npos) << Events(*cg);
  EXPECT_FALSE(cg->Empty());
  cg->KillAll();
  EXPECT_EQ(cg->cgroup_kills(), 1) << "killed pid by pid, not through cgroup.kill";
  EXPECT_NE(Events(*cg).find("populated 0"), std::string::npos) << Events(*cg);
  EXPECT_TRUE(cg->Empty());
  EXPECT_TRUE(cg->Pids().empty());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

// cgroup.kill reaches a process the program moved into a group of its own below the case's.
TEST_F(CgroupV2Test, KillsWhatHidesInAGroupBelowTheCase) {
  auto cg = CaseCgroup::Create(place_, 16, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  std::string below = cg->dir() + "/hidden";
  ASSERT_EQ(::mkdir(below.c_str(), 0755), 0);
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 0, &failed);
  std::ofstream(below + "/cgroup.procs") << child << "\n";
  EXPECT_EQ(cg->Pids(), std::vector<pid_t>{child});
  cg->KillAll();
  EXPECT_TRUE(cg->Empty());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  std::string dir = cg->dir();
  cg.reset();
  EXPECT_FALSE(std::filesystem::exists(dir)) << "the groups are removed, deepest first";
}

// A child that stopped before exec is still seen in the group it joined (a v2 zombie keeps
// its cgroup), and one that never joined is not: how a failed join is told from a failed exec.
TEST_F(CgroupV2Test, AChildThatExitedIsSeenInTheGroupItJoinedOnly) {
  auto cg = CaseCgroup::Create(place_, 16, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  pid_t joined = ::fork();
  if (joined == 0) {
    std::ofstream(cg->procs_files()[0]) << ::getpid() << "\n";
    ::_exit(127);
  }
  pid_t stayed = ::fork();
  if (stayed == 0) ::_exit(127);
  siginfo_t info{};
  ASSERT_EQ(::waitid(P_PID, joined, &info, WEXITED | WNOWAIT), 0);
  ASSERT_EQ(::waitid(P_PID, stayed, &info, WEXITED | WNOWAIT), 0);
  EXPECT_TRUE(cg->Holds(joined));
  EXPECT_FALSE(cg->Holds(stayed));
  EXPECT_TRUE(cg->Empty()) << "an exited process no longer populates it";
  ::waitpid(joined, nullptr, 0);
  ::waitpid(stayed, nullptr, 0);
}

// Ctrl-C of netgrade: the interrupt handler kills a v2 group through its cgroup.kill.
TEST_F(CgroupV2Test, TheInterruptHandlerKillsAV2Group) {
  auto cg = CaseCgroup::Create(place_, 16, 256 << 20, nullptr);
  ASSERT_TRUE(cg);
  int failed = -1;
  pid_t child = StartInCgroup(*cg, 2, &failed);
  ASSERT_EQ(cg->Pids().size(), 3u);
  KillAllCaseCgroupsFromSignalHandler();
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

TEST_F(CgroupV2Test, SetsTheCapsOnlyWhereTheControllersAreEnabled) {
  auto cg = CaseCgroup::Create(place_, 5, 64 << 20, nullptr);
  ASSERT_TRUE(cg);
  EXPECT_EQ(cg->caps_processes(), std::filesystem::exists(cg->dir() + "/pids.max"));
  EXPECT_EQ(cg->caps_memory(), std::filesystem::exists(cg->dir() + "/memory.max"));
  if (cg->caps_processes()) {
    std::ifstream in(cg->dir() + "/pids.max");
    std::string max;
    in >> max;
    EXPECT_EQ(max, "5");
  } else {
    EXPECT_NE(place_.why.find("pids"), std::string::npos) << place_.why;
  }
  if (cg->caps_memory()) {
    std::ifstream in(cg->dir() + "/memory.max");
    int64_t max = 0;
    in >> max;
    EXPECT_EQ(max, 64 << 20);
  } else {
    EXPECT_NE(place_.why.find("memory"), std::string::npos) << place_.why;
  }
  EXPECT_FALSE(cg->process_limit_hit());
  EXPECT_FALSE(cg->memory_limit_hit());
}

// A group the place says can be made, but that cannot: the grader's failure, with the cause.
TEST_F(CgroupV2Test, AGroupThatCannotBeMadeIsTheGradersError) {
  CgroupPlace gone = place_;
  gone.v2_parent = place_.v2_parent + "/netgrade-no-such-parent";
  try {
    CaseCgroup::Create(gone, 8, 64 << 20, nullptr);
    FAIL() << "no error";
  } catch (const SystemError& e) {
    EXPECT_NE(std::string(e.what()).find("netgrade-no-such-parent"), std::string::npos) << e.what();
    EXPECT_EQ(e.errno_value(), ENOENT);
  }
}

TEST(CgroupPlace, NoneSaysWhyAndMakesNoGroup) {
  CgroupPlace none;
  none.why = "nothing mounted";
  std::string why;
  EXPECT_EQ(CaseCgroup::Create(none, 8, 64 << 20, &why), nullptr);
  EXPECT_EQ(why, "nothing mounted");
  EXPECT_STREQ(CgroupVersionName(CgroupVersion::kV2), "v2");
  EXPECT_STREQ(CgroupVersionName(CgroupVersion::kNone), "none");
}

}  // namespace
}  // namespace netgrade::sandbox
