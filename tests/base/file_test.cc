#include "harness/base/file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace netgrade {
namespace {
namespace fs = std::filesystem;

fs::path Scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("netgrade-file-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

TEST(ReadFile, ReadsWholeAndBounded) {
  fs::path p = Scratch("a");
  ASSERT_TRUE(WriteFile(p, "hello\nworld\n"));
  EXPECT_EQ(ReadFile(p), "hello\nworld\n");
  EXPECT_EQ(ReadFile(p, 5), "hello");
  EXPECT_EQ(ReadFile(Scratch("missing")), std::nullopt);
  fs::remove_all(p.parent_path());
}

TEST(ReadRest, ReadsFromWhereTheFileStandsAndAgainAfterASeekToItsStart) {
  fs::path p = Scratch("b");
  ASSERT_TRUE(WriteFile(p, "hello\nworld\n"));
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::lseek(fd, 6, SEEK_SET), 6);
  EXPECT_EQ(ReadRest(fd), "world\n");
  EXPECT_EQ(ReadRest(fd), "") << "at its end";
  ASSERT_EQ(::lseek(fd, 0, SEEK_SET), 0);
  EXPECT_EQ(ReadRest(fd, 5), "hello");
  ::close(fd);
  EXPECT_EQ(ReadRest(fd), std::nullopt) << "a closed descriptor";
  fs::remove_all(p.parent_path());
}

// A FIFO with no writer would block an open()/read() for ever: the grader must not hang on
// a file a student made.
TEST(ReadFile, DoesNotBlockOnAFifo) {
  fs::path p = Scratch("fifo");
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  std::optional<std::string> got = ReadFile(p);
  EXPECT_TRUE(!got || got->empty());
  fs::remove_all(p.parent_path());
}

TEST(ReadFile, LeavesNoDescriptorForAChildToInherit) {
  fs::path p = Scratch("b");
  ASSERT_TRUE(WriteFile(p, "x"));
  // Every descriptor it opens is closed again; none stays open to be inherited.
  auto count = [] {
    return std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator());
  };
  auto before = count();
  for (int i = 0; i < 10; ++i) ReadFile(p);
  EXPECT_EQ(count(), before);
  fs::remove_all(p.parent_path());
}

TEST(DirNames, ListsWithoutDotEntries) {
  fs::path a = Scratch("x");
  ASSERT_TRUE(WriteFile(a, ""));
  ASSERT_TRUE(WriteFile(Scratch("y"), ""));
  std::vector<std::string> names = DirNames(a.parent_path());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(DirNames("/nonexistent-netgrade").empty());
  fs::remove_all(a.parent_path());
}

}  // namespace
}  // namespace netgrade
