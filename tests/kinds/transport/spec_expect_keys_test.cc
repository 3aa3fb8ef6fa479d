// A transport lab's `expect:` keys as the loader reads them (spec_expect_keys.cc): the goodput's
// tiers and formula, the queueing delay, a share beside TCP, and the errors at their place.
#include <gtest/gtest.h>

#include "harness/kinds/transport/spec_keys.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/spec_text.h"

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::OneErrorAt;
using testing_text::Replaced;

// `hints:` may name the kind's codes in a transport case; a misspelt one is told with the code
// it nearly is; another kind's case may not name them (they could never be shown there).
TEST(TransportExpectKeys, AHintMayNameOneOfTheKindsCodes) {
  LoadResult r = LoadSpecString(
      Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
               "expect: {delivered: true, hints: {stop_and_wait: \"pipeline: see 3.4.3\"}}"),
      "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  EXPECT_EQ(r.spec->cases[0].expect.hints.at("stop_and_wait"), "pipeline: see 3.4.3");
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {delivered: true, hints: {stop_and_wiat: x}}"),
             "stop_and_wiat", "did you mean 'stop_and_wait'");
  LoadResult tcp = LoadSpecString(
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
      "  - {name: a, role: server, peer: {connections: [{send: [hi]}]},\n"
      "     expect: {replies: upper, hints: {stop_and_wait: x}}}\n",
      "f.yaml");
  ASSERT_EQ(tcp.errors.size(), 1u) << All(tcp);
  EXPECT_NE(tcp.errors[0].message.find("unknown key 'stop_and_wait'"), std::string::npos)
      << tcp.errors[0].message;
}

TEST(TransportExpectKeys, AQueueDelayWithoutItsBoundIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {queue_delay: {from: 2s}}"),
             "{from: 2s}", "at_most");
}

TEST(TransportExpectKeys, ASpuriousShareOverAllIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {resends: {spurious_at_most: 120%}}"),
             "120%", "spurious_at_most");
}

// Partial credit by goodput: the tiers, lowest first; the first is the pass mark.
TEST(TransportExpectKeys, GoodputTiersLoadAndTheFirstIsThePassMark) {
  LoadResult r = LoadSpecString(
      Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
               "points: 3\n    expect:\n      goodput:\n        tiers:\n"
               "          - {at_least: 50%, points: 1}\n          - {at_least: 0.75, points: 2}\n"
               "          - {at_least: 90%, points: 3}"),
      "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const TransportExpect& x = *transport::ExpectOf(r.spec->cases[0].expect);
  ASSERT_EQ(x.goodput_tiers.size(), 3u);
  EXPECT_DOUBLE_EQ(x.goodput_tiers[1].at_least, 0.75);
  EXPECT_EQ(x.goodput_tiers[2].points, 3);
  EXPECT_EQ(x.goodput_at_least, 0.5);
}

TEST(TransportExpectKeys, TiersThatDoNotGoUpAreAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "points: 2\n    expect: {goodput: {tiers: [{at_least: 50%, points: 1}, "
                      "{at_least: 40%, points: 2}]}}"),
             "{at_least: 40%", "tiers go up: each asks more than the one before (50%)");
}

TEST(TransportExpectKeys, TheLastTiersPointsAreTheCases) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {goodput: {tiers: [{at_least: 50%, points: 1}, "
                      "{at_least: 90%, points: 2}]}}"),
             "{at_least: 90%",
             "the last tier gives 2 points, and case 's' is worth 1: make them the same (write "
             "'points: 2' in the case)");
}

TEST(TransportExpectKeys, AnAtLeastBesideTiersIsTheFirstTiersShare) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "points: 2\n    expect: {goodput: {at_least: 60%, tiers: [{at_least: 50%, "
                      "points: 1}, {at_least: 90%, points: 2}]}}"),
             "60%", "'at_least' is where the first tier starts (50%)");
}

// Partial credit by a formula: in proportion from the pass mark to full_at.
TEST(TransportExpectKeys, GoodputFullAtLoadsBesideItsPassMark) {
  LoadResult r = LoadSpecString(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                                         "points: 10\n    expect: {goodput: {at_least: 50%, "
                                         "full_at: 85%}}"),
                                "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const TransportExpect& x = *transport::ExpectOf(r.spec->cases[0].expect);
  EXPECT_EQ(x.goodput_at_least, 0.5);
  EXPECT_EQ(x.goodput_full_at, 0.85);
}

TEST(TransportExpectKeys, FullAtBesideTiersIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "points: 2\n    expect: {goodput: {full_at: 85%, tiers: [{at_least: 50%, "
                      "points: 1}, {at_least: 90%, points: 2}]}}"),
             "85%", "'tiers' gives them in steps: give one of the two");
}

TEST(TransportExpectKeys, FullAtNeedsAPassMarkBelowIt) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "points: 10\n    expect: {goodput: {full_at: 85%}}"),
             "85%", "'full_at' needs the pass mark beside it");
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "points: 10\n    expect: {goodput: {at_least: 90%, full_at: 85%}}"),
             "85%", "'full_at' (85%) must ask more than the pass mark 'at_least' (90%)");
}

TEST(TransportExpectKeys, FullAtOnACaseOfOnePointIsAnError) {
  OneErrorAt(Replaced(kSpec, "expect: {delivered: true, well_formed: true}",
                      "expect: {goodput: {at_least: 50%, full_at: 85%}}"),
             "85%", "case 's' is worth 1: give it more (such as 'points: 10')");
}

TEST(TransportExpectKeys, AShareOverAHundredPercentIsOutOfRange) {
  OneErrorAt(Replaced(kSpec, "rate: 10Mbit", "rate: 10Mbit, loss: 150%"), "150%",
             "'loss' must be from 0 to 1 (0% to 100%), found 150%");
}

}  // namespace
}  // namespace netgrade::spec
