// What goes into a Gradescope autograder: the source files a build needs and nothing local,
// the scripts at the top of the zip, executable.
#include "harness/cli/gradescope_bundle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "harness/base/error.h"
#include "harness/base/file.h"

namespace netgrade::cli {
namespace {
namespace fs = std::filesystem;

bool Has(const std::vector<std::string>& files, const std::string& f) {
  return std::find(files.begin(), files.end(), f) != files.end();
}

class SourceTree : public ::testing::Test {
 protected:
  fs::path root_ =
      fs::temp_directory_path() / ("netgrade-bundle-test-" + std::to_string(::getpid()));
  void Write(const std::string& rel, const std::string& text = "x\n", int mode = 0644) {
    fs::create_directories((root_ / rel).parent_path());
    ASSERT_TRUE(WriteFile(root_ / rel, text, mode));
  }
  void TearDown() override { fs::remove_all(root_); }
};

// This checkout is a git one (a worktree's .git is a file): what git tracks, never build/.
TEST(SourceFiles, OfAGitCheckoutAreTheTrackedFiles) {
  std::vector<std::string> files = SourceFiles(NETGRADE_SOURCE_DIR);
  EXPECT_TRUE(Has(files, "CMakeLists.txt"));
  EXPECT_TRUE(Has(files, "harness/cli/cli.cc"));
  EXPECT_TRUE(Has(files, "ci/templates/gradescope/run_autograder"));
  EXPECT_TRUE(std::is_sorted(files.begin(), files.end()));
  for (const std::string& f : files) {
    EXPECT_NE(f.rfind("build", 0), 0u) << f;
    EXPECT_NE(f.rfind(".git/", 0), 0u) << f;
  }
}

TEST_F(SourceTree, WithoutGitEveryFileButDotFoldersBuildTreesAndLinks) {
  Write("CMakeLists.txt");
  Write("harness/a.cc");
  Write("ci/setup", "#!/bin/sh\n", 0755);
  Write(".cache/junk");
  Write("build-asan/CMakeCache.txt");
  Write("build-asan/netgrade");
  Write("out/sub/CMakeCache.txt");
  fs::create_symlink("/etc/passwd", root_ / "harness/link");
  EXPECT_EQ(SourceFiles(root_),
            (std::vector<std::string>{"CMakeLists.txt", "ci/setup", "harness/a.cc"}));
}

TEST_F(SourceTree, BundleHasTheScriptsAtTheTopTheSpecAndTheSource) {
  Write("ci/templates/gradescope/setup.sh", "#!/bin/sh\nsetup\n", 0755);
  Write("ci/templates/gradescope/run_autograder", "#!/bin/sh\nrun\n", 0755);
  Write("CMakeLists.txt", "project(x)\n");
  Write("ci/setup", "#!/bin/sh\n", 0755);
  Write("specs/ex.yaml", "exercise: ex\n");
  std::vector<ZipMember> members = GradescopeBundle(root_, root_ / "specs/ex.yaml");
  std::vector<std::pair<std::string, int>> got;
  for (const ZipMember& m : members) got.emplace_back(m.name, m.mode);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{
                     {"setup.sh", 0755},
                     {"run_autograder", 0755},
                     {"spec/ex.yaml", 0644},
                     {"netgrade/CMakeLists.txt", 0644},
                     {"netgrade/ci/setup", 0755},
                     {"netgrade/ci/templates/gradescope/run_autograder", 0755},
                     {"netgrade/ci/templates/gradescope/setup.sh", 0755},
                     {"netgrade/specs/ex.yaml", 0644},
                 }));
  EXPECT_EQ(members[0].contents, "#!/bin/sh\nsetup\n");
  EXPECT_EQ(members[1].contents, "#!/bin/sh\nrun\n");
  EXPECT_EQ(members[2].contents, "exercise: ex\n");
}

TEST_F(SourceTree, AFolderThatIsNotNetgradesSourceIsAUsageError) {
  Write("ci/templates/gradescope/setup.sh");
  Write("ci/templates/gradescope/run_autograder");
  Write("ex.yaml");
  EXPECT_THROW(GradescopeBundle(root_, root_ / "ex.yaml"), UsageError);
  fs::remove(root_ / "ci/templates/gradescope/run_autograder");
  Write("CMakeLists.txt");
  EXPECT_THROW(GradescopeBundle(root_, root_ / "ex.yaml"), UsageError);
}

}  // namespace
}  // namespace netgrade::cli
