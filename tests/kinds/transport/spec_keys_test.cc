// A transport lab's spec as the loader reads it (`packet:`, a case's `link:` and `transfer:`,
// its `expect:` keys), the errors it gives at their place, and the rates and traces it parses.
#include "harness/kinds/transport/spec_keys.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/file.h"
#include "harness/spec/load.h"
#include "tests/kinds/transport/spec_text.h"

namespace netgrade::spec {
namespace {

using testing_text::All;
using testing_text::kSpec;
using testing_text::OneErrorAt;
using testing_text::Replaced;
using testing_text::Where;

TEST(TransportSpec, ASpecWithAPacketALinkAndATransferLoads) {
  LoadResult r = LoadSpecString(kSpec, "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const Spec& s = *r.spec;
  EXPECT_EQ(s.protocol, Protocol::kTransport);
  ASSERT_TRUE(transport::PacketOf(s));
  EXPECT_TRUE(transport::PacketOf(s)->big_endian);
  ASSERT_EQ(transport::PacketOf(s)->fields.size(), 5u);
  EXPECT_EQ(transport::PacketOf(s)->fields[3].name, "seq");
  EXPECT_EQ(transport::PacketOf(s)->fields[3].offset, 4);
  EXPECT_EQ(transport::PacketOf(s)->fields[3].size, 4);
  EXPECT_EQ(transport::PacketOf(s)->payload_offset, 10);
  EXPECT_EQ(transport::PacketOf(s)->payload_max, 1000);
  EXPECT_EQ(transport::PacketOf(s)->type_fin, 2);

  ASSERT_EQ(s.cases.size(), 2u);
  const Case& sender = s.cases[0];
  ASSERT_TRUE(transport::TransferOf(sender));
  EXPECT_EQ(transport::TransferOf(sender)->file, "photo.bin");
  EXPECT_EQ(transport::TransferOf(sender)->window, 20);
  EXPECT_EQ(transport::TransferOf(sender)->timeout_ms, 200) << "the default";
  ASSERT_TRUE(transport::LinkOf(sender));
  EXPECT_DOUBLE_EQ(transport::LinkOf(sender)->out.rate_bps, 10e6);
  EXPECT_EQ(transport::LinkOf(sender)->out.delay_ms, 50);
  EXPECT_EQ(transport::LinkOf(sender)->out.queue_packets, 100);
  EXPECT_DOUBLE_EQ(transport::LinkOf(sender)->back.rate_bps, 10e6)
      << "the link's keys apply both ways";
  EXPECT_EQ(transport::LinkOf(sender)->back.queue_packets, 100);
  ASSERT_TRUE(transport::ExpectOf(sender.expect));
  EXPECT_TRUE(transport::ExpectOf(sender.expect)->delivered);
  EXPECT_TRUE(transport::ExpectOf(sender.expect)->well_formed);
  EXPECT_FALSE(transport::ExpectOf(sender.expect)->acks);

  const Case& receiver = s.cases[1];
  ASSERT_TRUE(transport::LinkOf(receiver));
  EXPECT_EQ(transport::LinkOf(receiver)->back.corrupt_at, (std::vector<int>{2, 5}));
  EXPECT_TRUE(transport::LinkOf(receiver)->out.corrupt_at.empty()) << "`back:` is one direction's";
  EXPECT_EQ(transport::LinkOf(receiver)->out.delay_ms, 5);
  EXPECT_EQ(transport::LinkOf(receiver)->back.delay_ms, 5);
  ASSERT_TRUE(transport::ExpectOf(receiver.expect));
  EXPECT_TRUE(transport::ExpectOf(receiver.expect)->acks);
}

TEST(TransportSpec, TheReliableTransferSpecLoadsWithTheContractsPacket) {
  LoadResult r = LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/reliable-transfer.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const Spec& s = *r.spec;
  ASSERT_TRUE(transport::PacketOf(s));
  struct {
    const char* name;
    int offset, size;
  } want[] = {{"type", 0, 1}, {"flags", 1, 1}, {"checksum", 2, 2}, {"seq", 4, 4}, {"len", 8, 2}};
  ASSERT_EQ(transport::PacketOf(s)->fields.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(transport::PacketOf(s)->fields[i].name, want[i].name);
    EXPECT_EQ(transport::PacketOf(s)->fields[i].offset, want[i].offset) << want[i].name;
    EXPECT_EQ(transport::PacketOf(s)->fields[i].size, want[i].size) << want[i].name;
  }
  EXPECT_TRUE(transport::PacketOf(s)->big_endian);
  EXPECT_EQ(transport::PacketOf(s)->payload_offset, 10);
  EXPECT_EQ(transport::PacketOf(s)->payload_max, 1000);
  EXPECT_EQ(transport::PacketOf(s)->type_data, 0);
  EXPECT_EQ(transport::PacketOf(s)->type_ack, 1);
  EXPECT_EQ(transport::PacketOf(s)->type_fin, 2);

  auto find = [&](const std::string& name) -> const Case& {
    for (const Case& c : s.cases)
      if (c.name == name) return c;
    ADD_FAILURE() << "no case " << name;
    return s.cases[0];
  };
  const Case& lost = find("sender-data-lost");
  ASSERT_TRUE(transport::LinkOf(lost));
  EXPECT_EQ(transport::LinkOf(lost)->out.lose, (std::vector<int>{3, 30}));
  EXPECT_TRUE(transport::LinkOf(lost)->back.lose.empty());
  ASSERT_TRUE(transport::ExpectOf(lost.expect));
  EXPECT_EQ(transport::ExpectOf(lost.expect)->resend_not_before_ms, 100);
  EXPECT_EQ(transport::ExpectOf(lost.expect)->resends_per_timeout, 8);
  EXPECT_EQ(transport::ExpectOf(lost.expect)->in_flight_at_most, 8);
  const Case& fin = find("sender-fin-ack-lost");
  ASSERT_TRUE(transport::LinkOf(fin));
  EXPECT_EQ(transport::LinkOf(fin)->back.lose_fin_ack, 1);
  EXPECT_EQ(transport::LinkOf(fin)->out.lose_fin_ack, 0);
  const Case& lossy = find("sender-lossy-link");
  ASSERT_TRUE(transport::LinkOf(lossy));
  EXPECT_DOUBLE_EQ(transport::LinkOf(lossy)->out.loss, 0.1);
  EXPECT_DOUBLE_EQ(transport::LinkOf(lossy)->back.corrupt, 0.05);
  const Case& throughput = find("sender-throughput");
  ASSERT_TRUE(transport::ExpectOf(throughput.expect));
  EXPECT_EQ(transport::ExpectOf(throughput.expect)->goodput_at_least, 0.5);
  EXPECT_TRUE(transport::ExpectOf(throughput.expect)->in_flight_sliding);
  const Case& reorder = find("receiver-out-of-order");
  ASSERT_TRUE(transport::TransferOf(reorder));
  EXPECT_EQ(transport::TransferOf(reorder)->window, 8);
  EXPECT_DOUBLE_EQ(transport::LinkOf(reorder)->back.reorder, 0.2);
  EXPECT_DOUBLE_EQ(transport::LinkOf(reorder)->out.reorder, 0);
}

TEST(TransportSpec, TheCongestionControlSpecLoadsWithNoWindowAndItsJudgments) {
  LoadResult r = LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/congestion-control.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const Spec& s = *r.spec;
  for (const Case& c : s.cases) {
    ASSERT_TRUE(transport::TransferOf(c)) << c.name;
    EXPECT_EQ(transport::TransferOf(c)->window, 0) << c.name << ": the sender chooses its window";
  }
  auto find = [&](const std::string& name) -> const Case& {
    for (const Case& c : s.cases)
      if (c.name == name) return c;
    ADD_FAILURE() << "no case " << name;
    return s.cases[0];
  };
  const TransportExpect& alone = *transport::ExpectOf(find("alone").expect);
  EXPECT_DOUBLE_EQ(*alone.spurious_at_most, 0.1);
  EXPECT_EQ(alone.goodput_tiers.size(), 2u);
  const TransportExpect& drops = *transport::ExpectOf(find("rate-drops").expect);
  EXPECT_EQ(drops.queue_delay_at_most_ms, 80);
  EXPECT_EQ(drops.queue_delay_from_ms, 2800);
  ASSERT_EQ(transport::LinkOf(find("rate-drops"))->out.changes.size(), 1u);
  EXPECT_TRUE(transport::LinkOf(find("rate-drops"))->back.changes.empty())
      << "the rate drops one way";
  EXPECT_TRUE(transport::ExpectOf(find("outage").expect)->backoff);
}

// ---- errors, each at its place -------------------------------------------------------------

TEST(TransportSpec, ARateOfZeroCarriesNothing) {
  OneErrorAt(Replaced(kSpec, "rate: 10Mbit", "rate: 0Mbit"), "0Mbit",
             "a rate of 0Mbit carries nothing");
}

TEST(TransportSpec, ATraceOutsideTheSpecsFolderIsRefused) {
  std::string yaml = Replaced(kSpec, "rate: 10Mbit", "trace: /etc/passwd");
  OneErrorAt(yaml, "/etc/passwd", "'trace' names a file beside the spec or in a folder under it");
  OneErrorAt(Replaced(kSpec, "rate: 10Mbit", "trace: ../x.trace"), "../x.trace",
             "(no '..', not absolute)");
}

TEST(TransportSpec, ARateWithoutItsUnitIsAnError) {
  std::string yaml = Replaced(kSpec, "rate: 10Mbit", "rate: 10");
  OneErrorAt(yaml, "10, delay", "'10' has no unit of bits per second");
  OneErrorAt(yaml, "10, delay", "such as 10Mbit");
}

TEST(TransportSpec, ATraceFileWithNoLinesIsAnError) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("transport-spec-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string yaml = Replaced(kSpec, "rate: 10Mbit", "trace: empty.trace");
  ASSERT_TRUE(WriteFile((dir / "empty.trace").string(), "\n\n"));
  ASSERT_TRUE(WriteFile((dir / "t.yaml").string(), yaml));
  ASSERT_TRUE(WriteFile((dir / "good.trace").string(), "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n"));
  ASSERT_TRUE(WriteFile((dir / "good.yaml").string(),
                        Replaced(kSpec, "rate: 10Mbit", "trace: good.trace")));
  LoadResult r = LoadSpecFile((dir / "t.yaml").string());
  LoadResult good = LoadSpecFile((dir / "good.yaml").string());
  LoadResult missing = LoadSpecString(yaml, (dir / "elsewhere" / "t.yaml").string());
  fs::remove_all(dir);

  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  const std::string e = r.errors[0].ToString();
  const std::string at = Where(yaml, "empty.trace", (dir / "t.yaml").string()) + ": ";
  EXPECT_EQ(e.rfind(at, 0), 0u) << "expected at " << at << ": " << e;
  EXPECT_NE(e.find("the trace 'empty.trace' has no lines"), std::string::npos) << e;

  ASSERT_TRUE(good.ok()) << All(good);
  const LinkDirection& out = transport::LinkOf(good.spec->cases[0])->out;
  EXPECT_EQ(out.trace_ms.size(), 12u);
  EXPECT_EQ(out.trace_from, "good.trace");
  EXPECT_EQ(transport::LinkOf(good.spec->cases[0])->back.trace_ms.size(), 12u);

  ASSERT_EQ(missing.errors.size(), 1u) << All(missing);
  EXPECT_NE(missing.errors[0].message.find("cannot read the trace 'empty.trace'"),
            std::string::npos)
      << All(missing);
}

TEST(TransportSpec, AQueueOfZeroIsOutOfRange) {
  OneErrorAt(Replaced(kSpec, "queue: 100", "queue: 0"), "0}\n    expect: {delivered",
             "'queue (packets)' must be from 1 to 100000, found 0");
}

TEST(TransportSpec, ALinkInAUdpSpecIsAnError) {
  const std::string udp =
      "exercise: x\nprotocol: udp\nroles:\n  client: {listens: false}\ncases:\n  - name: one\n"
      "    role: client\n    peer: {reply: '{upper}'}\n    expect: {exit_status: 0}\n";
  LoadResult plain = LoadSpecString(udp, "f.yaml");
  ASSERT_TRUE(plain.ok()) << All(plain);
  OneErrorAt(Replaced(udp, "    expect:", "    link: {delay: 5ms}\n    expect:"), "{delay: 5ms}",
             "'link' is for a spec of 'protocol: transport'");
  OneErrorAt(Replaced(udp, "    expect:", "    transfer: {file: a.bin}\n    expect:"),
             "{file: a.bin}", "'transfer' is for a spec of 'protocol: transport'");
}

TEST(TransportSpec, ATransportCaseWithoutTransferIsAnError) {
  std::string yaml = Replaced(kSpec, "    transfer: {file: photo.bin, window: 20}\n", "");
  OneErrorAt(yaml, "name: s", "case 's' has no 'transfer'");
}

TEST(TransportSpec, ATransferNamingNoFileOfTheSpecIsAnError) {
  OneErrorAt(Replaced(kSpec, "{file: photo.bin, window: 20}", "{file: nothere.bin, window: 20}"),
             "{file: nothere.bin",
             "'transfer' names 'nothere.bin', which is none of the spec's 'files'");
  OneErrorAt(Replaced(kSpec, "{file: photo.bin, window: 20}", "{window: 20}"), "{window: 20}",
             "'transfer' has no 'file'");
}

TEST(TransportSpec, AReceiverCaseWithoutWindowIsAnError) {
  OneErrorAt(Replaced(kSpec, "{file: incoming.bin, window: 8}", "{file: incoming.bin}"),
             "{file: incoming.bin}", "give its 'window'");
}

TEST(TransportSpec, ATransportSpecWithoutPacketIsAnError) {
  std::string yaml = kSpec.substr(0, kSpec.find("packet:")) + kSpec.substr(kSpec.find("roles:"));
  OneErrorAt(yaml, "transport", "a transport lab gives its packet's header");
}

// ---- ParseBitRate, ParseTrace ----------------------------------------------------------------

TEST(TransportBitRate, ReadsBitsPerSecondWithTheirUnit) {
  std::string why;
  EXPECT_EQ(ParseBitRate("10Mbit", &why), 1e7);
  EXPECT_EQ(ParseBitRate("1.5 Mbit/s", &why), 1.5e6);
  EXPECT_EQ(ParseBitRate("800kbit", &why), 8e5);
  EXPECT_EQ(ParseBitRate("800Kbit", &why), 8e5);
  EXPECT_EQ(ParseBitRate("1Gbit", &why), 1e9);
  EXPECT_EQ(ParseBitRate("10Mbps", &why), 1e7);
  EXPECT_EQ(ParseBitRate("8000bit", &why), 8000);
  EXPECT_EQ(why, "");
}

TEST(TransportBitRate, SaysWhyARateIsNone) {
  std::string why;
  EXPECT_EQ(ParseBitRate("0Mbit", &why), std::nullopt);
  EXPECT_EQ(why, "a rate of 0Mbit carries nothing");
  EXPECT_EQ(ParseBitRate("10", &why), std::nullopt);
  EXPECT_NE(why.find("no unit of bits per second"), std::string::npos) << why;
  EXPECT_EQ(ParseBitRate("10MB", &why), std::nullopt);
  EXPECT_NE(why.find("no unit"), std::string::npos) << why;
  EXPECT_EQ(ParseBitRate("fast", &why), std::nullopt);
  EXPECT_EQ(why, "'fast' is no rate");
  EXPECT_EQ(ParseBitRate("100bit", &why), std::nullopt);
  EXPECT_NE(why.find("outside 8kbit to 10Gbit"), std::string::npos) << why;
  EXPECT_EQ(ParseBitRate("20Gbit", &why), std::nullopt);
  EXPECT_NE(why.find("outside"), std::string::npos) << why;
}

TEST(TransportTrace, ReadsOneOpportunityPerLine) {
  std::string why;
  EXPECT_EQ(ParseTrace("0\n1\n1\n2\n", &why), (std::vector<uint32_t>{0, 1, 1, 2}));
  EXPECT_EQ(ParseTrace("5\r\n\n10 \n", &why), (std::vector<uint32_t>{5, 10}))
      << "CRLF, blank lines and trailing spaces";
  EXPECT_EQ(ParseTrace("7", &why), std::vector<uint32_t>{7}) << "no last newline";
  EXPECT_EQ(why, "");
}

TEST(TransportTrace, SaysWhyATraceIsNone) {
  std::string why;
  EXPECT_EQ(ParseTrace("", &why), std::nullopt);
  EXPECT_EQ(why, "has no lines");
  EXPECT_EQ(ParseTrace("\n\n", &why), std::nullopt);
  EXPECT_EQ(why, "has no lines");
  EXPECT_EQ(ParseTrace("1\n3\n2\n", &why), std::nullopt);
  EXPECT_EQ(why, "goes back in time on line 3 (2 after 3)");
  EXPECT_EQ(ParseTrace("1\nx2\n", &why), std::nullopt);
  EXPECT_EQ(why, "has 'x2' on line 2, not a whole number of ms");
  EXPECT_EQ(ParseTrace("1.5\n", &why), std::nullopt);
  EXPECT_NE(why.find("not a whole number"), std::string::npos) << why;
  EXPECT_EQ(ParseTrace("0\n0\n", &why), std::nullopt);
  EXPECT_EQ(why, "ends at 0 ms, so it never repeats");
}

}  // namespace
}  // namespace netgrade::spec
