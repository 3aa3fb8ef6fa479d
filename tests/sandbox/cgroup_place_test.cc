// Where a run's case cgroups go (sandbox/cgroup_place.cc): named outright, or the machine's
// choice, and why there are none.
#include "harness/sandbox/cgroup_place.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace netgrade::sandbox {
namespace {

TEST(CgroupPlace, NetgradeCgroupRootNamesTheV2ParentOutright) {
  ::setenv("NETGRADE_CGROUP_ROOT", "/tmp", 1);
  CgroupPlace wrong = ProbeCgroups();
  EXPECT_EQ(wrong.version, CgroupVersion::kNone);
  EXPECT_EQ(wrong.why.rfind("NETGRADE_CGROUP_ROOT: ", 0), 0u) << wrong.why;
  // Named outright, where this user may make groups there (root, or a delegated tree).
  if (std::filesystem::exists("/sys/fs/cgroup/unified/cgroup.procs") &&
      ::access("/sys/fs/cgroup/unified", W_OK) == 0) {
    ::setenv("NETGRADE_CGROUP_ROOT", "/sys/fs/cgroup/unified", 1);
    CgroupPlace named = ProbeCgroups();
    EXPECT_EQ(named.version, CgroupVersion::kV2) << named.why;
    EXPECT_EQ(named.v2_parent, "/sys/fs/cgroup/unified");
  }
  ::unsetenv("NETGRADE_CGROUP_ROOT");
}

TEST(CgroupPlace, ADirectoryThatIsNoCgroupIsNone) {
  CgroupPlace p = CgroupV2At("/tmp");
  EXPECT_EQ(p.version, CgroupVersion::kNone);
  EXPECT_NE(p.why.find("not a cgroup2"), std::string::npos) << p.why;
}

// The machine's choice: v2 only when it has both caps, or when there is no v1 to fall back on.
TEST(CgroupPlace, TheMachinePrefersV2OnlyWithItsControllers) {
  const CgroupPlace& place = MachineCgroups();
  if (place.version == CgroupVersion::kV2 && !place.full()) {
    EXPECT_FALSE(std::filesystem::exists("/sys/fs/cgroup/pids/cgroup.procs") && ::geteuid() == 0)
        << "v1 has the caps; v2 does not: " << place.why;
  }
  if (place.version == CgroupVersion::kV1) {
    EXPECT_TRUE(place.full());
  }
  if (place.version == CgroupVersion::kNone) {
    EXPECT_FALSE(place.why.empty());
  }
}

}  // namespace
}  // namespace netgrade::sandbox
