// What a transport spec must hold together once read whole (spec_checks.cc): two copies of
// the sender and their fairness, a kernel TCP flow beside the sender and its share.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "harness/kinds/transport/spec_keys.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/spec_text.h"

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::OneErrorAt;
using testing_text::Replaced;

// Two copies of the sender (`copies: 2`) and their fairness.
TEST(TransportSpec, TwoCopiesAndAFairnessLoad) {
  std::string yaml = Replaced(kSpec, "photo.bin, draw: bytes, size: 3000",
                              "photo.bin, draw: bytes, size: 6000000");
  yaml = Replaced(yaml, "transfer: {file: photo.bin, window: 20}",
                  "transfer: {file: photo.bin, window: 20, copies: 2, second_after: 1500ms}");
  yaml = Replaced(yaml, "expect: {delivered: true, well_formed: true}",
                  "expect: {delivered: true, fairness: {at_least: 90%}}");
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_TRUE(r.errors.empty()) << All(r);
  const Case& c = r.spec->cases[0];
  EXPECT_EQ(transport::TransferOf(c)->copies, 2);
  EXPECT_EQ(transport::TransferOf(c)->second_after_ms, 1500);
  EXPECT_DOUBLE_EQ(*transport::ExpectOf(c.expect)->fairness_at_least, 0.9);
}

TEST(TransportSpec, AFairnessOfOneCopyIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {fairness: {at_least: 0.9}}"),
             "{fairness", "give case 's' 'copies: 2'");
}

TEST(TransportSpec, AFairnessOfAHalfOrLessAsksNothing) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {fairness: {at_least: 0.5}}"),
             "0.5}", "at least 0.5 whatever they get");
}

TEST(TransportSpec, AFileTheFirstCopySendsBeforeTheSecondStartsIsAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, copies: 2}"),
             "{file: photo.bin, window: 20, copies", "5000000 bytes or more");
}

TEST(TransportSpec, TwoCopiesOfAReceiverAreAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: incoming.bin, window: 8}",
                      "transfer: {file: incoming.bin, window: 8, copies: 2}"),
             "{file: incoming.bin", "this case's role receives");
}

// A sender's command line that names another file or WINDOW than its transfer: a right program
// would send what netgrade's receiver does not compare with (an instructor's lab kept the two in
// step by hand).
TEST(TransportSpec, ASendersArgvNamesTheTransfersFileAndWindow) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: incoming.bin, window: 20}"),
             "{file: incoming.bin, window: 20}", "does not name that file");
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 12}"),
             "{file: photo.bin, window: 12}",
             "has no argument 12: give the program the same WINDOW");
  // A case's own argv is the one read.
  LoadResult r =
      LoadSpecString(Replaced(kSpec, "    transfer: {file: photo.bin, window: 20}\n",
                              "    argv: [\"{host}\", \"{port}\", files/incoming.bin, \"12\"]\n"
                              "    transfer: {file: incoming.bin, window: 12}\n"),
                     "f.yaml");
  EXPECT_TRUE(r.errors.empty()) << All(r);
}

// A kernel TCP flow beside the sender (`beside: tcp`) and the sender's share (`share:`).
TEST(TransportSpec, AFlowBesideTcpAndItsShareLoad) {
  std::string yaml = Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                              "transfer: {file: photo.bin, window: 20, beside: tcp}");
  yaml = Replaced(yaml, "expect: {delivered: true, well_formed: true}",
                  "expect: {delivered: true, share: {at_least: 30%, at_most: 70%}}");
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_TRUE(r.errors.empty()) << All(r);
  const Case& c = r.spec->cases[0];
  EXPECT_TRUE(transport::TransferOf(c)->beside_tcp);
  EXPECT_DOUBLE_EQ(*transport::ExpectOf(c.expect)->share_at_least, 0.3);
  EXPECT_DOUBLE_EQ(*transport::ExpectOf(c.expect)->share_at_most, 0.7);
  EXPECT_FALSE(transport::TransferOf(r.spec->cases[1])->beside_tcp) << "not the default";
}

TEST(TransportSpec, AShareWithoutAFlowBesideIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {share: {at_least: 30%}}"),
             "{at_least: 30%}", "give case 's' 'beside: tcp' in its transfer");
}

TEST(TransportSpec, AShareWhoseBoundsCrossIsAnError) {
  std::string yaml = Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                              "transfer: {file: photo.bin, window: 20, beside: tcp}");
  OneErrorAt(Replaced(yaml, "expect: {delivered: true, well_formed: true}",
                      "expect: {share: {at_least: 70%, at_most: 30%}}"),
             "30%}", "must be more than 'at_least' (70%)");
  OneErrorAt(Replaced(yaml, "expect: {delivered: true, well_formed: true}", "expect: {share: {}}"),
             "{}}", "'at_least', 'at_most' or both");
}

TEST(TransportSpec, OnlyTcpMayRunBeside) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, beside: quic}"),
             "quic", "tcp");
}

TEST(TransportSpec, AFlowBesideALinkWithoutARateIsAnError) {
  std::string yaml = Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                              "transfer: {file: photo.bin, window: 20, beside: tcp}");
  OneErrorAt(Replaced(yaml, "link: {rate: 10Mbit, delay: 50ms, queue: 100}",
                      "link: {delay: 50ms, queue: 100}"),
             "{delay: 50ms, queue: 100}", "give the link a 'rate'");
}

TEST(TransportSpec, AFlowBesideAReceiverOrBesideTwoCopiesIsAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: incoming.bin, window: 8}",
                      "transfer: {file: incoming.bin, window: 8, beside: tcp}"),
             "{file: incoming.bin", "this case's role receives");
  std::string yaml = Replaced(kSpec, "photo.bin, draw: bytes, size: 3000",
                              "photo.bin, draw: bytes, size: 6000000");
  OneErrorAt(Replaced(yaml, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, copies: 2, beside: tcp}"),
             "{file: photo.bin, window: 20, copies", "two cases");
}

}  // namespace
}  // namespace netgrade::spec

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::Replaced;
using testing_text::Where;

// A folder of the test's own holding an empty "instructor" folder: where a spec of `yaml`
// (f.yaml) names its peer's program.
class PeerProgramSpec : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "netgrade-peer-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directory(dir_ / "instructor");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  LoadResult Load(const std::string& yaml) const {
    return LoadSpecString(yaml, (dir_ / "f.yaml").string());
  }
  // The one error of `yaml`, at `needle`'s place, holding `phrase`.
  void OneErrorAt(const std::string& yaml, const std::string& needle,
                  const std::string& phrase) const {
    LoadResult r = Load(yaml);
    ASSERT_EQ(r.errors.size(), 1u) << All(r);
    const std::string e = r.errors[0].ToString();
    const std::string at = Where(yaml, needle, (dir_ / "f.yaml").string()) + ": ";
    EXPECT_EQ(e.rfind(at, 0), 0u) << "expected at " << at << ": " << e;
    EXPECT_NE(e.find(phrase), std::string::npos) << "no \"" << phrase << "\" in " << e;
  }

  std::filesystem::path dir_;
};

TEST_F(PeerProgramSpec, AnInstructorsReceiverPlaysTheSendersCaseAndItsSenderTheReceivers) {
  std::string yaml =
      Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
               "transfer: {file: photo.bin, window: 20, peer: {folder: instructor}}");
  yaml = Replaced(yaml, "transfer: {file: incoming.bin, window: 8}",
                  "transfer: {file: incoming.bin, peer: {folder: instructor, argv: "
                  "[\"{host}\", \"{port}\", incoming.bin, \"4\"]}}");
  LoadResult r = Load(yaml);
  ASSERT_TRUE(r.errors.empty()) << All(r);
  const PeerProgram& to_sender = *r.spec->cases[0].peer_program;
  EXPECT_EQ(to_sender.role, "receiver");
  EXPECT_EQ(to_sender.folder, (dir_ / "instructor").string());
  EXPECT_EQ(to_sender.written, "instructor");
  EXPECT_FALSE(to_sender.argv.has_value());
  const PeerProgram& to_receiver = *r.spec->cases[1].peer_program;
  EXPECT_EQ(to_receiver.role, "sender");
  ASSERT_TRUE(to_receiver.argv.has_value());
  EXPECT_EQ(to_receiver.argv->at(2), "incoming.bin");
  EXPECT_EQ(transport::TransferOf(r.spec->cases[1])->window, 0)
      << "the instructor's sender chooses";
}

TEST_F(PeerProgramSpec, AFolderThatIsNotThereIsAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, peer: {folder: teacher}}"),
             "teacher", "the peer's folder 'teacher' is not there");
}

TEST_F(PeerProgramSpec, AFolderOutsideTheLabIsAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, peer: {folder: ../x}}"),
             "../x", "no '..'");
}

TEST_F(PeerProgramSpec, AnInstructorsSenderThatIsNotGivenTheFileIsAnError) {
  OneErrorAt(Replaced(kSpec, "transfer: {file: incoming.bin, window: 8}",
                      "transfer: {file: incoming.bin, peer: {folder: instructor}}"),
             "{folder: instructor}",
             "the command line of the instructor's sender does not name it");
}

TEST_F(PeerProgramSpec, TwoCopiesAgainstAnInstructorsReceiverAreAnError) {
  std::string yaml = Replaced(kSpec, "photo.bin, draw: bytes, size: 3000",
                              "photo.bin, draw: bytes, size: 6000000");
  OneErrorAt(Replaced(yaml, "transfer: {file: photo.bin, window: 20}",
                      "transfer: {file: photo.bin, window: 20, copies: 2, peer: {folder: "
                      "instructor}}"),
             "{folder: instructor}", "netgrade's own receiver plays against the two copies");
}

TEST_F(PeerProgramSpec, AKernelTcpFlowBesideTheSenderAndAnInstructorsReceiverIsNoError) {
  LoadResult r = Load(Replaced(kSpec, "transfer: {file: photo.bin, window: 20}",
                               "transfer: {file: photo.bin, window: 20, beside: tcp, peer: "
                               "{folder: instructor}}"));
  ASSERT_TRUE(r.errors.empty()) << All(r);
  EXPECT_TRUE(transport::TransferOf(r.spec->cases[0])->beside_tcp);
  EXPECT_TRUE(r.spec->cases[0].peer_program.has_value());
}

TEST_F(PeerProgramSpec, LosingTheFinsAckByPlanAgainstAnInstructorsSenderIsAnError) {
  OneErrorAt(Replaced(Replaced(kSpec, "transfer: {file: incoming.bin, window: 8}",
                               "transfer: {file: incoming.bin, peer: {folder: instructor, "
                               "argv: [\"{host}\", \"{port}\", incoming.bin]}}"),
                      "link: {delay: 5ms, back: {corrupt_at: [2, 5]}}",
                      "link: {delay: 5ms, out: {lose_fin_ack: 1}}"),
             "{delay: 5ms, out", "lose packets by number");
}

}  // namespace
}  // namespace netgrade::spec
