// An ICMP case end to end (kinds/icmp/icmp_case.h, run by the runner): the reference pinger
// over a path of routers passes, quickly, and a pinger that sends all its requests at once is
// named from the wire.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/kinds/icmp/codes.h"
#include "harness/run/case_runner.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "tests/support/program_case.h"

namespace netgrade::icmp {

using run::RunOptions;
namespace {

using testing_support::ProgramDir;
using testing_support::RunCaseOn;

const char* kSpec = R"(exercise: pinger
protocol: icmp
roles:
  pinger: {names: [pinger], listens: false, argv: ["{host}", "4"]}
cases:
  - name: four
    role: pinger
    timeout: 10s
    path: {routers: 3, delay: 5ms}
    expect:
      exit_status: 0
      echo_requests: {count: 4, round_trips: true}
      stdout_matches: ['^4 sent, 4 received, 0% loss']
  - name: late
    role: pinger
    timeout: 10s
    path: {routers: 1, delay: 5ms, late: [2]}
    expect:
      echo_requests: {count: 4}
)";

spec::Spec PingerSpec() {
  spec::LoadResult r = spec::LoadSpecString(kSpec, "pinger.yaml");
  EXPECT_TRUE(r.spec.has_value());
  return *r.spec;
}

std::string Reference() {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/reference/icmp-pinger/python/pinger.py");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(IcmpCase, TheReferencePingerPassesOverThreeRoutersWellUnderASecond) {
  if (std::string why; !sandbox::NetNamespace::Available(&why)) GTEST_SKIP() << why;
  spec::Spec s = PingerSpec();
  check::CaseResult r = RunCaseOn(s, 0, ProgramDir("pinger", "pinger.py", Reference()));
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, 1000) << "four round trips of 5 ms, the namespaces and python's start";
  EXPECT_EQ(r.events_from, "wire");
  // The wire records ARP too (the kernel's question for the router's address and its answer,
  // before the first request): the echo requests and replies are the rest.
  size_t icmp = 0;
  for (const check::TranscriptEvent& e : r.events) icmp += e.text.rfind("ARP ", 0) != 0;
  EXPECT_EQ(icmp, 8u) << "four requests and their four replies";
  EXPECT_LE(r.events.size() - icmp, 4u) << "a question and its answer, asked again at most once";
}

TEST(IcmpCase, APingerSendingEverythingAtOnceIsNamedFromTheWire) {
  if (std::string why; !sandbox::NetNamespace::Available(&why)) GTEST_SKIP() << why;
  std::string code = Reference();
  // Every request first, then the replies: the lines still look right.
  code.replace(code.find("        for seq in range(1, count + 1):\n"),
               std::string("        for seq in range(1, count + 1):\n").size(),
               "        for seq in range(1, count + 1):\n"
               "            sock.sendto(echo_request(ident, seq), (host, 1))\n"
               "        for seq in range(1, count + 1):\n");
  code.replace(code.find("    sock.sendto(echo_request(ident, seq), (host, 1))\n"),
               std::string("    sock.sendto(echo_request(ident, seq), (host, 1))\n").size(), "");
  spec::Spec s = PingerSpec();
  check::CaseResult r = RunCaseOn(s, 0, ProgramDir("pinger-at-once", "pinger.py", code));
  EXPECT_EQ(r.code, icmp::Codes::kAllAtOnce) << r.message;
}

// The report's diagram (report/sequence_svg.cc) shows a late answer twice: held as it came,
// released where the wire let it go, after the next request. Its labels keep the sequence
// number and the TTL in the 28 characters an arrow shows.
TEST(IcmpCase, ALateAnswerIsDrawnHeldThenReleasedAndLabelsKeepTheSequenceAndTtl) {
  if (std::string why; !sandbox::NetNamespace::Available(&why)) GTEST_SKIP() << why;
  spec::Spec s = PingerSpec();
  check::CaseResult r = RunCaseOn(s, 1, ProgramDir("pinger", "pinger.py", Reference()));
  const check::TranscriptEvent* held = nullptr;
  const check::TranscriptEvent* released = nullptr;
  for (const check::TranscriptEvent& e : r.events) {
    if (e.action == "held") held = &e;
    if (e.action == "released") released = &e;
  }
  ASSERT_NE(held, nullptr) << r.message;
  ASSERT_NE(released, nullptr) << "the held answer is drawn again where it went on";
  EXPECT_EQ(released->index, held->index);
  EXPECT_EQ(released->direction, "to_student");
  EXPECT_GT(released->t_ms, held->t_ms);
  EXPECT_EQ(held->text, "reply seq 2 ttl 63");
  bool request_one = false;
  for (const check::TranscriptEvent& e : r.events)
    request_one = request_one || e.text.rfind("request seq 1 ttl ", 0) == 0;
  EXPECT_TRUE(request_one);
}

}  // namespace
}  // namespace netgrade::icmp
