// What goes into a Gradescope autograder: the source files a build needs and nothing local,
// the scripts at the top of the zip, executable.
#include "harness/cli/gradescope_bundle.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>

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

// Of the source, only what building netgrade takes; the spec (here one of the tree's) only as
// spec/<name>.
TEST_F(SourceTree, BundleHasTheScriptsAtTheTopTheSpecAndTheBuildsSource) {
  Write("ci/templates/gradescope/setup.sh", "#!/bin/sh\nsetup\n", 0755);
  Write("ci/templates/gradescope/run_autograder", "#!/bin/sh\nrun\n", 0755);
  Write("CMakeLists.txt", "project(x)\n");
  Write("ci/install-deps.sh", "#!/bin/sh\n", 0755);
  Write("harness/cli/cli.cc");
  Write("specs/ex.yaml", "exercise: ex\n");
  std::vector<ZipMember> members = GradescopeBundle(root_, root_ / "specs/ex.yaml");
  std::vector<std::pair<std::string, int>> got;
  for (const ZipMember& m : members) got.emplace_back(m.name, m.mode);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{
                     {"setup.sh", 0755},
                     {"run_autograder", 0755},
                     {"spec/ex.yaml", 0644},
                     {"netgrade/CMakeLists.txt", 0644},
                     {"netgrade/ci/install-deps.sh", 0755},
                     {"netgrade/harness/cli/cli.cc", 0644},
                 }));
  EXPECT_EQ(members[0].contents, "#!/bin/sh\nsetup\n");
  EXPECT_EQ(members[1].contents, "#!/bin/sh\nrun\n");
  EXPECT_EQ(members[2].contents, "exercise: ex\n");
}

// A spec that reads a file from beside it (files: from:) brings it into the bundle, beside the
// bundled spec where it looks.
TEST_F(SourceTree, BundleCarriesTheFilesTheSpecReadsFromBesideIt) {
  Write("ci/templates/gradescope/setup.sh", "#!/bin/sh\n", 0755);
  Write("ci/templates/gradescope/run_autograder", "#!/bin/sh\n", 0755);
  Write("CMakeLists.txt", "project(x)\n");
  Write("specs/pages/hello.html", "<html>hi</html>\n");
  Write("specs/ex.yaml",
        "exercise: ex\nprotocol: tcp\nroles: {server: {listens: true}}\n"
        "files: [{path: hello.html, from: pages/hello.html}, {path: a.txt, text: a}]\n"
        "cases: [{name: a, role: server, peer: {connections: [{send: [a]}]}, "
        "expect: {replies: upper}}]\n");
  std::vector<ZipMember> members = GradescopeBundle(root_, root_ / "specs/ex.yaml");
  auto page = std::find_if(members.begin(), members.end(),
                           [](const ZipMember& m) { return m.name == "spec/pages/hello.html"; });
  ASSERT_NE(page, members.end());
  EXPECT_EQ(page->contents, "<html>hi</html>\n");
  EXPECT_EQ(std::count_if(members.begin(), members.end(),
                          [](const ZipMember& m) { return m.name.rfind("spec/", 0) == 0; }),
            2);  // the spec and its page; the inline file is in the spec
}

// The answers a student's code could take, and anything else the tree holds, stay out: only
// the allowlist goes in, a folder named like one of its entries included.
TEST(BuildFiles, AreCMakeListsHarnessAndInstallDepsOnly) {
  EXPECT_EQ(
      BuildFiles({"CMakeLists.txt", "README.md", "ci/install-deps.sh", "ci/matrix.sh",
                  "exercises/tcp-capitalize/starter/server.py", "harness/base/fd.cc",
                  "harness/cli/cli.cc", "harness2/x.cc", "reference/CMakeLists.txt",
                  "reference/tcp-capitalize/python/server.py", "specs/tcp-capitalize.yaml",
                  "tests/cli/golden/pass.gradescope.json",
                  "tests/submissions/hostile/steals-reference/expected.yaml",
                  "tests/submissions/tcp-capitalize/echo-server/server.py", "sub/CMakeLists.txt"}),
      (std::vector<std::string>{"CMakeLists.txt", "ci/install-deps.sh", "harness/base/fd.cc",
                                "harness/cli/cli.cc"}));
}

TEST_F(SourceTree, BundleLeavesOutReferenceTestsAndGoldenReports) {
  Write("ci/templates/gradescope/setup.sh");
  Write("ci/templates/gradescope/run_autograder");
  Write("CMakeLists.txt");
  Write("harness/a.cc");
  Write("reference/tcp-capitalize/python/server.py");
  Write("tests/submissions/tcp-capitalize/echo-server/expected.yaml");
  Write("tests/cli/golden/pass.gradescope.json");
  Write("specs/ex.yaml");
  std::vector<std::string> names;
  for (const ZipMember& m : GradescopeBundle(root_, root_ / "specs/ex.yaml"))
    names.push_back(m.name);
  EXPECT_EQ(names, (std::vector<std::string>{"setup.sh", "run_autograder", "spec/ex.yaml",
                                             "netgrade/CMakeLists.txt", "netgrade/harness/a.cc"}));
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

namespace netgrade::cli {
namespace {

// A transport lab's link trace and the folder of the instructor's program that plays a peer
// are read from beside the spec: they go into the bundle beside it, the program executable as
// it was.
TEST_F(SourceTree, BundleCarriesALinksTraceAndTheInstructorsPeerFolder) {
  Write("ci/templates/gradescope/setup.sh", "#!/bin/sh\n", 0755);
  Write("ci/templates/gradescope/run_autograder", "#!/bin/sh\n", 0755);
  Write("CMakeLists.txt", "project(x)\n");
  Write("lab/cell.trace", "0\n1\n");
  Write("lab/instructor/receiver.py", "print('the instructor')\n", 0755);
  Write("lab/instructor/lib/util.py", "x = 1\n");
  Write("lab/rt.yaml",
        "exercise: rt\nprotocol: transport\n"
        "packet: {fields: {type: {offset: 0, size: 1}, checksum: {offset: 2, size: 2}, "
        "seq: {offset: 4, size: 4}, len: {offset: 8, size: 2}}}\n"
        "roles:\n"
        "  sender: {listens: false, argv: ['{host}', '{port}', a.bin, '4']}\n"
        "  receiver: {listens: true, argv: ['{port}', out.bin]}\n"
        "files: [{path: a.bin, text: a, roles: [sender]}]\n"
        "cases:\n"
        "  - {name: a, role: sender, transfer: {file: a.bin, window: 4, peer: {folder: "
        "instructor}}, link: {trace: cell.trace}, expect: {delivered: true}}\n"
        "  - {name: b, role: sender, transfer: {file: a.bin, window: 4, peer: {folder: "
        "instructor}}, link: {trace: cell.trace}, expect: {delivered: true}}\n");
  std::vector<ZipMember> members = GradescopeBundle(root_, root_ / "lab/rt.yaml");
  std::map<std::string, const ZipMember*> spec_members;
  for (const ZipMember& m : members)
    if (m.name.rfind("spec/", 0) == 0) spec_members[m.name] = &m;
  ASSERT_EQ(spec_members.size(), 4u) << "the spec, the trace and the two files, each once";
  EXPECT_EQ(spec_members.at("spec/cell.trace")->contents, "0\n1\n");
  EXPECT_EQ(spec_members.at("spec/instructor/receiver.py")->mode, 0755);
  EXPECT_EQ(spec_members.at("spec/instructor/lib/util.py")->contents, "x = 1\n");
}

}  // namespace
}  // namespace netgrade::cli
