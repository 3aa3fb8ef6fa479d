// The spec's files written into a submission's copy: made with their folders and modes, and
// replacing what the student shipped under the same names.
#include "harness/run/spec_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/base/file.h"

namespace netgrade::run {
namespace {

namespace fs = std::filesystem;

TEST(SpecFiles, WrittenWithFoldersModesAndOverStudentFiles) {
  fs::path dir = fs::temp_directory_path() / ("spec-files-" + std::to_string(::getpid()));
  fs::create_directories(dir / "HelloWorld.html");  // a folder where the file goes
  ASSERT_TRUE(WriteFile((dir / "www").string(), "a file where a folder goes"));
  spec::Spec spec;
  spec.files = {{"HelloWorld.html", "<html>hi</html>\n", true, "", {}, {}},
                {"www/notes.txt", "notes\n", false, "", {}, {}}};
  EXPECT_EQ(PutGivenFiles(spec, dir), "");
  EXPECT_EQ(ReadFile((dir / "HelloWorld.html").string()), "<html>hi</html>\n");
  EXPECT_EQ(ReadFile((dir / "www/notes.txt").string()), "notes\n");
  struct stat st{};
  ASSERT_EQ(::stat((dir / "HelloWorld.html").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  ASSERT_EQ(::stat((dir / "www/notes.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  fs::remove_all(dir);
}

TEST(SpecFiles, AFolderThatCannotBeWrittenIsSaid) {
  spec::Spec spec;
  spec.files = {{"a.txt", "x", false, "", {}, {}}};
  EXPECT_NE(PutGivenFiles(spec, "/nonexistent-netgrade-dir/sub"), "");
}

// A file the peer holds goes into no folder; one for some roles goes into those roles' cases'
// folders only; and what a case expects its program to write is not there before it runs.
TEST(SpecFiles, PeerFilesStayOutRoleFilesGoToTheirCasesAndExpectedFilesAreCleared) {
  fs::path dir = fs::temp_directory_path() / ("case-files-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  spec::GivenFile sent{"photo.bin", "\x01\x02", false, "", {}, {}};
  sent.peer_only = true;
  spec::GivenFile for_sender{"hello.txt", "hello\n", false, "", {}, {}};
  for_sender.roles = {"sender"};
  spec::GivenFile everyone{"index.html", "<p>\n", false, "", {}, {}};
  spec::Spec spec;
  spec.files = {sent, for_sender, everyone};
  ASSERT_EQ(PutGivenFiles(spec, dir), "");
  EXPECT_FALSE(fs::exists(dir / "photo.bin")) << "the peer's";
  EXPECT_FALSE(fs::exists(dir / "hello.txt")) << "the sender's cases' only";
  EXPECT_TRUE(fs::exists(dir / "index.html"));

  spec::Case receiving;
  receiving.role = "receiver";
  receiving.expect.files.push_back({"photo.bin", "photo.bin", "", false, "", {}});
  ASSERT_TRUE(WriteFile((dir / "photo.bin").string(), "shipped by the student"));
  EXPECT_EQ(PutCaseFiles(spec, receiving, dir), "");
  EXPECT_FALSE(fs::exists(dir / "photo.bin")) << "a shipped copy would pass for a written one";
  EXPECT_FALSE(fs::exists(dir / "hello.txt"));

  spec::Case sending;
  sending.role = "sender";
  EXPECT_EQ(PutCaseFiles(spec, sending, dir), "");
  EXPECT_EQ(ReadFile((dir / "hello.txt").string()), "hello\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace netgrade::run
