// netgrade check on a transport lab kept outside the repository whose case plays the
// instructor's own receiver (transfer: {peer: {folder: instructor}}): netgrade builds it once as
// it builds a student's C++, runs it as the peer, and grades the student's sender against it;
// an instructor's folder without the program, or whose program does not build, is the lab's
// layout error (exit status 2), never a student's failure.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/netgrade_binary.h"
#include "tests/cli/peer_lab.h"

namespace netgrade::testing_cli {
namespace {

namespace fs = std::filesystem;

// A lab folder (peer_lab.h) with `receiver` as the instructor's receiver.cc (none when empty);
// removed after the test.
class PeerProgramLab : public ::testing::Test {
 protected:
  void Make(const std::string& receiver) {
    std::string tmpl = (fs::temp_directory_path() / "netgrade-peer-lab-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    if (receiver.empty())
      WritePeerLab(dir_, {});
    else
      WritePeerLab(dir_, {{"receiver.cc", receiver}});
  }
  void TearDown() override { fs::remove_all(dir_); }
  Ran Check() const {
    return RunNetgrade({"check", (dir_ / "rt.yaml").string(), "-s", (dir_ / "alice").string(),
                        "--case", "against-instructor"});
  }

  fs::path dir_;
};

TEST_F(PeerProgramLab, TheInstructorsCppReceiverIsBuiltAndPlaysAgainstTheStudentsSender) {
  Make(SourceText("reference/reliable-transfer/cpp/receiver.cc"));
  Ran r = Check();
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("The instructor's receiver (instructor/) played against sender.py"),
            std::string::npos)
      << r.out;
  // The instructor's folder is left as it was: built and run in copies of its own.
  EXPECT_FALSE(fs::exists(dir_ / "instructor" / "receiver"));
  EXPECT_FALSE(fs::exists(dir_ / "instructor" / "out.bin"));
}

// One folder holds both of the instructor's programs: each plays the peer of the other role's
// cases, in the case's own network (this test's mode: root with namespaces).
TEST_F(PeerProgramLab, OneFolderPlaysTheReceiverOfOneCaseAndTheSenderOfAnother) {
  Make("");
  std::ofstream(dir_ / "instructor" / "receiver.py")
      << SourceText("reference/reliable-transfer/python/receiver.py");
  std::ofstream(dir_ / "instructor" / "sender.py")
      << SourceText("reference/reliable-transfer/python/sender.py");
  // Its temporary folder of its own: every copy (the student's, the instructor's) is gone after.
  fs::create_directory(dir_ / "tmp");
  fs::permissions(dir_ / "tmp", fs::perms::all);
  Ran r = RunNetgrade({"check", (dir_ / "rt.yaml").string(), "-s", (dir_ / "alice").string()},
                      {"TMPDIR=" + (dir_ / "tmp").string()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  against-instructor"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  from-instructor"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp")) << "a copy was left behind";
}

TEST_F(PeerProgramLab, AnInstructorsFolderWithoutTheReceiverIsTheLabsLayoutError) {
  Make("");
  Ran r = Check();
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("the peer's folder 'instructor' (case 'against-instructor'"),
            std::string::npos)
      << r.err;
}

TEST_F(PeerProgramLab, AnInstructorsReceiverThatDoesNotBuildIsTheLabsLayoutError) {
  Make("int main() { return undeclared; }\n");
  Ran r = Check();
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("the instructor's receiver did not build"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace netgrade::testing_cli
