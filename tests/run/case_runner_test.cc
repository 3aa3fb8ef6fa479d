// run::RunCase end to end, with a spec built in code: a good Python server and client pass
// (and the case ends when its answers are in, not at its timeout); the answer of an echo
// server is named; the case's network namespaces are never the grader's first thread's.
#include "harness/run/case_runner.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace netgrade::run
