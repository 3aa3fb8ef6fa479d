// What a transport spec must hold together once read whole (spec_checks.cc): two copies of
// the sender and their fairness, a kernel TCP flow beside the sender and its share.
#include <gtest/gtest.h>

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
  EXPECT_EQ(c.transfer->copies, 2);
  EXPECT_EQ(c.transfer->second_after_ms, 1500);
  EXPECT_DOUBLE_EQ(*c.expect.transport->fairness_at_least, 0.9);
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
  EXPECT_TRUE(c.transfer->beside_tcp);
  EXPECT_DOUBLE_EQ(*c.expect.transport->share_at_least, 0.3);
  EXPECT_DOUBLE_EQ(*c.expect.transport->share_at_most, 0.7);
  EXPECT_FALSE(r.spec->cases[1].transfer->beside_tcp) << "not the default";
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
