// The checks a spec writes itself, end to end: a spec loaded from text, a tiny Python client
// from tests/run/fixtures/output-checks/ against the reference server, one case per run. The
// case waits for the exit that exit_status asks for, and the verdict comes from the new checks.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"
#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using testing_support::ExpectWords;

// `extra_argv` is appended to the client's HOST PORT, telling it how to misbehave; `peer` is
// the reference server.
spec::Spec PingerSpec(const std::string& extra_argv, const std::string& peer = "{reply: '{upper}'}",
                      const std::string& first_reply = "PING 1") {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: output-checks\nprotocol: tcp\nroles:\n"
      "  client: {listens: false, argv: ['{host}', '{port}'" +
          extra_argv +
          "]}\n"
          "cases:\n  - name: pings\n    role: client\n    timeout: 20s\n"
          "    peer: " +
          peer +
          "\n    expect:\n"
          "      exit_status: 0\n      no_traceback: true\n"
          "      stdout_matches: ['^Reply from \\S+: " +
          first_reply +
          "$', '^3 packets transmitted$']\n"
          "      stdout_lines: {matching: '^Reply from ', exactly: 3, hint: 'one line per ping'}\n"
          "      received_contains: [Ping 1, Ping 3]\n",
      "inline.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().ToString());
  return r.ok() ? *r.spec : spec::Spec{};
}

check::CaseResult Grade(const spec::Spec& s) {
  std::filesystem::path dir =
      std::filesystem::path(NETGRADE_SOURCE_DIR) / "tests/run/fixtures/output-checks";
  auto p = plan::FindProgram(dir, s.roles[0], {});
  EXPECT_TRUE(p.has_value());
  return RunCase(s, s.cases[0], *p, dir.string(), {});
}

TEST(OutputChecksRun, APingerThatDoesItAllPassesWellBeforeItsTimeout) {
  spec::Spec s = PingerSpec("");
  check::CaseResult r = Grade(s);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, 2000) << "the case waited for its timeout";
}

// A TCP reference server computes its answers from what the client sent, as a UDP one does:
// the client prints them, so its stdout shows the groups `matches` captured.
TEST(OutputChecksRun, ATcpReferenceServerAnswersWithWhatMatchesCaptured) {
  spec::Spec s = PingerSpec("", "{matches: '^Ping (?P<k>\\d+)$', reply: 'PONG {k}'}", "PONG 1");
  ASSERT_TRUE(s.cases[0].peer.matches.has_value());
  check::CaseResult r = Grade(s);
  EXPECT_TRUE(r.passed()) << r.message
                          << " (the client printed the reply \"PONG {k}\" as it "
                             "came when the groups were not filled in)";
}

TEST(OutputChecksRun, AnotherExitStatusIsNamed) {
  check::CaseResult r = Grade(PingerSpec(", fail"));
  EXPECT_EQ(r.code, check::Code::kWrongExitStatus) << r.message;
  ExpectWords(r);  // the status it exited with, and the one expected
}

}  // namespace
}  // namespace netgrade::run
