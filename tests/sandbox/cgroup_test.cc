#include "harness/sandbox/cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

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

}  // namespace
}  // namespace netgrade::sandbox
