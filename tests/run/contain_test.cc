// Containment shared by a case's program and its submission's build.
#include "harness/run/contain.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace netgrade::run {
namespace {

TEST(CpuLimitSeconds, ByDefaultEnoughToSpinThroughTheWholeCaseItsExtensionsIncluded) {
  spec::Case c;
  // A 5 s timeout, moved by at most four more for load, and a second: 26 s.
  EXPECT_EQ(CpuLimitSeconds(c, 5000, 1.0), 26);
  // The timeout given is already scaled: 12.5 s at a multiplier of 2.5 gives 63.5 s, up to 64.
  EXPECT_EQ(CpuLimitSeconds(c, 12500, 2.5), 64);
}

TEST(CpuLimitSeconds, TheSpecsLimitIsScaledAndRoundedUpToWholeSeconds) {
  spec::Case c;
  c.cpu_limit_ms = 1500;
  EXPECT_EQ(CpuLimitSeconds(c, 5000, 1.0), 2);
  EXPECT_EQ(CpuLimitSeconds(c, 5000, 2.0), 3);
  c.cpu_limit_ms = 1000;
  EXPECT_EQ(CpuLimitSeconds(c, 5000, 0.4), 1);  // never below one second
}

TEST(ContainStudentCode, WithoutIsolationOnlyTheUserChanges) {
  RunOptions options;
  options.isolate = false;
  options.student_uid = 12345;
  options.student_gid = 23456;
  sandbox::CaseNetwork network(false, false);
  sandbox::SpawnOptions so;
  std::unique_ptr<sandbox::CaseCgroup> cgroup = ContainStudentCode(options, network, &so);
  EXPECT_EQ(cgroup, nullptr);
  EXPECT_EQ(so.cgroup, nullptr);
  EXPECT_FALSE(so.contain);
  EXPECT_TRUE(so.hosts_file.empty());
  if (::geteuid() == 0) {
    EXPECT_EQ(so.uid, 12345);
    EXPECT_EQ(so.gid, 23456);
  }
}

}  // namespace
}  // namespace netgrade::run
