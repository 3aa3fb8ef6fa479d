#include "harness/sandbox/submission_copy.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/remove_tree.h"
#include "tests/support/submission_tree.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A submission copied into a folder of its own, removed with it.
class Copied {
 public:
  explicit Copied(const fs::path& source, const CopyLimits& limits = {}) {
    char tmpl[] = "/tmp/netgrade-copy-test-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp");
    root_ = tmpl;
    try {
      CopySubmission(source, dir(), limits);
    } catch (...) {
      RemoveTree(root_);
      throw;
    }
  }
  ~Copied() { RemoveTree(root_); }
  fs::path dir() const { return root_ / "submission"; }

 private:
  fs::path root_;
};

class SubmissionCopyTest : public testing_support::SubmissionTreeTest {
 protected:
  // The layout error copying the submission gives, "" for none.
  std::string LayoutError(const CopyLimits& limits = {}) {
    try {
      Copied copy(source_, limits);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(SubmissionCopyTest, KeepsTheRwxBitsOnlyAndCopiesASparseFileWhole) {
  fs::permissions(source_ / "server.py", fs::perms::owner_all | fs::perms::set_uid);
  {
    Fd fd(::open((source_ / "hole").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
    ASSERT_EQ(::ftruncate(fd.get(), 1 << 20), 0);
    ASSERT_EQ(::pwrite(fd.get(), "end", 3, (1 << 20) - 3), 3);
  }
  Copied copy(source_);
  struct stat st;
  ASSERT_EQ(::lstat((copy.dir() / "server.py").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u) << "the set-user-ID bit must not survive the copy";
  EXPECT_EQ(fs::file_size(copy.dir() / "hole"), 1u << 20);
  EXPECT_EQ(Read(copy.dir() / "hole").substr((1 << 20) - 3), "end");
}

// A file keeps its modification time: a `make` in the copy, and the choice between an
// executable and its source (plan/submission.h), see the ages the student left.
TEST_F(SubmissionCopyTest, KeepsEachFilesModificationTime) {
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(30);
  fs::last_write_time(source_ / "server.py", old);
  Copied copy(source_);
  EXPECT_EQ(fs::last_write_time(copy.dir() / "server.py"), old);
}

TEST_F(SubmissionCopyTest, ALinkToAFileInsideIsCopiedAsThatFile) {
  fs::create_symlink("lib/util.py", source_ / "util.py");            // relative
  fs::create_symlink(source_ / "server.py", source_ / "lib" / "s");  // absolute, still inside
  Copied copy(source_);
  for (const fs::path& p : {copy.dir() / "util.py", copy.dir() / "lib" / "s"})
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(p))) << p << " should be a file";
  EXPECT_EQ(Read(copy.dir() / "util.py"), "X = 1\n");
  EXPECT_EQ(Read(copy.dir() / "lib" / "s"), "print('hi')\n");
}

TEST_F(SubmissionCopyTest, ALinkToAFolderInsideIsCopiedAsThatFolder) {
  fs::create_symlink("lib", source_ / "modules");
  Copied copy(source_);
  ASSERT_TRUE(fs::is_directory(fs::symlink_status(copy.dir() / "modules")));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(copy.dir() / "modules" / "util.py")));
  EXPECT_EQ(Read(copy.dir() / "modules" / "util.py"), "X = 1\n");
  // Two copies: a change through one is not seen through the other.
  std::ofstream(copy.dir() / "modules" / "util.py") << "changed\n";
  EXPECT_EQ(Read(copy.dir() / "lib" / "util.py"), "X = 1\n");
}

TEST_F(SubmissionCopyTest, ALinkToAFolderThatHoldsItIsALoop) {
  fs::create_symlink("..", source_ / "lib" / "up");
  EXPECT_EQ(LayoutError(),
            "lib/up is a link to .., a folder that holds the link: copying it would never end (a "
            "loop), so remove the link");
}

TEST_F(SubmissionCopyTest, ACircleOfLinksIsALayoutError) {
  fs::create_symlink("b", source_ / "a");
  fs::create_symlink("a", source_ / "b");
  std::string error = LayoutError();
  EXPECT_NE(error.find("a is a link to b, which leads round in a circle of links"),
            std::string::npos)
      << error;
}

TEST_F(SubmissionCopyTest, ALinkToAClassmatesFileIsALayoutErrorNamingBoth) {
  fs::remove(source_ / "server.py");
  fs::create_symlink(outside_ / "server.py", source_ / "server.py");
  EXPECT_EQ(LayoutError(), "server.py is a link to " + (outside_ / "server.py").string() +
                               ", outside your submission: put the file itself in the folder");
}

TEST_F(SubmissionCopyTest, ARelativeLinkOutIsShownAsWrittenAndWhereItLeads) {
  fs::path rel = fs::path("..") / ".." / outside_.filename() / "server.py";
  fs::create_symlink(rel, source_ / "lib" / "theirs.py");
  EXPECT_EQ(LayoutError(), "lib/theirs.py is a link to " + rel.string() + " (" +
                               (outside_ / "server.py").string() +
                               "), outside your submission: put the file itself in the folder");
}

TEST_F(SubmissionCopyTest, ALinkToAFolderOutsideIsALayoutError) {
  fs::create_symlink(outside_, source_ / "shared");
  EXPECT_EQ(LayoutError(),
            "shared is a link to " + outside_.string() +
                ", outside your submission: put the folder itself in your submission");
}

TEST_F(SubmissionCopyTest, AVirtualEnvironmentsLinkOutIsToldToGo) {
  fs::create_directories(source_ / "env" / "bin");
  std::ofstream(source_ / "env" / "pyvenv.cfg") << "home = /usr/bin\n";
  fs::create_symlink(outside_ / "server.py", source_ / "env" / "bin" / "python");
  EXPECT_EQ(LayoutError(), "env/bin/python is a link to " + (outside_ / "server.py").string() +
                               ", outside your submission: env/ is a Python virtual "
                               "environment, which works only where it was made; remove it "
                               "from your submission");
}

TEST_F(SubmissionCopyTest, ALinkToNothingIsALayoutError) {
  fs::create_symlink("gone.py", source_ / "client.py");
  EXPECT_EQ(LayoutError(),
            "client.py is a link to gone.py, which does not exist: put the file itself in the "
            "folder");
}

TEST_F(SubmissionCopyTest, AFifoIsALayoutErrorAndTheCopyDoesNotWaitOnIt) {
  // Opened without O_NONBLOCK, a FIFO nobody writes to would hang the copy (and this test).
  ASSERT_EQ(::mkfifo((source_ / "lib" / "pipe").c_str(), 0644), 0) << std::strerror(errno);
  EXPECT_EQ(LayoutError(),
            "lib/pipe is a named pipe (FIFO), not a file or folder: netgrade copies only files "
            "and folders, so remove it from your submission");
}

TEST_F(SubmissionCopyTest, ALinkToAFifoInsideIsALayoutError) {
  ASSERT_EQ(::mkfifo((source_ / "pipe").c_str(), 0644), 0) << std::strerror(errno);
  fs::create_symlink("pipe", source_ / "input.txt");
  std::string error = LayoutError();
  EXPECT_NE(error.find("input.txt (a link to pipe) is a named pipe (FIFO), not a file or folder"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("\npipe is a named pipe (FIFO)"), std::string::npos)
      << "every problem is named, not only the first:\n"
      << error;
}

TEST_F(SubmissionCopyTest, ASocketIsALayoutError) {
  Fd s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_TRUE(s);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string path = (source_ / "sock").string();
  ASSERT_LT(path.size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, path.c_str());
  ASSERT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0)
      << std::strerror(errno);
  ASSERT_TRUE(fs::is_socket(source_ / "sock"));
  EXPECT_EQ(LayoutError(),
            "sock is a socket, not a file or folder: netgrade copies only files and folders, so "
            "remove it from your submission");
}

TEST_F(SubmissionCopyTest, ADeviceNodeIsALayoutError) {
  if (::mknod((source_ / "null").c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0)
    GTEST_SKIP() << "mknod: " << std::strerror(errno) << " (needs root)";
  EXPECT_EQ(LayoutError(),
            "null is a device file, not a file or folder: netgrade copies only files and "
            "folders, so remove it from your submission");
}

// Also for root, which could read them: the program, run as the owner, could not.
TEST_F(SubmissionCopyTest, AnUnreadableFileIsALayoutErrorNamingIt) {
  fs::permissions(source_ / "lib" / "util.py", fs::perms::none);
  EXPECT_EQ(LayoutError(),
            "lib/util.py cannot be read (its permissions are 0000): make it readable (chmod u+r "
            "lib/util.py)");
}

TEST_F(SubmissionCopyTest, AnUnreadableFolderIsALayoutErrorNamingIt) {
  fs::permissions(source_ / "lib", fs::perms::none);
  EXPECT_EQ(LayoutError(),
            "the folder lib cannot be read (its permissions are 0000): make it readable (chmod "
            "u+rx lib)");
}

TEST_F(SubmissionCopyTest, AnUnreadableSubmissionFolderIsALayoutError) {
  fs::permissions(source_, fs::perms::none);
  std::string error = LayoutError();
  fs::permissions(source_, fs::perms::owner_all);
  EXPECT_EQ(error,
            "the submission folder cannot be opened (its permissions are 0000): make it "
            "readable (chmod u+rx on it)");
}

TEST_F(SubmissionCopyTest, UpToTheLimitOfEntriesEverythingIsCopiedPastItNothing) {
  // server.py, lib and lib/util.py: three entries.
  EXPECT_EQ(LayoutError({.max_entries = 3}), "");
  std::ofstream(source_ / "notes.txt") << "x\n";
  EXPECT_EQ(LayoutError({.max_entries = 3}),
            "the submission holds 4 files and folders; at most 3 are copied: remove build "
            "outputs or virtual environments");
}

TEST_F(SubmissionCopyTest, TwoThousandAndOneFilesAreALayoutErrorNamingTheFolderThatHoldsThem) {
  fs::create_directories(source_ / "venv");
  for (int i = 0; i < 2001; ++i) std::ofstream(source_ / "venv" / std::to_string(i)).close();
  // 2001 files and venv itself, with server.py, lib and lib/util.py.
  EXPECT_EQ(LayoutError(),
            "the submission holds 2005 files and folders; at most 2000 are copied: remove build "
            "outputs or virtual environments (venv/ holds 2001 of them)");
}

TEST_F(SubmissionCopyTest, ABigFileIsALayoutErrorNamingIt) {
  // Sparse: 65 MiB that take no room and no time to make.
  Fd fd(::open((source_ / "lib" / "capture.pcap").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  ASSERT_EQ(::ftruncate(fd.get(), 65 << 20), 0);
  EXPECT_EQ(LayoutError(),
            "the submission holds 65 MiB of files; at most 64 MiB are copied: remove large files "
            "and build outputs (the largest is lib/capture.pcap, 65 MiB)");
}

}  // namespace
}  // namespace netgrade::sandbox
