// `expect: ttl_probes` on wire records made by hand: a right traceroute passes, and each
// mistake of one is named.
#include "harness/check/ttl_probes.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

using proxy::WireRecord;

class Probes {
 public:
  // An echo request with `ttl`, sequence `seq`, identifier `id`.
  void Send(int ttl, uint16_t seq, uint16_t id = 7, bool bad_checksum = false) {
    WireRecord r;
    r.bytes = icmp::Build(0x0a000002, 0xcb007109, static_cast<uint8_t>(ttl), icmp::kEchoRequest, 0,
                          id, seq, "12345678");
    if (bad_checksum) r.bytes[22] ^= 0x10;
    r.packet = *icmp::Parse(r.bytes);
    records_.push_back(r);
  }
  Finding Check(int most = 3) {
    expect_.most_per_ttl = most;
    TtlCase c;
    c.expect = &expect_;
    c.records = &records_;
    c.destination = "203.0.113.9";
    return CheckTtlProbes(c);
  }

 private:
  std::vector<WireRecord> records_;
  spec::TtlProbes expect_;
};

TEST(TtlProbes, OneTtlAtATimeWithRetriesPasses) {
  Probes p;
  p.Send(1, 1);
  p.Send(2, 2);
  p.Send(2, 3);  // no answer to the first: the same TTL again
  p.Send(2, 4);
  p.Send(3, 5);
  Finding f = p.Check();
  EXPECT_TRUE(f.ok()) << f.message;
}

TEST(TtlProbes, AFirstTtlOtherThanOneOrASkippedTtlIsNamed) {
  Probes from64;
  from64.Send(64, 1);
  Finding f = from64.Check();
  EXPECT_EQ(f.code, Code::kTtlOrder);
  EXPECT_NE(f.message.find("first echo request had TTL 64: start at TTL 1"), std::string::npos)
      << f.message;
  Probes skip;
  skip.Send(1, 1);
  skip.Send(3, 2);
  f = skip.Check();
  EXPECT_EQ(f.code, Code::kTtlOrder);
  EXPECT_NE(f.message.find("Echo request 2 had TTL 3, right after requests with TTL 1"),
            std::string::npos)
      << f.message;
}

TEST(TtlProbes, MoreThanThreeRequestsForOneTtl) {
  Probes p;
  for (uint16_t s = 1; s <= 4; ++s) p.Send(1, s);
  Finding f = p.Check(3);
  EXPECT_EQ(f.code, Code::kTooManyProbes);
  EXPECT_NE(f.message.find("4 echo requests with TTL 1: at most 3 per TTL"), std::string::npos)
      << f.message;
}

TEST(TtlProbes, ABadChecksumAndAnotherIdentifierAreNamed) {
  Probes bad;
  bad.Send(1, 1, 7, true);
  Finding f = bad.Check();
  EXPECT_EQ(f.code, Code::kBadChecksum);
  // Routers answer time exceeded whatever the ICMP checksum (the wire shows them doing it):
  // the message must blame the destination, not claim that no hop answers.
  EXPECT_NE(f.message.find("the destination drops it, so no echo reply ever comes"),
            std::string::npos)
      << f.message;
  EXPECT_EQ(f.message.find("no hop answers"), std::string::npos) << f.message;
  Probes ids;
  ids.Send(1, 1, 7);
  ids.Send(2, 2, 8);
  EXPECT_EQ(ids.Check().code, Code::kBadEchoRequest);
  Probes none;
  EXPECT_EQ(none.Check().code, Code::kNoEchoRequest);
}

}  // namespace
}  // namespace netgrade::check
