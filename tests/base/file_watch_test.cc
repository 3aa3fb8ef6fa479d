#include "harness/base/file_watch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/base/fd.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using std::chrono::milliseconds;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "netgrade-watch-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
};

void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// Bounds a test that fails by hanging, never sequences anything: 5 s is never reached when
// the watch works.
constexpr milliseconds kQuiet{50}, kSettle{5000};

TEST(FileWatch, SeesAFileWrittenInTheFolder) {
  TempDir dir;
  FileWatch watch({dir.path});
  Write(dir.path / "server.py", "print('hi')\n");
  std::optional<std::vector<fs::path>> changed = watch.WaitForChange(kQuiet, kSettle);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<fs::path>{dir.path / "server.py"}) << "one entry per file";
}

// sed -i writes a temporary file beside the one it edits and renames it over it: the report
// names the file edited, not sed's temporary (it was "sedaMG6Qz changed").
TEST(FileWatch, AFileRenamedOverAnotherNamesTheOneItBecame) {
  TempDir dir;
  Write(dir.path / "server.py", "print('hi')\n");
  FileWatch watch({dir.path});
  Write(dir.path / "sedaMG6Qz", "print('hello')\n");
  fs::rename(dir.path / "sedaMG6Qz", dir.path / "server.py");
  std::optional<std::vector<fs::path>> changed = watch.WaitForChange(kQuiet, kSettle);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<fs::path>{dir.path / "server.py"});
}

TEST(WhatRemains, KeepsWhatIsThereAndRemovalsAlone) {
  TempDir dir;
  Write(dir.path / "a.py", "");
  EXPECT_EQ(WhatRemains({dir.path / "tmp1", dir.path / "a.py"}),
            std::vector<fs::path>{dir.path / "a.py"});
  EXPECT_EQ(WhatRemains({dir.path / "gone.py", dir.path / "other.py"}),
            (std::vector<fs::path>{dir.path / "gone.py", dir.path / "other.py"}));
}

TEST(FileWatch, SeesATouchedFile) {
  TempDir dir;
  Write(dir.path / "client.c", "int main(){}\n");
  FileWatch watch({dir.path});
  fs::last_write_time(dir.path / "client.c", fs::file_time_type::clock::now());
  std::optional<std::vector<fs::path>> changed = watch.WaitForChange(kQuiet, kSettle);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<fs::path>{dir.path / "client.c"});
}

TEST(FileWatch, SeesFilesInSubfoldersAlsoOnesMadeAfterTheStart) {
  TempDir dir;
  fs::create_directory(dir.path / "old");
  FileWatch watch({dir.path});
  Write(dir.path / "old" / "a.py", "");
  ASSERT_TRUE(watch.WaitForChange(kQuiet, kSettle));
  fs::create_directory(dir.path / "new");
  ASSERT_TRUE(watch.WaitForChange(kQuiet, kSettle));  // the folder itself is a change
  Write(dir.path / "new" / "b.py", "");
  std::optional<std::vector<fs::path>> changed = watch.WaitForChange(kQuiet, kSettle);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<fs::path>{dir.path / "new" / "b.py"});
}

// The ignored files are written first; the real change after them ends the wait, and it is
// the only one reported: had an ignored file counted, it would be in the list.
TEST(FileWatch, IgnoresEditorTemporaryFilesAndCaches) {
  TempDir dir;
  fs::create_directory(dir.path / "__pycache__");
  FileWatch watch({dir.path});
  for (const char* name : {".server.py.swp", "server.py~", ".#server.py", "4913", "#server.py#"})
    Write(dir.path / name, "x");
  Write(dir.path / "__pycache__" / "server.cpython-311.pyc", "x");
  fs::create_directory(dir.path / "__pycache__" / "deeper");
  Write(dir.path / "server.py", "print('hi')\n");
  std::optional<std::vector<fs::path>> changed = watch.WaitForChange(kQuiet, kSettle);
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, std::vector<fs::path>{dir.path / "server.py"});
  EXPECT_TRUE(watch.Drain().empty());
}

TEST(FileWatch, OnlyIgnoredChangesLeaveNothingPending) {
  TempDir dir;
  FileWatch watch({dir.path});
  Write(dir.path / ".client.py.swp", "x");
  Write(dir.path / "client.py~", "x");
  // The events are in the queue once the writes returned (inotify queues them synchronously).
  EXPECT_TRUE(watch.Drain().empty());
}

TEST(FileWatch, StopsWhenTheStopDescriptorIsReadable) {
  TempDir dir;
  FileWatch watch({dir.path});
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  Fd read_end(fds[0]), write_end(fds[1]);
  ASSERT_EQ(::write(write_end.get(), "x", 1), 1);
  EXPECT_FALSE(watch.WaitForChange(kQuiet, kSettle, read_end.get()));
}

TEST(FileWatch, NamesOfEditorsAndToolsAreIgnoredOthersAreNot) {
  for (const char* name : {".x.swp", "x.swo", "x~", ".#x", "4913", "__pycache__", "x.pyc", ".git"})
    EXPECT_TRUE(IgnoredChange(name)) << name;
  for (const char* name : {"server.py", "client.c", "Makefile", "tcpServer.py", "swp"})
    EXPECT_FALSE(IgnoredChange(name)) << name;
}

}  // namespace
}  // namespace netgrade
