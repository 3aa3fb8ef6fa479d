// The wrappers of ci/modes/ that imitate users' machines fail loudly, before the command runs,
// where they would imitate nothing: a test or a matrix lane under a wrapper that did nothing
// would grade with this machine's full containment and pass for the wrong reason.
#include "tests/support/mode_tools.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace netgrade {
namespace {
namespace fs = std::filesystem;

struct Said {
  int status = -1;
  std::string text;  // stdout and stderr
};

Said Shell(const std::string& command) {
  Said said;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return said;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) said.text.append(buf, n);
  int status = ::pclose(p);
  said.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return said;
}

// A folder of the test's own, removed after.
struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("netgrade-modes-" + std::to_string(::getpid()));
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
};

// The script copied alone, without its deny-uid-map.so (a tree where only the script was
// configured): it runs nothing and says what is missing.
TEST(ModeTools, DenyUidMapWithoutItsLibraryRunsNothingAndSaysSo) {
  Scratch s;
  fs::copy_file(testing_support::ModeTool("deny-uid-map"), s.dir / "deny-uid-map");
  Said said = Shell((s.dir / "deny-uid-map").string() + " touch " + (s.dir / "ran").string());
  EXPECT_EQ(said.status, 2) << said.text;
  EXPECT_NE(said.text.find("deny-uid-map.so is not built"), std::string::npos) << said.text;
  EXPECT_FALSE(fs::exists(s.dir / "ran")) << "the command ran without the imitation";
}

// A library the loader will not preload (here not an ELF file): ld.so would warn and run the
// command as it is; the wrapper stops instead.
TEST(ModeTools, DenyUidMapWithALibraryTheLoaderRefusesRunsNothing) {
  Scratch s;
  fs::copy_file(testing_support::ModeTool("deny-uid-map"), s.dir / "deny-uid-map");
  std::ofstream(s.dir / "deny-uid-map.so") << "not a shared object\n";
  Said said = Shell((s.dir / "deny-uid-map").string() + " touch " + (s.dir / "ran").string());
  EXPECT_EQ(said.status, 2) << said.text;
  EXPECT_NE(said.text.find("cannot be preloaded"), std::string::npos) << said.text;
  EXPECT_FALSE(fs::exists(s.dir / "ran"));
}

// Built, it imitates: the command runs, and its uid_map write fails with EPERM (unshare(1)
// writes the map through libc, as netgrade does), where without it the same works.
TEST(ModeTools, DenyUidMapBuiltRefusesTheMapWrite) {
  const std::string map_root = "unshare --user --map-root-user true";
  Said bare = Shell(map_root);
  if (bare.status != 0) GTEST_SKIP() << "no user namespaces here to begin with: " << bare.text;
  Said said = Shell(testing_support::ModeTool("deny-uid-map") + " " + map_root);
  EXPECT_NE(said.status, 0) << said.text;
  EXPECT_NE(said.text.find("uid_map"), std::string::npos) << said.text;
  EXPECT_NE(said.text.find("Operation not permitted"), std::string::npos) << said.text;
}

// docker-caps imitates a container's root: as another user it has nothing to drop.
TEST(ModeTools, DockerCapsAsANormalUserRunsNothing) {
  if (::geteuid() != 0) {
    Said said = Shell(testing_support::ModeTool("docker-caps") + " true");
    EXPECT_EQ(said.status, 2) << said.text;
    return;
  }
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv(1) is not installed";
  Said said = Shell("/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups " +
                    testing_support::ModeTool("docker-caps") + " true");
  EXPECT_EQ(said.status, 2) << said.text;
  EXPECT_NE(said.text.find("imitates a container's root"), std::string::npos) << said.text;
}

// no-userns checks what it imitates before the command runs, and then refuses it.
TEST(ModeTools, NoUsernsRefusesAUserNamespace) {
  Said said = Shell(testing_support::ModeTool("no-userns") + " unshare --user true");
  EXPECT_NE(said.status, 0) << said.text;
  EXPECT_NE(said.text.find("Operation not permitted"), std::string::npos) << said.text;
}

}  // namespace
}  // namespace netgrade
