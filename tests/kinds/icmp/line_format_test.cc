// A traceroute's lines in a format of its own (kinds/icmp/line_format.h): named when they
// carry the hops that answered, in order; left to the stdout check otherwise.
#include "harness/kinds/icmp/line_format.h"

#include <gtest/gtest.h>

#include <fstream>
#include <memory>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/icmp/evidence.h"
#include "harness/kinds/icmp/spec_parts.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::icmp {
namespace {

using testing_support::ExpectWords;

constexpr uint32_t kStudent = 0x0a000002;  // 10.0.0.2

WireRecord Answer(const std::string& from, uint8_t type) {
  uint32_t source = 0;
  EXPECT_TRUE(ParseAddress(from, &source));
  WireRecord r;
  r.to_student = true;
  r.written = true;
  r.bytes = Build(source, kStudent, 64, type, 0, 1, 1, "12345678");
  r.packet = *Parse(r.bytes);
  return r;
}

struct Trace {
  spec::Spec spec;
  std::vector<WireRecord> records = {Answer("10.1.0.1", kTimeExceeded),
                                     Answer("10.2.0.1", kTimeExceeded),
                                     Answer("203.0.113.9", kEchoReply)};
  observe::Observation obs;
  check::Finding content{.code = check::Code::kNoMatchingLine,
                         .cause = "traceroute.py printed no line matching the pattern '^1 ...'.",
                         .fix = "Print one line per TTL: '<ttl> <address> <rtt> ms'."};

  Trace() {
    spec::Case c;
    auto icmp = std::make_shared<spec::IcmpExpect>();
    icmp->ttl_probes.emplace();
    c.expect.kind_part = icmp;
    spec::LineRule rule;
    rule.pattern = R"(^1 10\.1\.0\.1 \d+(\.\d+)? ms)";
    c.expect.stdout_rules = {rule};
    spec.cases = {c};
    obs.test = &spec.cases[0];
    obs.program.display_name = "traceroute.py";
    auto e = std::make_shared<Evidence>();
    e->records = &records;
    obs.kind = e;
  }
};

TEST(OwnLineFormat, FindsTheFirstAddressOfEachLine) {
  std::vector<PrintedHop> hops =
      HopsPrinted(" 1    rtt=12 ms    10.1.0.1\n 2  *  *  *\nTTL 3: 203.0.113.9 (4 ms)\n");
  ASSERT_EQ(hops.size(), 2u);
  EXPECT_EQ(hops[0].address, "10.1.0.1");
  EXPECT_EQ(hops[1].address, "203.0.113.9");
  EXPECT_EQ(hops[1].line, "TTL 3: 203.0.113.9 (4 ms)");
}

TEST(OwnLineFormat, TheTextbooksLinesWithEveryHopAreNamedAsAFormatOfItsOwn) {
  Trace t;
  t.obs.stdout_text =
      " 1    rtt=12 ms    10.1.0.1\n 2    rtt=3 ms    10.2.0.1\n 3    rtt=4 ms    203.0.113.9\n";
  check::Finding f = ExplainOwnLineFormat(t.obs, t.content);
  EXPECT_EQ(f.code, icmp::Codes::kOwnLineFormat);
  ExpectWords(f);
  EXPECT_EQ(f.fix, t.content.fix) << "the failed check's advice is the fix";
}

// A real traceroute opened a ping socket (its raw socket commented out): the routers' time
// exceeded never reached it, and every TTL but the last timed out.
TEST(OwnLineFormat, APingSocketThatHeardNoRouterIsNamed) {
  testing_support::UniqueTempDir tmp("netgrade-line-format-ping");
  Trace t;
  t.obs.program.program_path = (tmp.path() / "traceroute.py").string();
  std::ofstream(t.obs.program.program_path)
      << "#s = socket(AF_INET, SOCK_RAW, icmp)\ns = socket(AF_INET, SOCK_DGRAM, icmp)\n";
  t.obs.stdout_text = "*    *    * Request timed out.\n*    *    * Request timed out.\n";
  check::Finding f = ExplainOwnLineFormat(t.obs, t.content);
  EXPECT_EQ(f.code, check::Code::kNoMatchingLine);
  ExpectWords(f);
  // With a raw socket, the same lines are the stdout check's to tell.
  std::ofstream(t.obs.program.program_path) << "s = socket(AF_INET, SOCK_RAW, icmp)\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok());
}

TEST(OwnLineFormat, LinesInTheLabsFormatAreLeftToTheStdoutCheck) {
  // In the lab's format, but a hop wrong: that is not a matter of format.
  Trace t;
  t.obs.stdout_text = "1 10.1.0.1 2.0 ms\n3 203.0.113.9 4.0 ms\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok());
  // A line of the lab's own without an address ('1 * * *') says so too: a program that took
  // a late answer of TTL 1 for hop 2 has its lines in the lab's format.
  spec::LineRule stars;
  stars.pattern = R"(^1 \* \* \*)";
  t.spec.cases[0].expect.stdout_rules.push_back(stars);
  t.obs.stdout_text = "1 * * *\n2 10.1.0.1 0.2 ms\n3 10.2.0.1 0.1 ms\n4 203.0.113.9 0.1 ms\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok());
}

TEST(OwnLineFormat, AHopThatNeverAnsweredOrOutOfOrderIsLeftToTheStdoutCheck) {
  Trace t;
  t.obs.stdout_text = "hop 1: 10.9.9.9\nhop 2: 203.0.113.9\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok()) << "10.9.9.9 never answered";
  t.obs.stdout_text = "hop 1: 10.2.0.1\nhop 2: 10.1.0.1\nhop 3: 203.0.113.9\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok()) << "out of order";
  t.obs.stdout_text = "hop 1: 10.1.0.1\nhop 2: 10.2.0.1\n";
  EXPECT_TRUE(ExplainOwnLineFormat(t.obs, t.content).ok()) << "never reached the destination";
}

}  // namespace
}  // namespace netgrade::icmp
