// The instructors' programs a spec's cases play as their peers (run/peer_programs.h): made
// ready once, for the cases graded only, each error naming the folder and the case; and the
// files a case's copy of one gets.
#include "harness/run/peer_programs.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/base/error.h"
#include "harness/spec/load.h"

namespace netgrade::run {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLab = R"(exercise: rt
protocol: transport
packet:
  fields:
    type: {offset: 0, size: 1}
    checksum: {offset: 2, size: 2}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "photo.bin", "8"]}
  receiver: {names: [receiver], listens: true, argv: ["{port}", "out.bin"]}
files:
  - {path: photo.bin, text: "the sender's", roles: [sender]}
  - {path: notes/incoming.bin, text: "the peer's", held_by: peer}
  - {path: other.bin, text: "the receiver's", roles: [receiver]}
cases:
  - name: against-instructor
    role: sender
    transfer: {file: photo.bin, window: 8, peer: {folder: instructor}}
    expect: {delivered: true}
  - name: receive
    role: receiver
    transfer:
      file: notes/incoming.bin
      peer: {folder: instructor, argv: ["{host}", "{port}", "notes/incoming.bin"]}
    expect: {acks: cumulative}
  - name: alone
    role: sender
    transfer: {file: photo.bin, window: 8}
    expect: {delivered: true}
)";

class PeerPrograms : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "netgrade-peers-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directory(dir_ / "instructor");
    spec::LoadResult r = spec::LoadSpecString(kLab, (dir_ / "rt.yaml").string());
    ASSERT_TRUE(r.spec.has_value()) << r.errors[0].ToString();
    spec_ = *r.spec;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  spec::Spec spec_;
};

TEST_F(PeerPrograms, OneFolderIsMadeReadyOnceWithEveryRoleItsGradedCasesPlay) {
  std::ofstream(dir_ / "instructor" / "receiver.py") << "print('the instructor')\n";
  std::ofstream(dir_ / "instructor" / "sender.py") << "print('the instructor')\n";
  GradeOptions options;
  auto prepared = PreparePeerPrograms(spec_, options);
  ASSERT_EQ(prepared.size(), 1u);
  const PreparedSubmission& p = *prepared.at((dir_ / "instructor").string());
  ASSERT_TRUE(p.checked) << "kept, though none of the folder's own cases is graded";
  EXPECT_TRUE(p.programs.count("receiver"));
  EXPECT_TRUE(p.programs.count("sender"));
  // A grading of the case with no peer program needs none.
  options.cases = {"alone"};
  EXPECT_TRUE(PreparePeerPrograms(spec_, options).empty());
}

TEST_F(PeerPrograms, ARoleOnlyAnUngradedCaseNeedsIsNotLookedFor) {
  std::ofstream(dir_ / "instructor" / "receiver.py") << "print('the instructor')\n";
  GradeOptions options;
  options.roles = {"sender"};  // the sender's cases: the instructor's receiver plays
  auto prepared = PreparePeerPrograms(spec_, options);
  ASSERT_EQ(prepared.size(), 1u);
  EXPECT_TRUE(prepared.begin()->second->programs.count("receiver"));
}

TEST_F(PeerPrograms, AFolderWithoutTheProgramIsALayoutErrorNamingTheFolderAndTheCase) {
  try {
    PreparePeerPrograms(spec_, GradeOptions{});
    ADD_FAILURE() << "no receiver, and no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("the peer's folder 'instructor' (case "
                                         "'against-instructor'"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(PeerPrograms, ACopyGetsItsRolesFilesAndThePeersButNotTheOtherRoles) {
  fs::path copy = dir_ / "copy";
  fs::create_directory(copy);
  ASSERT_EQ(PutPeerProgramFiles(spec_, *spec_.cases[0].peer_program, copy), "");
  EXPECT_TRUE(fs::exists(copy / "other.bin")) << "the receiver's own file";
  EXPECT_TRUE(fs::exists(copy / "notes" / "incoming.bin")) << "what netgrade's peer would hold";
  EXPECT_FALSE(fs::exists(copy / "photo.bin")) << "the sender's file is the student's";
}

}  // namespace
}  // namespace netgrade::run
