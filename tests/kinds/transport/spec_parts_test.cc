// A transport lab's parts as the spec holds them (spec::KindPart) and reads them back
// (PacketOf, LinkOf, TransferOf, ExpectOf), and written for a test or the loader (Edit*),
// without touching a copy of the spec that shares them.
#include "harness/kinds/transport/spec_parts.h"

#include <gtest/gtest.h>

#include "harness/kinds/icmp/spec_parts.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/spec_text.h"
#include "tests/support/words_golden.h"

namespace netgrade::transport {
namespace {

using spec::testing_text::All;
using spec::testing_text::kSpec;
using spec::testing_text::Replaced;
using spec::testing_text::Where;

TEST(TransportParts, ALoadedSpecHoldsItsPacketAndEachCaseItsLinkTransferAndExpect) {
  spec::LoadResult r = spec::LoadSpecString(kSpec, "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  ASSERT_TRUE(PacketOf(*r.spec));
  EXPECT_EQ(PacketOf(*r.spec)->payload_max, 1000);
  const spec::Case& sender = r.spec->cases[0];
  ASSERT_TRUE(LinkOf(sender) && TransferOf(sender) && ExpectOf(sender.expect));
  EXPECT_EQ(LinkOf(sender)->out.delay_ms, 50);
  EXPECT_EQ(TransferOf(sender)->window, 20);
  EXPECT_TRUE(ExpectOf(sender.expect)->delivered);
  EXPECT_FALSE(ExpectOf(r.spec->cases[1].expect)->delivered);
}

TEST(TransportParts, ACaseOfAnotherKindHasNone) {
  spec::Spec s;
  spec::Case c;
  EXPECT_EQ(PacketOf(s), nullptr);
  EXPECT_EQ(LinkOf(c), nullptr);
  EXPECT_EQ(TransferOf(c), nullptr);
  EXPECT_EQ(ExpectOf(c.expect), nullptr);
  // A part of another kind is not read as this one's.
  c.kind_part = std::make_shared<spec::IcmpCasePart>();
  EXPECT_EQ(LinkOf(c), nullptr);
  EXPECT_EQ(TransferOf(c), nullptr);
}

// A copy of a case shares its parts (read only): writing one copy's leaves the other's as it
// was, and what was there is kept in the copy written.
TEST(TransportParts, EditingACasesPartLeavesItsCopiesAlone) {
  spec::Case c;
  EditCase(c)->transfer.emplace().window = 8;
  EditCase(c)->link.emplace().out.delay_ms = 10;
  spec::Case copy = c;
  EditCase(copy)->transfer->window = 20;
  EditExpect(copy.expect)->delivered = true;
  EXPECT_EQ(TransferOf(c)->window, 8);
  EXPECT_EQ(TransferOf(copy)->window, 20);
  EXPECT_EQ(LinkOf(copy)->out.delay_ms, 10);
  EXPECT_EQ(ExpectOf(c.expect), nullptr);
  EXPECT_TRUE(ExpectOf(copy.expect)->delivered);
}

// A case holds one kind's part: in an ICMP spec (whose cases hold their path), `link:` and an
// `expect` key of this kind are errors at their place, not a part that takes the path's.
TEST(TransportParts, TransportKeysInAnIcmpCaseAreErrorsAtTheirPlace) {
  const std::string yaml =
      "exercise: pinger\n"
      "protocol: icmp\n"
      "roles:\n"
      "  pinger: {names: [pinger], listens: false, argv: [\"{host}\", \"2\"]}\n"
      "cases:\n"
      "  - name: plain\n"
      "    role: pinger\n"
      "    path: {routers: 2}\n"
      "    link: {delay: 5ms}\n"
      "    expect: {echo_requests: 2, delivered: true}\n";
  spec::LoadResult r = spec::LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 2u) << All(r);
  EXPECT_EQ(r.errors[0].ToString().substr(0, Where(yaml, "{delay").size()), Where(yaml, "{delay"));
  EXPECT_EQ(r.errors[1].ToString().substr(0, Where(yaml, "true}").size()), Where(yaml, "true}"));
  testing_support::ExpectWordsOf("link", r.errors[0].message);
  testing_support::ExpectWordsOf("delivered", r.errors[1].message);
}

// The other way, as before the parts moved: a TCP spec's `link:` is the error the spec's checks
// give (CheckTransportSpec).
TEST(TransportParts, ALinkInATcpSpecIsAnErrorAtItsPlace) {
  std::string yaml = Replaced(kSpec, "protocol: transport\n", "protocol: tcp\n");
  spec::LoadResult r = spec::LoadSpecString(yaml, "f.yaml");
  ASSERT_FALSE(r.ok());
  bool found = false;
  for (const spec::SpecError& e : r.errors)
    found = found || e.ToString().rfind(Where(yaml, "{rate: 10Mbit"), 0) == 0;
  EXPECT_TRUE(found) << All(r);
}

}  // namespace
}  // namespace netgrade::transport
