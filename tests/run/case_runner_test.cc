// run::RunCase end to end, with a spec built in code: a good Python server and client pass
// (and the case ends when its answers are in, not at its timeout); the answer of an echo
// server is named; the case's network namespaces are never the grader's first thread's.
#include "harness/run/case_runner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/plan/submission.h"
#include "harness/sandbox/netns.h"
#include "tests/support/first_thread_net.h"
#include "tests/support/program_case.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using namespace netgrade::sandbox;
using testing_support::CapitalizeSpec;
using testing_support::ProgramDir;
using testing_support::RunCaseOn;

// It passes, and the case ends when its answers are in and the server waits for the next
// client: the timeout (made far longer than any run here) is never what ends it.
TEST(CaseRunner, GoodServerPasses) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;  // bounds a failure only
  auto dir = ProgramDir(
      "good-server", "server.py",
      "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
      "socket.SO_REUSEADDR, 1)\n"
      "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nprint('ready')\nwhile True:\n"
      "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line.upper())\n"
      "    c.close()\n");
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, s.cases[0].timeout_ms) << "the case waited for its timeout";
}

TEST(CaseRunner, EchoServerIsNamed) {
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir("echo-server", "server.py", testing_support::PythonServer("line"));
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_EQ(r.code, check::Code::kEcho) << r.message;
}

TEST(CaseRunner, ThePortCanComeThroughTheEnvironment) {
  spec::Spec s = CapitalizeSpec();
  s.roles[0].port_via = spec::PortVia::kEnv;
  s.roles[0].port_env = "SERVER_PORT";
  s.roles[0].argv.clear();
  auto dir = ProgramDir(
      "env-server", "server.py",
      "import os, socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
      "socket.SO_REUSEADDR, 1)\n"
      "s.bind(('', int(os.environ['SERVER_PORT'])))\ns.listen(5)\nwhile True:\n"
      "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line.upper())\n"
      "    c.close()\n");
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(CaseRunner, TextbookClientPasses) {
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir(
      "client", "client.py",
      "import socket, sys\ns = socket.socket()\ns.connect((sys.argv[1], int(sys.argv[2])))\n"
      "f = s.makefile('rb')\nwhile True:\n    try:\n        line = input('Input lowercase "
      "sentence:')\n"
      "    except EOFError:\n        break\n    s.sendall((line + '\\n').encode())\n"
      "    print('From Server: ', f.readline().decode().rstrip('\\n'))\ns.close()\n");
  CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// A case runs in network namespaces of its own, and the grader's first thread, whose network
// /proc/net shows, stays in the grader's: a reader of /proc/net meanwhile (the grader's other
// threads, a test) sees the grader's sockets, not the case's. Looked at all along the case by
// a thread of its own, and again after it.
TEST(CaseRunner, TheFirstThreadNeverEntersTheCasesNetwork) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  ASSERT_EQ(::gettid(), ::getpid()) << "the test runs on the process's first thread";
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir("first-thread", "server.py", testing_support::PythonServer("line.upper()"));
  testing_support::FirstThreadNetWatch watch;
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_EQ(watch.Stop(), 0) << "the first thread was seen in the case's network namespace";
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_EQ(testing_support::NetNamespaceOf("/proc/thread-self/ns/net"), watch.own());
  EXPECT_EQ(testing_support::NetNamespaceOf("/proc/self/ns/net"), watch.own());
}

// The test process has no child left, running or ended and not reaped: the program's first
// process is its child until reaped (the rest are in the program's PID namespace, which
// ends with it).
bool NoChildLeft() {
  siginfo_t info{};
  return ::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == -1 && errno == ECHILD;
}

// A contained server in a network of the case's own is killed once its verdict is known, and
// left to end: the case returns remains, and letting go of them returns once the program has
// ended and been reaped (no child is left, not even a zombie). RunCase does both: nothing of
// the program outlives it.
TEST(CaseRunner, TheRemainsOfAContainedProgramHoldItUntilItHasEnded) {
  if (!NetNamespace::Available() || ::geteuid() != 0)
    GTEST_SKIP() << "a contained program in a network of its own needs root here";
  spec::Spec s = CapitalizeSpec();
  auto dir = ProgramDir("remains", "server.py", testing_support::PythonServer("line.upper()"));
  const spec::Role& role = *s.FindRole(s.cases[0].role);
  std::optional<plan::Program> program = plan::FindProgram(dir, role, {});
  ASSERT_TRUE(program.has_value());
  CaseLeavingRemains ran = RunCaseLeavingRemains(s, s.cases[0], *program, dir.string(), {});
  EXPECT_TRUE(ran.result.passed()) << ran.result.message;
  ASSERT_NE(ran.remains, nullptr) << "the case waited for its program's end itself";
  EXPECT_FALSE(NoChildLeft()) << "the program was reaped before its remains went";
  sandbox::OffTheFirstThread([&] { ran.remains.reset(); });
  EXPECT_TRUE(NoChildLeft()) << "the remains went before the program";

  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_TRUE(NoChildLeft()) << "RunCase returned before its program ended";
}

}  // namespace
}  // namespace netgrade::run
