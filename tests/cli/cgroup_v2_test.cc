// netgrade grading in per-case cgroup v2 groups, through the binary: NETGRADE_CGROUP_ROOT
// names a cgroup2 directory (here the hybrid hierarchy's /sys/fs/cgroup/unified, which has
// no memory or pids controller: the groups track and kill, the report says there are no
// caps). Every case passes as it does with v1, and no group is left behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

constexpr const char* kRoot = "/sys/fs/cgroup/unified";

int Groups() {
  int n = 0;
  for (const auto& e : fs::directory_iterator(kRoot))
    if (e.is_directory() && e.path().filename().string().rfind("netgrade-", 0) == 0) ++n;
  return n;
}

TEST(CgroupV2Binary, GradesEveryCaseInAV2GroupAndLeavesNoneBehind) {
  if (!fs::exists(fs::path(kRoot) / "cgroup.procs")) GTEST_SKIP() << "no cgroup2 at " << kRoot;
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to write " << kRoot;
  int before = Groups();
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/python",
       "--format", "json", "--jobs", "2"},
      {std::string("NETGRADE_CGROUP_ROOT=") + kRoot});
  ASSERT_EQ(ran.status, 0) << ran.out << ran.err;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["sandbox"]["cgroups"], "v2");
  EXPECT_EQ(doc["sandbox"]["process_cap"], false);
  EXPECT_EQ(doc["sandbox"]["memory_cap"], false);
  EXPECT_EQ(doc["sandbox"]["memory_cap_by"], "a watcher and RLIMIT_DATA per process");
  // Said in the report (a student's stderr gets a sentence only where it bears on the run).
  std::string weaker = doc["sandbox"]["weaker"].dump();
  EXPECT_NE(weaker.find("cgroup v2 at /sys/fs/cgroup/unified without the pids"), std::string::npos)
      << weaker;
  EXPECT_EQ(Groups(), before) << "a case's group was left in " << kRoot;
}

}  // namespace
}  // namespace netgrade
