// What the ICMP wire refused, named (kinds/icmp/wire_refusals.h): each reason its own sentence.
#include "harness/kinds/icmp/wire_refusals.h"

#include <gtest/gtest.h>

#include "harness/kinds/icmp/codes.h"
#include "tests/support/words_golden.h"

namespace netgrade::icmp {

using check::Code;
using check::Finding;
namespace {

using icmp::WireRecord;
using testing_support::ExpectWords;

uint32_t Ip(const char* text) {
  uint32_t a = 0;
  icmp::ParseAddress(text, &a);
  return a;
}

WireRecord Refused(WireRecord::Why why, uint16_t ethertype = 0x0800) {
  WireRecord r;
  r.fate = WireRecord::kRefused;
  r.why = why;
  r.ethertype = ethertype;
  r.bytes = icmp::Build(Ip("10.0.0.2"), Ip("203.0.113.9"), 64, 8, 0, 7, 1, "x");
  r.size = r.bytes.size();
  r.packet = *icmp::Parse(r.bytes);
  return r;
}

// An echo request with a record route option (7, length 7, pointer 4, one address) and the
// end-of-options byte.
std::string WithRecordRoute() {
  std::string p = icmp::Build(Ip("10.0.0.2"), Ip("203.0.113.9"), 64, 8, 0, 7, 1, "x");
  std::string option("\x07\x07\x04\0\0\0\0\0", 8);
  p = p.substr(0, 20) + option + p.substr(20);
  p[0] = 0x47;
  return p;
}

TEST(WireRefusals, EchoRequestsWithIpOptionsAreNamedWithTheirOption) {
  EXPECT_EQ(IpOptionNames(WithRecordRoute()), "record route");
  WireRecord r = Refused(WireRecord::kIpOptions);
  r.bytes = WithRecordRoute();
  auto f = WhyNothingPassed({Refused(WireRecord::kOffPath), r}, "203.0.113.9");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, icmp::Codes::kBadEchoRequest);
  ExpectWords(*f);
}

TEST(WireRefusals, AFramePastTheMtuIsNamedWithItsSize) {
  WireRecord r = Refused(WireRecord::kPastMtu);
  r.size = 64986;
  r.mtu = 1500;
  auto f = WhyNothingPassed({r, Refused(WireRecord::kOffPath)}, "203.0.113.9");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, icmp::Codes::kNoEchoRequest);
  ExpectWords(*f);
}

TEST(WireRefusals, AnArpFloodIsNamedBeforeTheFramesPastTheMtu) {
  WireRecord big = Refused(WireRecord::kPastMtu);
  big.size = 64986;
  auto f = WhyNothingPassed({big, Refused(WireRecord::kArpPastCap, 0x0806)}, "203.0.113.9");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->code, icmp::Codes::kNoEchoRequest);
  ExpectWords(*f);
}

TEST(WireRefusals, WhatTheStudentWasSentIsNoneOfItsOwn) {
  WireRecord r = Refused(WireRecord::kArpPastCap, 0x0806);
  r.to_student = true;
  EXPECT_FALSE(WhyNothingPassed({r}, "203.0.113.9"));
}

}  // namespace
}  // namespace netgrade::icmp
