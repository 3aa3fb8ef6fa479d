// Submissions netgrade will not copy, through the built binary: a FIFO and a socket (made
// here: git cannot store them) and a link to a classmate's program. Each is a layout error,
// exit 2, naming the file; a class's other submissions are still graded; and nothing is left
// in the temporary directory (a TMPDIR of the test's own, so other graders do not count).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using testing_cli::Ran;
using testing_cli::RunNetgrade;

const char kReference[] = "reference/tcp-capitalize/python";

std::string Shown(const Ran& ran) { return "stdout:\n" + ran.out + "\nstderr:\n" + ran.err; }

class SubmissionLayout : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/netgrade-cli-layout-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    base_ = tmpl;
    for (const char* d : {"tmp", "student", "classmate"}) fs::create_directories(base_ / d);
    fs::permissions(base_, fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
  }
  void TearDown() override { fs::remove_all(base_); }

  Ran Check(const std::vector<std::string>& submissions) {
    std::vector<std::string> args = {"check", "specs/tcp-capitalize.yaml", "--case",
                                     "server-one-line"};
    for (const std::string& s : submissions) args.insert(args.end(), {"--submission", s});
    return RunNetgrade(args, {"TMPDIR=" + (base_ / "tmp").string()});
  }
  // What netgrade left in its temporary directory.
  std::string Leftovers() {
    std::string out;
    for (const auto& e : fs::directory_iterator(base_ / "tmp")) out += e.path().string() + "\n";
    return out;
  }
  void CopyServer(const fs::path& dir) {
    fs::copy_file(fs::path(NETGRADE_SOURCE_DIR) / kReference / "server.py", dir / "server.py");
  }
  // A FIFO and a bound AF_UNIX socket in the student's folder, beside a working server.
  void MakeHostile() {
    fs::path student = base_ / "student";
    CopyServer(student);
    ASSERT_EQ(::mkfifo((student / "pipe").c_str(), 0644), 0) << std::strerror(errno);
    int s = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(s, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string path = (student / "sock").string();
    ASSERT_LT(path.size(), sizeof addr.sun_path);
    std::strcpy(addr.sun_path, path.c_str());
    int bound = ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::close(s);
    ASSERT_EQ(bound, 0) << std::strerror(errno);
  }

  fs::path base_;
};

TEST_F(SubmissionLayout, AFifoAndASocketAreALayoutErrorNamingEach) {
  MakeHostile();
  Ran ran = Check({(base_ / "student").string()});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("pipe is a named pipe (FIFO), not a file or folder: netgrade copies "
                         "only files and folders, so remove it from your submission"),
            std::string::npos)
      << Shown(ran);
  EXPECT_NE(ran.err.find("sock is a socket, not a file or folder"), std::string::npos)
      << Shown(ran);
  EXPECT_EQ(ran.out.find("PASS"), std::string::npos) << "nothing was graded\n" << Shown(ran);
  EXPECT_EQ(Leftovers(), "");
}

// The attack: server.py a link to a classmate's working server. Graded at the link's
// target, it would score full marks.
TEST_F(SubmissionLayout, ALinkToAClassmatesProgramScoresNothing) {
  CopyServer(base_ / "classmate");
  fs::create_symlink(base_ / "classmate" / "server.py", base_ / "student" / "server.py");
  Ran ran = Check({(base_ / "student").string()});
  EXPECT_EQ(ran.status, 2) << Shown(ran);
  EXPECT_NE(ran.err.find("server.py is a link to " + (base_ / "classmate" / "server.py").string() +
                         ", outside your submission: put the file itself in the folder"),
            std::string::npos)
      << Shown(ran);
  EXPECT_EQ(ran.out.find("Score"), std::string::npos) << "a score was given\n" << Shown(ran);
  EXPECT_EQ(Leftovers(), "");
}

TEST_F(SubmissionLayout, InAClassTheOtherSubmissionsAreStillGraded) {
  MakeHostile();
  Ran ran = Check({(base_ / "student").string(), kReference});
  EXPECT_EQ(ran.status, 1) << Shown(ran);
  EXPECT_NE(ran.err.find("pipe is a named pipe (FIFO)"), std::string::npos) << Shown(ran);
  EXPECT_NE(ran.out.find("  PASS  server-one-line"), std::string::npos) << Shown(ran);
  EXPECT_EQ(Leftovers(), "");
}

}  // namespace
}  // namespace netgrade
