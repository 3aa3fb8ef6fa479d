// A transport case's record in words (transcript.h): the link first, then a line per datagram
// with its fate, the diagram's events named as the report draws them, and a bound on both.
#include "harness/kinds/transport/transcript.h"

#include <gtest/gtest.h>

namespace netgrade::transport {
namespace {

const PacketFormat kF = PacketFormat::ReliableTransfer();

PacketRecord Record(bool from_student, uint64_t type, uint64_t seq, size_t payload, int seen_ms) {
  std::vector<uint8_t> body(payload, 'x');
  std::vector<uint8_t> bytes = Encode(kF, type, seq, body);
  PacketRecord r;
  r.from_student = from_student;
  r.size = bytes.size();
  r.header = HeaderOf(Decode(kF, bytes));
  r.seen = std::chrono::milliseconds(seen_ms);
  r.delivered = std::chrono::milliseconds(seen_ms + 10);
  return r;
}

spec::Case Case() {
  spec::Case c;
  EditCase(c)->link.emplace();
  EditCase(c)->link->out.delay_ms = EditCase(c)->link->back.delay_ms = 10;
  EditCase(c)->transfer =
      spec::Transfer{.file = "photo.bin", .window = 8, .timeout_ms = 200, .mark = {}};
  return c;
}

TEST(TransportTranscript, TheLinkComesFirstThenEachDatagramWithItsFate) {
  std::vector<PacketRecord> records = {Record(true, kF.type_data, 0, 1000, 5),
                                       Record(false, kF.type_ack, 1, 0, 15),
                                       Record(true, kF.type_data, 1, 1000, 6)};
  records[2].fate = Fate::kLost;
  records[0].corrupted = true;
  check::CaseResult r;
  DescribeRecord(Case(), kF, records, 0, true, &r);
  ASSERT_EQ(r.transcript.size(), 4u);
  EXPECT_EQ(r.transcript[0],
            "the link: no rate limit, 10 ms each way; the transfer: photo.bin, WINDOW 8");
  EXPECT_EQ(r.transcript[1],
            "     5.0 ms -> DATA seq=0 len=1000 [delivered at 15.0 ms, a bit flipped]");
  EXPECT_EQ(r.transcript[2], "    15.0 ms <- ACK seq=1 [delivered at 25.0 ms]");
  EXPECT_EQ(r.transcript[3], "     6.0 ms -> DATA seq=1 len=1000 [lost]");
  EXPECT_EQ(r.crossed, "the link");
  EXPECT_EQ(r.peer_names, "netgrade's receiver");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[2].action, "dropped");
  EXPECT_EQ(r.events[1].direction, "to_student");
}

TEST(TransportTranscript, AThousandDatagramsAreShownUpToTheBoundThenCounted) {
  std::vector<PacketRecord> records;
  for (int i = 0; i < 1000; ++i) records.push_back(Record(true, kF.type_data, i, 1000, i));
  check::CaseResult r;
  DescribeRecord(Case(), kF, records, 5, false, &r);
  EXPECT_EQ(r.events.size(), kMostTranscriptLines);
  EXPECT_EQ(r.transcript.back(), "(and 605 more datagrams, not shown)");
  EXPECT_EQ(r.peer_names, "netgrade's sender");
}

}  // namespace
}  // namespace netgrade::transport
