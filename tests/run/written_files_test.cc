// What a case's program left in its folder, read for `expect: files`: the expected files with
// their sizes and as many bytes as the comparison needs, links not followed, and the folder's
// other files listed.
#include "harness/run/written_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "harness/base/file.h"
#include "tests/support/temp_dir.h"

namespace netgrade::run {
namespace {

namespace fs = std::filesystem;

TEST(WrittenFiles, ReadsTheExpectedFilesBoundedAndListsTheFolder) {
  testing_support::UniqueTempDir dir("netgrade-written");
  spec::Spec spec;
  spec::Case test;
  test.expect.files = {{"small.bin", "", "abc", false, "", {}},
                       {"big.bin", "", "xy", false, "", {}},
                       {"missing.bin", "", "x", false, "", {}},
                       {"link.bin", "", "x", false, "", {}},
                       {"folder", "", "x", false, "", {}}};
  ASSERT_TRUE(WriteFile((dir.path() / "small.bin").string(), "abc"));
  ASSERT_TRUE(WriteFile((dir.path() / "big.bin").string(), std::string(100000, 'z')));
  ASSERT_TRUE(WriteFile((dir.path() / "elsewhere.bin").string(), "abc"));
  fs::create_symlink(dir.path() / "small.bin", dir.path() / "link.bin");
  fs::create_directories(dir.path() / "folder");
  observe::Observation obs;
  obs.spec = &spec;
  obs.test = &test;
  LookAtWrittenFiles(dir.path(), &obs);
  ASSERT_TRUE(obs.files_looked);
  ASSERT_EQ(obs.written_files.size(), 5u);
  EXPECT_EQ(obs.written_files[0].bytes, "abc");
  EXPECT_EQ(obs.written_files[0].size, 3u);
  EXPECT_EQ(obs.written_files[1].size, 100000u);
  EXPECT_EQ(obs.written_files[1].bytes.size(), 2u * 2 + 64) << "bounded by what is compared";
  EXPECT_FALSE(obs.written_files[2].exists);
  EXPECT_TRUE(obs.written_files[3].exists);
  EXPECT_FALSE(obs.written_files[3].is_regular) << "a link is not followed";
  EXPECT_FALSE(obs.written_files[4].is_regular);
  EXPECT_EQ(obs.folder_files, (std::vector<std::string>{"big.bin", "elsewhere.bin", "small.bin"}));
}

TEST(WrittenFiles, ACaseThatExpectsNoFileIsNotLookedAt) {
  testing_support::UniqueTempDir dir("netgrade-written");
  spec::Spec spec;
  spec::Case test;
  observe::Observation obs;
  obs.spec = &spec;
  obs.test = &test;
  LookAtWrittenFiles(dir.path(), &obs);
  EXPECT_FALSE(obs.files_looked);
}

}  // namespace
}  // namespace netgrade::run
