// The runner as the host of a lab kind's case (run/case_kind.cc), through the ICMP kind: the
// program starts in the kind's network, and --pcap captures there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/run/case_runner.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
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

TEST(CaseKind, ThePcapHoldsWhatCrossedTheKindsOwnNetwork) {
  if (std::string why; !sandbox::NetNamespace::Available(&why)) GTEST_SKIP() << why;
  spec::Spec s = PingerSpec();
  RunOptions options;
  options.capture_file = (std::filesystem::temp_directory_path() /
                          ("netgrade-icmp-capture-" + std::to_string(::getpid()) + ".pcapng"))
                             .string();
  check::CaseResult r =
      RunCaseOn(s, 0, ProgramDir("pinger-captured", "pinger.py", Reference()), options);
  ASSERT_TRUE(r.capture.has_value());
  EXPECT_TRUE(r.passed()) << "started in the kind's network, it reached its destination: "
                          << r.message;
  EXPECT_EQ(r.capture->missing, "");
  EXPECT_GE(r.capture->packets, 8u) << "four requests and four replies, and the ARP before";
  EXPECT_TRUE(std::filesystem::exists(options.capture_file));
  std::filesystem::remove(options.capture_file);
}

}  // namespace
}  // namespace netgrade::run
