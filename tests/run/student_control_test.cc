// The runner's side of a case's script (StudentControl), driven as the script peer drives
// it, with tiny Python programs in a temporary folder: a server is stopped, started again and
// seen listening again; one without SO_REUSEADDR, whose connection was left in TIME_WAIT,
// fails with "Address already in use"; standard input comes one line at a time. Nothing
// sleeps: every wait is on an observed event, bounded.
#include "harness/run/student_control.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/proc.h"
#include "harness/check/judge.h"
#include "harness/check/restart_checks.h"
#include "harness/plan/case_plan.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/netns.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using check::observed_test::TermsOf;
using testing_support::ExpectWords;

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

// A server that prints as it gets ready and as it accepts, and serves one client at a time.
std::string Server(bool reuse) {
  return std::string("import socket, sys\ns = socket.socket()\n") +
         (reuse ? "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n" : "") +
         "s.bind(('127.0.0.1', int(sys.argv[1])))\ns.listen(5)\nprint('listening', flush=True)\n"
         "while True:\n    c, _ = s.accept()\n    print('accepted', flush=True)\n"
         "    while c.recv(100): pass\n    c.close()\n";
}

// One case of one program, its runner's pieces as RunCase has them: a launch, the process
// slot and the control over both.
struct Case {
  std::filesystem::path dir;
  spec::Spec spec;
  plan::Program program;
  plan::CasePlan plan;
  bool isolate;
  sandbox::CaseNetwork network;
  // As in RunCase: everything from here on in the student's network namespace.
  sandbox::NetNamespace::Scope in_student;
  EventLoop loop;
  uint16_t port = PickFreePort();
  std::unique_ptr<ProgramLaunch> launch;
  std::unique_ptr<sandbox::Process> process;
  observe::Restart record;
  TimePoint deadline = Clock::now() + kBound;
  bool fail_start = false;       // the grader cannot start it again
  std::vector<int64_t> carried;  // what each start carried over of the stopped run's CPU wait
  std::unique_ptr<StudentControl> control;

  Case(const std::string& name, const std::string& code, std::vector<std::string> stdin_lines = {},
       std::chrono::milliseconds grace = std::chrono::milliseconds(500), bool contained = false,
       std::chrono::milliseconds spin_cpu = {})
      : isolate(contained), network(contained, false), in_student(network.student()) {
    dir = std::filesystem::temp_directory_path() /
          ("netgrade-student-control-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "server.py") << code;
    spec.exercise = "student-control";
    spec.roles = {{.name = "server",
                   .names = {"server"},
                   .listens = true,
                   .argv = {"{port}"},
                   .port_env = {},
                   .mark = {}}};
    spec::Case c;
    c.name = name;
    c.role = "server";
    c.stdin_lines = std::move(stdin_lines);
    spec::Step feed;  // a script that feeds stdin: it stays open
    feed.action = spec::Step::Action::kStdin;
    c.script = {feed};
    spec.cases = {c};
    program = {"server", dir / "server.py", {"/usr/bin/python3"}, "server.py"};
    plan = plan::PlanCase(spec, spec.cases[0], program, 1);
    RunOptions options;
    options.isolate = isolate;
    launch = std::make_unique<ProgramLaunch>(plan, dir.string(), options, 5000, network,
                                             "127.0.0.1", port);
    process = launch->Start(loop);
    StudentControl::Setup setup;
    setup.loop = &loop;
    setup.process = &process;
    setup.start = [this] {
      if (fail_start) throw SystemError("fork", EAGAIN);
      return launch->Start(loop);
    };
    setup.listens_with = observe::SocketProto::kTcp;
    setup.port = [this] { return port; };
    setup.stop_grace = grace;
    setup.spin_cpu = spin_cpu;
    setup.deadline = [this] { return deadline; };
    setup.record = &record;
    setup.carry_run_delay = [this](int64_t ns) { carried.push_back(ns); };
    control = std::make_unique<StudentControl>(std::move(setup));
  }
  ~Case() {
    control.reset();
    process.reset();
    std::filesystem::remove_all(dir);
  }

  bool Printed(const std::string& text) {
    return loop.RunUntil([&] { return process->stdout_text() == text || process->finished(); },
                         Clock::now() + kBound) &&
           process->stdout_text() == text;
  }
  void Stop() {
    bool stopped = false;
    control->StopStudent([&] { stopped = true; });
    ASSERT_TRUE(loop.RunUntil([&] { return stopped; }, Clock::now() + kBound));
  }
  void Start() {
    std::optional<bool> started;
    control->StartStudent([&](bool ok) { started = ok; });
    ASSERT_TRUE(loop.RunUntil([&] { return started.has_value(); }, Clock::now() + kBound));
    ASSERT_TRUE(*started);
  }
  std::optional<bool> AwaitListening(std::chrono::milliseconds within) {
    std::optional<bool> listening;
    control->AwaitListening(within, [&](bool ok) { listening = ok; });
    loop.RunUntil([&] { return listening.has_value(); }, Clock::now() + kBound);
    return listening;
  }
};

// A client of the test's own, connected (blocking: loopback completes it at once).
Fd Connect(uint16_t port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void StoppedAndStartedAgain(bool contained) {
  Case c(contained ? "again-contained" : "again", Server(true), {}, std::chrono::milliseconds(500),
         contained);
  if (contained && !c.network.isolated()) GTEST_SKIP() << "no network namespaces here";
  ASSERT_TRUE(c.Printed("listening\n")) << c.process->stderr_text();
  Fd client = Connect(c.port);
  ASSERT_TRUE(c.Printed("listening\naccepted\n"));
  int64_t waited = ReadRunDelayNs(c.process->program_pid()).value_or(-1);
  ASSERT_GE(waited, 0) << "its schedstat";
  c.Stop();
  EXPECT_TRUE(c.control->holds_case()) << "stopped, not started again: its exit is no end";
  EXPECT_TRUE(c.process->exit_info().exited);
  EXPECT_EQ(c.process->exit_info().signal, SIGTERM);
  EXPECT_TRUE(c.process->exit_info().killed_by_grader) << "its end is the grader's doing";
  EXPECT_TRUE(c.process->Pids().empty());
  client.Reset();  // the server closed first: its side of the connection is in TIME_WAIT
  c.Start();
  EXPECT_FALSE(c.control->holds_case());
  EXPECT_EQ(c.AwaitListening(std::chrono::milliseconds(5000)), true) << c.process->stderr_text();
  EXPECT_FALSE(c.record.not_listening);
  EXPECT_EQ(c.record.starts, 1);
  // The deadline is told what the stopped run waited for a CPU, read before it was gone.
  ASSERT_EQ(c.carried.size(), 1u);
  EXPECT_GE(c.carried[0], waited);
  // Both runs' output, in order: what the checks read.
  EXPECT_EQ(c.process->stdout_text(), "listening\naccepted\nlistening\n");
}

TEST(StudentControl, AServerStoppedAndStartedAgainIsSeenListeningAgain) {
  StoppedAndStartedAgain(false);
}

// The same as RunCase runs it where it can: in the case's network and PID namespaces, its
// cgroup and jail; the second start joins the same cgroup.
TEST(StudentControl, AContainedServerStoppedAndStartedAgainIsSeenListeningAgain) {
  StoppedAndStartedAgain(true);
}

// The same server without SO_REUSEADDR: the port is still taken by the connection the
// stopped run closed first, and its stderr says so.
TEST(StudentControl, WithoutReuseAddrARestartFailsWithAddressInUse) {
  Case c("in-use", Server(false));
  ASSERT_TRUE(c.Printed("listening\n")) << c.process->stderr_text();
  Fd client = Connect(c.port);
  ASSERT_TRUE(c.Printed("listening\naccepted\n"));
  c.Stop();
  client.Reset();  // after the server's FIN: the server's side goes to TIME_WAIT
  c.Start();
  EXPECT_EQ(c.AwaitListening(std::chrono::milliseconds(5000)), false);
  EXPECT_TRUE(c.record.not_listening);
  EXPECT_TRUE(c.record.exited);
  EXPECT_NE(c.record.address_in_use.find("Address already in use"), std::string::npos)
      << c.process->stderr_text();

  // The judge says so, with the port.
  observe::Observation o;
  o.spec = &c.spec;
  o.test = &c.spec.cases[0];
  o.role = &c.spec.roles[0];
  o.port = 40000;  // by hand, not c.port: the golden block holds no port the run chose
  o.ready = true;
  o.restart = c.record;
  o.program.display_name = "server.py";
  check::Finding f = check::CheckRestart(o, TermsOf(o));
  EXPECT_EQ(f.code, check::Code::kAddressInUse);
  ExpectWords(f);  // with the port
}

TEST(StudentControl, AProgramThatNeverListensAgainIsToldAtTheBound) {
  Case c("never", "import sys\nprint('up', flush=True)\nsys.stdin.read()\n");
  ASSERT_TRUE(c.Printed("up\n"));
  c.Stop();
  c.Start();
  TimePoint asked = Clock::now();
  EXPECT_EQ(c.AwaitListening(std::chrono::milliseconds(100)), false);
  EXPECT_GE(Clock::now() - asked, std::chrono::milliseconds(100));
  EXPECT_TRUE(c.record.not_listening);
  EXPECT_FALSE(c.record.exited);
  EXPECT_TRUE(c.record.address_in_use.empty());
  EXPECT_EQ(c.record.within_ms, 100);
}

// SIGTERM ignored: SIGKILL once the grace has passed, and only then.
TEST(StudentControl, AProgramThatIgnoresSigtermIsKilledAfterTheGrace) {
  Case c("stubborn",
         "import signal, sys\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
         "print('up', flush=True)\nsys.stdin.read()\n",
         {}, std::chrono::milliseconds(100));
  ASSERT_TRUE(c.Printed("up\n"));
  TimePoint asked = Clock::now();
  c.Stop();
  EXPECT_GE(Clock::now() - asked, std::chrono::milliseconds(100));
  EXPECT_EQ(c.process->exit_info().signal, SIGKILL);
  EXPECT_TRUE(c.process->Pids().empty());
}

// Each line is written when its step comes: the program has read and echoed line 1 before
// line 2 exists. The case's own `stdin` lines come first.
TEST(StudentControl, StandardInputComesOneLineAtATime) {
  Case c("stdin",
         "import sys\nfor line in sys.stdin:\n    print('got', line.strip(), flush=True)\n"
         "print('eof', flush=True)\n",
         {"zero"});
  ASSERT_TRUE(c.Printed("got zero\n"));
  c.control->FeedStdin("one");
  ASSERT_TRUE(c.Printed("got zero\ngot one\n"));
  EXPECT_FALSE(c.process->exit_info().exited) << "its input ended before the script closed it";
  c.control->FeedStdin("two");
  ASSERT_TRUE(c.Printed("got zero\ngot one\ngot two\n"));
  c.control->CloseStdin();
  ASSERT_TRUE(c.Printed("got zero\ngot one\ngot two\neof\n"));
}

// At rest in read(): done once seen so. A program that never rests (a busy loop) is waited
// for until the case's deadline, not longer.
TEST(StudentControl, AwaitWaitingEndsAtRestOrAtTheDeadline) {
  Case c("rest", "import sys\nprint('up', flush=True)\nsys.stdin.read()\n");
  ASSERT_TRUE(c.Printed("up\n"));
  bool waiting = false;
  c.control->AwaitWaiting([&] { waiting = true; });
  ASSERT_TRUE(c.loop.RunUntil([&] { return waiting; }, Clock::now() + kBound));
  EXPECT_LT(Clock::now(), c.deadline);

  Case busy("busy", "print('up', flush=True)\nwhile True: pass\n");
  ASSERT_TRUE(busy.Printed("up\n"));
  busy.deadline = Clock::now() + std::chrono::milliseconds(100);
  bool ended = false;
  busy.control->AwaitWaiting([&] { ended = true; });
  ASSERT_TRUE(busy.loop.RunUntil([&] { return ended; }, Clock::now() + kBound));
  EXPECT_GE(Clock::now(), busy.deadline);
}

// A program that polls in a loop (a non-blocking server as the course teaches it) is never
// blocked. With a line on its input it has not read, it has not done what it was given,
// however much CPU it spends.
TEST(StudentControl, AProgramSpinningWithALineUnreadHasNotWaited) {
  Case busy("spin", "print('up', flush=True)\nwhile True: pass\n", {},
            std::chrono::milliseconds(500), false, std::chrono::milliseconds(50));
  ASSERT_TRUE(busy.Printed("up\n"));
  busy.control->FeedStdin("a line it never reads");
  bool ended = false;
  busy.control->AwaitWaiting([&] { ended = true; });
  // A line waits on its standard input: it has not done what it was given.
  busy.loop.RunUntil([&] { return ended; }, Clock::now() + std::chrono::milliseconds(300));
  EXPECT_FALSE(ended);
}

// With nothing for it to read, once it has spent spin_cpu of CPU time looking, it has had its
// chance: waiting ends then, not at the deadline.
TEST(StudentControl, AProgramSpinningWithNothingPendingEndsItsWaitBeforeTheDeadline) {
  Case busy("spin-idle", "print('up', flush=True)\nwhile True: pass\n", {},
            std::chrono::milliseconds(500), false, std::chrono::milliseconds(50));
  ASSERT_TRUE(busy.Printed("up\n"));
  bool ended = false;
  busy.control->AwaitWaiting([&] { ended = true; });
  ASSERT_TRUE(busy.loop.RunUntil([&] { return ended; }, Clock::now() + kBound));
  EXPECT_LT(Clock::now(), busy.deadline);
}

}  // namespace
}  // namespace netgrade::run

namespace netgrade::run {
namespace {

// A start that comes before the stop was done (its grace still running) kills the old run at
// once; the grace that then passes does not touch the new one.
TEST(StudentControl, AStartBeforeTheStopIsDoneLeavesTheNewRunAlone) {
  Case c("early-start",
         "import signal, sys\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
         "print('up', flush=True)\nsys.stdin.read()\n",
         {}, std::chrono::milliseconds(50));
  ASSERT_TRUE(c.Printed("up\n"));
  bool stopped = false;
  c.control->StopStudent([&] { stopped = true; });
  c.Start();
  ASSERT_TRUE(c.Printed("up\nup\n"));
  // Past the old grace: the new run still runs.
  TimePoint past = Clock::now() + std::chrono::milliseconds(100);
  c.loop.RunUntil([] { return false; }, past);
  EXPECT_FALSE(c.process->exit_info().exited);
}

}  // namespace
}  // namespace netgrade::run

namespace netgrade::run {
namespace {

// The grader cannot start it again: done(false), and the stopped run stays the case's program
// (the runner never finds no program), its output kept.
TEST(StudentControl, AStartTheGraderCannotDoIsReportedAndKeepsTheStoppedRun) {
  Case c("cannot-start", "import sys\nprint('up', flush=True)\nsys.stdin.read()\n");
  ASSERT_TRUE(c.Printed("up\n"));
  c.Stop();
  c.fail_start = true;
  std::optional<bool> started;
  c.control->StartStudent([&](bool ok) { started = ok; });
  ASSERT_TRUE(c.loop.RunUntil([&] { return started.has_value(); }, Clock::now() + kBound));
  EXPECT_FALSE(*started);
  ASSERT_NE(c.process, nullptr);
  EXPECT_TRUE(c.process->exit_info().exited);
  EXPECT_EQ(c.process->stdout_text(), "up\n");
  EXPECT_TRUE(c.control->holds_case());
  EXPECT_EQ(c.record.starts, 0);
}

}  // namespace
}  // namespace netgrade::run

namespace netgrade::run {
namespace {

// A contained program that has ended while its init has not reaped it yet (held here with
// SIGSTOP; on a loaded machine, not scheduled): its end is on its way, and what it left (a
// daemon's child, which may still serve) is no program still running. Once init runs, it
// reports the end and ends the child.
TEST(ContainedProgram, ItsEndIsOnItsWayUntilItsInitReportsIt) {
  Case c("end-on-its-way",
         "import os, sys, time\nprint('up', flush=True)\nsys.stdin.readline()\n"
         "if os.fork() == 0:\n    os.close(1)\n    os.close(2)\n    time.sleep(60)\n"
         "os._exit(0)\n",
         {}, std::chrono::milliseconds(500), true);
  if (!c.network.isolated()) GTEST_SKIP() << "no network namespaces here";
  ASSERT_TRUE(c.Printed("up\n")) << c.process->stderr_text();
  ASSERT_TRUE(c.process->contained());
  pid_t program = c.process->program_pid();
  ASSERT_GT(program, 0);
  EXPECT_FALSE(c.process->exit_on_its_way()) << "it runs";
  std::vector<pid_t> helpers = ChildrenOf(c.process->pid());
  ASSERT_EQ(helpers.size(), 1u) << "the first process's only child is the namespace's init";
  const pid_t init = helpers.front();
  ASSERT_EQ(::kill(init, SIGSTOP), 0);
  // Stopped once seen so: a signal is delivered when init next runs, and init would reap the
  // program first if it ended meanwhile.
  const std::string init_stat = "/proc/" + std::to_string(init) + "/stat";
  for (TimePoint bound = Clock::now() + kBound;
       ReadProcStat(init_stat).value_or(ProcStat{}).state != 'T' && Clock::now() < bound;)
    std::this_thread::yield();
  ASSERT_EQ(ReadProcStat(init_stat).value_or(ProcStat{}).state, 'T');
  c.control->FeedStdin("go");
  // Observed, not slept: the program becomes a zombie that its stopped init cannot reap.
  TimePoint bound = Clock::now() + kBound;
  while (!c.process->exit_on_its_way() && Clock::now() < bound)
    c.loop.RunUntil([] { return false; }, Clock::now() + std::chrono::milliseconds(1));
  EXPECT_TRUE(c.process->exit_on_its_way());
  EXPECT_FALSE(c.process->exit_info().exited);
  EXPECT_EQ(c.process->program_pid(), program) << "a zombie is still the program, no orphan";
  std::vector<pid_t> left = c.process->Pids();
  EXPECT_TRUE(std::any_of(left.begin(), left.end(), [&](pid_t p) { return p != program; }))
      << "the child it left is there, and would look like a program still running";
  ASSERT_EQ(::kill(init, SIGCONT), 0);
  ASSERT_TRUE(
      c.loop.RunUntil([&] { return c.process->exit_info().exited; }, Clock::now() + kBound));
  EXPECT_FALSE(c.process->exit_on_its_way()) << "reported";
  EXPECT_EQ(c.process->exit_info().status, 0);
}

}  // namespace
}  // namespace netgrade::run
