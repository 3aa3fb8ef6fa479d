// When a running case is settled, end to end through run::RunCase: a program at rest ends its
// case at once, one with a timer of its own or with something still on its way to it does not;
// a client that spins instead of exiting ends its case once it has used spin_cpu of CPU time.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "harness/run/case_runner.h"
#include "harness/sandbox/netns.h"
#include "tests/support/program_case.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using namespace netgrade::sandbox;
using testing_support::CapitalizeSpec;
using testing_support::ExpectWords;
using testing_support::ProgramDir;
using testing_support::RunCaseOn;

// A server that reads and never answers is at rest in recv() with nothing on its way to it,
// and the reference client waits for an answer: nothing can change any more. The case ends
// within about a second, not at its (long) timeout, and the diagnosis says where it waited.
TEST(CaseSettled, ASilentServerEndsOnceAtRestNotAtItsTimeout) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;  // bounds a failure only
  auto dir =
      ProgramDir("silent-server", "server.py",
                 "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
                 "socket.SO_REUSEADDR, 1)\ns.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                 "while True:\n    c, _ = s.accept()\n    while c.recv(1024):\n        pass\n");
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_EQ(r.code, check::Code::kNoOutput) << r.message;
  // Why the case ended there, as a note: the call it was blocked in.
  ASSERT_EQ(r.finding_notes.size(), 1u) << r.message;
  EXPECT_NE(r.finding_notes[0].find("recvfrom()"), std::string::npos) << r.finding_notes[0];
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

// A program with a timer of its own is not at rest: a server that waits in poll() with a
// 1 s timeout before it answers (longer than the 0.3 s a program must rest) passes.
TEST(CaseSettled, AServerWaitingOnATimerIsNotCutShort) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  auto dir = ProgramDir("timer-server", "server.py",
                        "import select, socket, sys\ns = socket.socket()\n"
                        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                        "s.bind(('', int(sys.argv[1])))\ns.listen(5)\n"
                        "while True:\n    c, _ = s.accept()\n    for line in c.makefile('rb'):\n"
                        "        select.select([], [], [], 1.0)\n        c.sendall(line.upper())\n"
                        "    c.close()\n");
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// Something still due from the grader's side keeps the case open: the proxy delays every
// line to the server by 800 ms, while the server rests in recv() with nothing to read yet.
TEST(CaseSettled, ALineTheProxyStillHoldsKeepsTheCaseOpen) {
  spec::Spec s = CapitalizeSpec();
  s.cases[0].timeout_ms = 60000;
  s.cases[0].faults.to_student.delay_ms = 800;
  auto dir =
      ProgramDir("delayed-server", "server.py", testing_support::PythonServer("line.upper()"));
  CaseResult r = RunCaseOn(s, 0, dir);
  EXPECT_TRUE(r.passed()) << r.message;
}

// What the program sent before it exited is on its way: a UDP client that sends its two lines
// and exits at once, while the proxy delays each datagram by 300 ms, has sent both (the case
// had ended at its exit, and "'TWO' never came" blamed it for the grader's delay).
TEST(CaseSettled, DatagramsTheProxyStillDelaysWhenTheClientExitsReachThePeer) {
  spec::Spec s = CapitalizeSpec();
  s.protocol = spec::Protocol::kUdp;
  spec::Case& c = s.cases[1];
  c.timeout_ms = 60000;
  c.stdin_lines = {"one", "two"};
  c.expect.stdout_source = spec::StdoutSource::kUnchecked;
  c.faults.from_student.delay_ms = 300;
  auto dir =
      ProgramDir("udp-send-and-exit", "client.py",
                 "import socket, sys\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                 "for line in sys.stdin:\n"
                 "    s.sendto(line.rstrip('\\n').encode(), (sys.argv[1], int(sys.argv[2])))\n");
  CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  EXPECT_LT(r.wall_ms, 10000);
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

TEST(CaseSettled, AClientThatSpinsAfterItsInputInsteadOfExitingEndsAtOnce) {
  spec::Spec s = CapitalizeSpec();
  s.cases[1].timeout_ms = 60000;  // bounds a failure only
  auto dir = ProgramDir("spin-after-input", "client.py", kSpinAfterInputClient);
  CaseResult r = RunCaseOn(s, 1, dir);
  EXPECT_EQ(r.code, check::Code::kDidNotExit) << r.message;
  ExpectWords(r);
  EXPECT_LT(r.wall_ms, 5000) << "the case waited for its timeout";
}

// Spinning settles the case only after spin_cpu of CPU time (made 30 s here): the same client
// busy for half a second before it exits passes.
TEST(CaseSettled, AClientBusyAfterItsInputForLessThanSpinCpuThenExitingPasses) {
  spec::Spec s = CapitalizeSpec();
  s.roles[1].argv.push_back("0.5");
  s.cases[1].timeout_ms = 20000;
  RunOptions options;
  options.thresholds.spin_cpu = std::chrono::milliseconds(30000);
  auto dir = ProgramDir("busy-then-exit", "client.py", kSpinAfterInputClient);
  CaseResult r = RunCaseOn(s, 1, dir, options);
  EXPECT_TRUE(r.passed()) << r.message;
}

}  // namespace
}  // namespace netgrade::run
