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

}  // namespace
}  // namespace netgrade::run
