#include "harness/sandbox/cgroup_owner.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace netgrade::sandbox {
namespace {

// A pid that was this process's child and is gone now.
pid_t GonePid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

std::string OwnNamespace() {
  struct stat st{};
  EXPECT_EQ(::stat("/proc/self/ns/pid", &st), 0);
  return std::to_string(st.st_ino);
}

TEST(CgroupOwner, ANameSaysThePidAndThePidNamespace) {
  EXPECT_EQ(CgroupName("7"),
            "netgrade-" + std::to_string(::getpid()) + "-ns" + OwnNamespace() + "-7");
  EXPECT_FALSE(OwnerIsGone(CgroupName("7"))) << "this grader is alive";
}

TEST(CgroupOwner, AGroupOfAGoneGraderOfThisNamespaceIsStale) {
  std::string gone = std::to_string(GonePid());
  EXPECT_TRUE(OwnerIsGone("netgrade-" + gone + "-ns" + OwnNamespace() + "-3"));
  EXPECT_TRUE(OwnerIsGone("netgrade-" + gone + "-ns" + OwnNamespace() + "-grader"));
  EXPECT_TRUE(OwnerIsGone("netgrade-" + gone + "-3")) << "named as before namespaces were";
}

// The grader of another container: its pid means nothing here, whether or not some process
// of this namespace has it. (Taken for stale, its programs were killed mid-case.)
TEST(CgroupOwner, AGroupOfAnotherPidNamespaceIsNeverStale) {
  std::string gone = std::to_string(GonePid());
  std::string other = std::to_string(std::stoull(OwnNamespace()) + 1);
  EXPECT_FALSE(OwnerIsGone("netgrade-" + gone + "-ns" + other + "-3"));
  EXPECT_FALSE(OwnerIsGone("netgrade-" + gone + "-ns" + other + "-grader"));
}

TEST(CgroupOwner, WhatIsNoGradersNameIsLeftAlone) {
  for (const char* name : {"user.slice", "netgrade-", "netgrade-x-1", "netgrade-0-1",
                           "netgrade-123", "netgrade-123-ns-1", "netgrade-123-nsx-1"})
    EXPECT_FALSE(OwnerIsGone(name)) << name;
}

}  // namespace
}  // namespace netgrade::sandbox
