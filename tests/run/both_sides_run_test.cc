// A case where netgrade plays both sides of a program in the middle, end to end through
// run::RunCase with a real Python proxy: its client asks for a URL naming a host the case's
// name server answers and the port {origin_port}; the proxy resolves that name, connects,
// asks, and relays. Without a network of the case's own the case is not run (the name would
// go to this machine's resolver) and says so, never blaming the program.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/base/error.h"
#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"
#include "harness/run/grade.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using testing_support::ExpectWords;

using Action = spec::Step::Action;

spec::Step Step(Action a, std::string on, std::string text = "") {
  spec::Step s;
  s.action = a;
  s.on = std::move(on);
  s.text = std::move(text);
  return s;
}

spec::Step ExpectText(std::string on, std::string text) {
  spec::Step s = Step(Action::kExpect, std::move(on));
  s.answer.kind = spec::Answer::Kind::kExact;
  s.answer.text = std::move(text);
  return s;
}

spec::Spec Middle() {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "relay";
  s.roles = {{.name = "proxy",
              .names = {"proxy"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case c;
  c.name = "fetch";
  c.role = "proxy";
  c.timeout_ms = 30000;  // bounds a failure only
  c.script = {Step(Action::kConnect, "a"),
              Step(Action::kSend, "a", "GET http://origin.test:{origin_port}/page"),
              Step(Action::kAccept, "o"),
              ExpectText("o", "GET /page"),
              Step(Action::kSend, "o", "the page"),
              Step(Action::kClose, "o"),
              ExpectText("a", "the page"),
              Step(Action::kEnd, "a")};
  c.expect.exit = spec::ExitRule::kRunning;
  s.cases = {c};
  return s;
}

constexpr const char* kProxy = R"(import socket, sys
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("", int(sys.argv[1])))
srv.listen()
while True:
    c, _ = srv.accept()
    url = c.makefile("rb").readline().decode().split()[1]
    hostport, path = url[len("http://"):].split("/", 1)
    host, port = hostport.split(":")
    o = socket.create_connection((host, int(port)))
    o.sendall(("GET /" + path + "\n").encode())
    answer = b""
    while True:
        part = o.recv(4096)
        if not part:
            break
        answer += part
    o.close()
    c.sendall(answer)
    c.close()
)";

check::CaseResult RunIt(const std::string& name, bool isolate) {
  auto dir = std::filesystem::temp_directory_path() / ("netgrade-both-sides-" + name);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "proxy.py") << kProxy;
  spec::Spec s = Middle();
  auto p = plan::FindProgram(dir, s.roles[0], {});
  EXPECT_TRUE(p.has_value());
  RunOptions options;
  options.isolate = isolate;
  check::CaseResult r = RunCase(s, s.cases[0], *p, dir.string(), options);
  std::filesystem::remove_all(dir);
  return r;
}

TEST(BothSidesRun, AProxyReachesThePeersServerByTheNameInTheUrl) {
  if (!sandbox::NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  check::CaseResult r = RunIt("isolated", true);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(BothSidesRun, WithoutANetworkOfItsOwnTheCaseIsNotRunAndSaysWhy) {
  check::CaseResult r = RunIt("shared", false);
  EXPECT_EQ(r.verdict, check::Verdict::kNotRun) << r.message;
  EXPECT_EQ(r.code, check::Code::kNotRunHere);
  EXPECT_EQ(r.max_score, 0);
  EXPECT_FALSE(r.cause.empty()) << "why it was not run";
}

// Graded where no network of a case's own can be made, each case of a spec with such cases is
// reported not run, with why: no program is started, nothing is blamed on the student, and
// the points are not counted (run/own_network.h).
TEST(BothSidesRun, WithoutANetworkOfItsOwnEachCaseIsReportedNotRun) {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/web-proxy.yaml");
  ASSERT_TRUE(loaded.ok());
  GradeOptions options;
  options.run.isolate = false;
  std::vector<GradeOutcome> outcomes =
      GradeAll(*loaded.spec, options, {NETGRADE_SOURCE_DIR "/reference/web-proxy/python"});
  ASSERT_EQ(outcomes.size(), 1u);
  const check::GradeResult& r = outcomes[0].result;
  ASSERT_EQ(r.cases.size(), loaded.spec->cases.size());
  EXPECT_EQ(r.not_run(), r.cases.size());
  EXPECT_EQ(r.max_score, 0);
  EXPECT_FALSE(r.grader_error());
  for (const check::CaseResult& c : r.cases) {
    EXPECT_EQ(c.verdict, check::Verdict::kNotRun) << c.name;
    EXPECT_EQ(c.code, check::Code::kNotRunHere) << c.name;
    EXPECT_EQ(c.student_ms, 0) << c.name << ": its program was started";
    EXPECT_EQ(c.message, r.cases[0].message) << c.name << ": each case says the same";
  }
  ExpectWords(r.cases[0]);
}

}  // namespace
}  // namespace netgrade::run
