// run::RunCase end to end, with a spec built in code: a good Python server and client pass
// (and the case ends when its answers are in, not at its timeout); the answer of an echo
// server is named.
#include "harness/run/case_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "harness/plan/submission.h"
#include "harness/sandbox/netns.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::run {
namespace {
using namespace netgrade::plan;
using namespace netgrade::sandbox;
using namespace netgrade::check;

spec::Spec CapitalizeSpec() {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "tcp-capitalize";
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}},
             {.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {"{host}", "{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case server;
  server.name = "server-conversation";
  server.role = "server";
  server.peer.connections = {{.send = {"hello world", "second line"},
                              .draws = {},
                              .mode = spec::SendMode::kConversation,
                              .mark = {}}};
  server.expect.replies = spec::Transform::kUpper;
  server.expect.exit = spec::ExitRule::kRunning;
  spec::Case client;
  client.name = "client-lines";
  client.role = "client";
  client.stdin_lines = {"one", "two"};
  client.peer.reply = "{upper}";
  client.expect.received_source = spec::ReceivedSource::kStdin;
  client.expect.stdout_source = spec::StdoutSource::kPeerReplies;
  client.expect.exit = spec::ExitRule::kRequired;
  s.cases = {server, client};
  return s;
}

// The folders Dir made, removed when the test program ends: nothing is left behind.
struct Scratch {
  std::vector<std::filesystem::path> dirs;
  ~Scratch() {
    for (const auto& d : dirs) std::filesystem::remove_all(d);
  }
};
Scratch g_scratch;

std::filesystem::path Dir(const std::string& name, const std::string& file,
                          const std::string& code) {
  auto dir = std::filesystem::temp_directory_path() / ("netgrade-smoke-" + name);
  std::filesystem::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ofstream(dir / file) << code;
  return dir;
}

CaseResult Grade1(const spec::Spec& s, size_t i, const std::filesystem::path& dir,
                  const RunOptions& options = {}) {
  const spec::Role& role = *s.FindRole(s.cases[i].role);
  auto p = FindProgram(dir, role, {});
  EXPECT_TRUE(p.has_value());
  return RunCase(s, s.cases[i], *p, dir.string(), options);
}

// The textbook's client with the server's LAN address where its HOST argument should be.
constexpr const char* kLanClient =
    "import socket, sys\nserverName = '192.168.0.123'\ns = socket.socket()\n"
    "s.connect((serverName, int(sys.argv[2])))\nf = s.makefile('rb')\nwhile True:\n    try:\n"
    "        line = input()\n    except EOFError:\n        break\n"
    "    s.sendall((line + '\\n').encode())\n    print(f.readline().decode().rstrip('\\n'))\n";

// It passes, and the case ends when its answers are in and the server waits for the next
// client: the timeout (made far longer than any run here) is never what ends it.
TEST(CaseRunner, GoodServerPasses) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;  // bounds a failure only
  auto dir = Dir(
      "good-server", "server.py",
      "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
      "socket.SO_REUSEADDR, 1)\n"
      "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nprint('ready')\nwhile True:\n"
      "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line.upper())\n"
      "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, s.cases[0].timeout_ms) << "the case waited for its timeout";
}

TEST(CaseRunner, EchoServerIsNamed) {
  spec::Spec s = CapitalizeSpec();
  auto dir =
      Dir("echo-server", "server.py",
          "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
          "socket.SO_REUSEADDR, 1)\n"
          "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nwhile True:\n"
          "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line)\n"
          "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_EQ(r.code, check::Code::kEcho) << r.message;
}

TEST(CaseRunner, ThePortCanComeThroughTheEnvironment) {
  spec::Spec s = CapitalizeSpec();
  s.roles[0].port_via = spec::PortVia::kEnv;
  s.roles[0].port_env = "SERVER_PORT";
  s.roles[0].argv.clear();
  auto dir = Dir(
      "env-server", "server.py",
      "import os, socket\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
      "socket.SO_REUSEADDR, 1)\n"
      "s.bind(('', int(os.environ['SERVER_PORT'])))\ns.listen(5)\nwhile True:\n"
      "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line.upper())\n"
      "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

TEST(CaseRunner, TextbookClientPasses) {
  spec::Spec s = CapitalizeSpec();
  auto dir =
      Dir("client", "client.py",
          "import socket, sys\ns = socket.socket()\ns.connect((sys.argv[1], int(sys.argv[2])))\n"
          "f = s.makefile('rb')\nwhile True:\n    try:\n        line = input('Input lowercase "
          "sentence:')\n"
          "    except EOFError:\n        break\n    s.sendall((line + '\\n').encode())\n"
          "    print('From Server: ', f.readline().decode().rstrip('\\n'))\ns.close()\n");
  CaseResult r = Grade1(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// A client with a LAN address written in it ignores its HOST argument: in the case's
// namespaces the address leads to the reference server, and the result notes it.
TEST(CaseRunner, AClientWithALanAddressReachesThePeerWithANote) {
  if (!NetNamespace::Available()) GTEST_SKIP() << "no network namespaces here";
  spec::Spec s = CapitalizeSpec();
  auto dir = Dir("lan-client", "client.py", kLanClient);
  CaseResult r = Grade1(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_EQ(
      r.notes,
      std::vector<std::string>{
          "client.py connected to 192.168.0.123 (written in the program?); netgrade led it to "
          "the server. On the real network it must use the HOST it is given."});
}

// Without namespaces of the case's own the address leads nowhere (here: a namespace of the
// test's with loopback only, so that nothing is sent anywhere): the diagnosis says why first.
TEST(CaseRunner, WithoutNamespacesALanAddressIsExplainedNotJustATraceback) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  NetNamespace::Scope in(ns.get());
  spec::Spec s = CapitalizeSpec();
  auto dir = Dir("lan-client-shared", "client.py", kLanClient);
  RunOptions options;
  options.isolate = false;
  CaseResult r = Grade1(s, 1, dir, options);
  EXPECT_FALSE(r.passed());
  EXPECT_EQ(r.message.find("client.py connects to 192.168.0.123, which is not this machine: use "
                           "the HOST argument it is given."),
            0u)
      << r.message;
}

// A server that reads and never answers is at rest in recv() with nothing on its way to it,
// and the reference client waits for an answer: nothing can change any more. The case ends
// within about a second, not at its (long) timeout, and the diagnosis says where it waited.
TEST(CaseRunner, ASilentServerEndsOnceAtRestNotAtItsTimeout) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;  // bounds a failure only
  auto dir = Dir("silent-server", "server.py",
                 "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
                 "socket.SO_REUSEADDR, 1)\ns.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                 "while True:\n    c, _ = s.accept()\n    while c.recv(1024):\n        pass\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_EQ(r.code, check::Code::kNoOutput) << r.message;
  EXPECT_NE(r.message.find("was blocked in recvfrom() with nothing on its way to it"),
            std::string::npos)
      << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

// A program with a timer of its own is not at rest: a server that waits in poll() with a
// 1 s timeout before it answers (longer than the 0.3 s a program must rest) passes.
TEST(CaseRunner, AServerWaitingOnATimerIsNotCutShort) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  auto dir = Dir("timer-server", "server.py",
                 "import select, socket, sys\ns = socket.socket()\n"
                 "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                 "s.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                 "while True:\n    c, _ = s.accept()\n    for line in c.makefile('rb'):\n"
                 "        select.select([], [], [], 1.0)\n        c.sendall(line.upper())\n"
                 "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// The grace after a failing verdict is for a program about to exit: one back at rest (an echo
// server in accept() again, no timer of its own) will not, and the verdict comes at once, not
// after the grace (made 20 s here).
TEST(CaseRunner, AFailingServerBackAtRestGetsItsVerdictWithoutTheExitGrace) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(20000);
  auto dir =
      Dir("echo-server-grace", "server.py",
          "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
          "socket.SO_REUSEADDR, 1)\n"
          "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nwhile True:\n"
          "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line)\n"
          "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir, options);
  EXPECT_EQ(r.code, check::Code::kEcho) << r.message;
  EXPECT_LT(r.wall_ms, 10000) << "the case waited out the exit grace";
}

// And a failing program asleep with a timer due within the grace is let wake and exit: the
// exit (after 0.5 s here) is what explains the failure.
TEST(CaseRunner, AFailingServerThatSleepsAndThenExitsIsSeenExiting) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(20000);
  auto dir = Dir("echo-server-exits", "server.py",
                 "import socket, sys, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
                 "socket.SO_REUSEADDR, 1)\n"
                 "s.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                 "c, _ = s.accept()\nfor line in c.makefile('rb'):\n    c.sendall(line)\n"
                 "c.close()\ntime.sleep(0.5)\nsys.exit(4)\n");
  CaseResult r = Grade1(s, 0, dir, options);
  EXPECT_FALSE(r.passed());
  EXPECT_NE(r.message.find("exit"), std::string::npos) << r.message;
  EXPECT_LT(r.wall_ms, 10000) << "the case waited out the exit grace";
}

// Something still due from the grader's side keeps the case open: the proxy delays every
// line to the server by 800 ms, while the server rests in recv() with nothing to read yet.
TEST(CaseRunner, ALineTheProxyStillHoldsKeepsTheCaseOpen) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  s.cases[0].faults.to_student.delay_ms = 800;
  auto dir = Dir(
      "delayed-server", "server.py",
      "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
      "socket.SO_REUSEADDR, 1)\n"
      "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nwhile True:\n"
      "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(line.upper())\n"
      "    c.close()\n");
  CaseResult r = Grade1(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// What the program sent before it exited is on its way: a UDP client that sends its two lines
// and exits at once, while the proxy delays each datagram by 300 ms, has sent both (the case
// had ended at its exit, and "'TWO' never came" blamed it for the grader's delay).
TEST(CaseRunner, DatagramsTheProxyStillDelaysWhenTheClientExitsReachThePeer) {
  spec::Spec s = CapitalizeSpec();
  s.protocol = spec::Protocol::kUdp;
  spec::Case& c = s.cases[1];
  c.timeout_ms = 60000;
  c.stdin_lines = {"one", "two"};
  c.expect.stdout_source = spec::StdoutSource::kUnchecked;
  c.faults.from_student.delay_ms = 300;
  auto dir = Dir("udp-send-and-exit", "client.py",
                 "import socket, sys\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                 "for line in sys.stdin:\n"
                 "    s.sendto(line.rstrip('\\n').encode(), (sys.argv[1], int(sys.argv[2])))\n");
  CaseResult r = Grade1(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, 10000);
}

// The grace after a failing verdict lets a program show why it fails, not finish late: a client
// that must exit, answers right, and is still asleep at its 1 s timeout has not exited, even
// when it exits within the grace (made 2 s here, so that without the exit rule's check it
// would pass).
TEST(CaseRunner, AClientThatMustExitAndExitsAfterItsTimeoutFails) {
  spec::Spec s = CapitalizeSpec();
  s.cases[1].timeout_ms = 1000;
  RunOptions options;
  options.thresholds.exit_grace = std::chrono::milliseconds(2000);
  auto dir = Dir("late-exit-client", "client.py", R"(import socket, sys, time
s = socket.socket()
s.connect((sys.argv[1], int(sys.argv[2])))
f = s.makefile('rb')
while True:
    try:
        line = input()
    except EOFError:
        break
    s.sendall((line + '\n').encode())
    print(f.readline().decode().rstrip('\n'))
s.close()
time.sleep(1.5)
)");
  CaseResult r = Grade1(s, 1, dir, options);
  EXPECT_FALSE(r.passed()) << "exited after its timeout, and passed";
  EXPECT_EQ(r.code, check::Code::kDidNotExit) << r.message;
}

// A client that turns the end of its input into a busy loop, with every answer printed and
// nothing more to read, will not exit: once it has used spin_cpu of CPU time so, the case
// ends (did_not_exit, saying it kept a CPU busy), not at its (long) timeout.
constexpr const char* kSpinAfterInputClient = R"(import socket, sys, time
s = socket.socket()
s.connect((sys.argv[1], int(sys.argv[2])))
f = s.makefile('rb')
while True:
    try:
        line = input()
    except EOFError:
        break
    s.sendall((line + '\n').encode())
    print(f.readline().decode().rstrip('\n'), flush=True)
end = time.monotonic() + float(sys.argv[3]) if len(sys.argv) > 3 else None
while end is None or time.monotonic() < end:
    pass
s.close()
)";

TEST(CaseRunner, AClientThatSpinsAfterItsInputInsteadOfExitingEndsAtOnce) {
  spec::Spec s = CapitalizeSpec();
  s.cases[1].timeout_ms = 60000;  // bounds a failure only
  auto dir = Dir("spin-after-input", "client.py", kSpinAfterInputClient);
  CaseResult r = Grade1(s, 1, dir);
  EXPECT_EQ(r.code, check::Code::kDidNotExit) << r.message;
  EXPECT_NE(r.message.find("did not exit after the end of its input: it kept a CPU busy instead "
                           "of exiting"),
            std::string::npos)
      << r.message;
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

// Spinning settles the case only after spin_cpu of CPU time (made 30 s here): the same client
// busy for half a second before it exits passes.
TEST(CaseRunner, AClientBusyAfterItsInputForLessThanSpinCpuThenExitingPasses) {
  spec::Spec s = CapitalizeSpec();
  s.roles[1].argv.push_back("0.5");
  s.cases[1].timeout_ms = 20000;
  RunOptions options;
  options.thresholds.spin_cpu = std::chrono::milliseconds(30000);
  auto dir = Dir("busy-then-exit", "client.py", kSpinAfterInputClient);
  CaseResult r = Grade1(s, 1, dir, options);
  EXPECT_TRUE(r.passed()) << r.message;
}

}  // namespace
}  // namespace netgrade::run
