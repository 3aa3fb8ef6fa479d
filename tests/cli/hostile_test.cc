// Hostile submissions (tests/submissions/hostile/): each runs only inside the containment it
// tests (root, a network namespace with no route but loopback, a cgroup). For each: each case
// ends within its own timeout (plus a grace for stopping and judging), the case fails (or
// passes) with the diagnosis expected.yaml states, no process of it is left, and the
// submission directory is unchanged.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "harness/base/address.h"
#include "harness/base/file.h"
#include "harness/run/contain.h"
#include "harness/run/grade.h"
#include "harness/sandbox/case_network.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "harness/validate/catalogue.h"
#include "tests/cli/netgrade_binary.h"
#include "tests/support/open_to_others.h"
#include "tests/support/words_golden.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// Every file's path, size and content under dir: the state that must not change.
std::string Snapshot(const fs::path& dir) {
  std::string out;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out += f.string() + "\n" + ss.str() + "\n";
  }
  return out;
}

// Processes in a cgroup this test process made (named netgrade-<pid>-N).
int ProcessesOfOurCgroups() {
  std::string mark = "netgrade-" + std::to_string(::getpid()) + "-";
  int count = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    // ReadFile: a process gone meanwhile makes an ifstream throw (ESRCH).
    std::string all = ReadFile((e.path() / "cgroup").string(), 1 << 16).value_or("");
    count += all.find(mark) != std::string::npos;
  }
  return count;
}

// The machine's System V IPC objects (the lines of /proc/sysvipc/shm, msg and sem) and POSIX
// message queues (/dev/mqueue): objects no process owns, which outlive every kill.
int IpcObjects() {
  int count = 0;
  for (const char* table : {"/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) ++count;
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/dev/mqueue", ec)) count += !e.path().empty();
  return count;
}

// The error a UDP connect() to host gets in the calling thread's namespace: it sends
// nothing, it only asks the routing table. *local: the kernel takes the address for its own
// (the socket's source is the address itself: delivered on loopback).
int RouteError(const char* host, bool* local = nullptr) {
  Address to = Address::Parse(host, 9);
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (::connect(s.get(), to.sa(), to.length) != 0) return errno;
  if (local) *local = LocalAddress(s.get()).host() == host;
  return 0;
}

// What is wrong with the namespace `ns` for a program that must reach nothing but loopback:
// an interface other than lo, or a route to an address outside it that is not delivered
// right there (a case's namespace takes every address for its own: sandbox/any_address.h);
// "" when there is none.
std::string BeyondLoopback(const sandbox::NetNamespace* ns) {
  if (!ns) return "no namespace: the program would share the machine's network";
  sandbox::NetNamespace::Scope inside(ns);
  std::string wrong;
  if (struct if_nameindex* all = ::if_nameindex()) {
    for (struct if_nameindex* i = all; i->if_index != 0; ++i)
      if (std::string(i->if_name) != "lo") wrong += fmt::format("interface {}; ", i->if_name);
    ::if_freenameindex(all);
  }
  bool local = false;
  if (int e = RouteError("198.51.100.7", &local); e != ENETUNREACH && !(e == 0 && local))
    wrong += fmt::format("198.51.100.7 is neither unreachable nor local ({}); ", e);
  if (RouteError("127.0.0.1") != 0) wrong += "no route to 127.0.0.1; ";
  return wrong;
}

// The namespace a one-host case gets, made as the runner makes it (run::RunOptions::isolate).
std::string CaseNamespaceBeyondLoopback() {
  sandbox::CaseNetwork network(/*isolate=*/true, /*two_hosts=*/false);
  return BeyondLoopback(network.student());
}

struct Graded {
  validate::Fixture fixture;
  std::unique_ptr<spec::Spec> spec;
  check::GradeResult result;
};

// Grades the fixture tests/submissions/hostile/<name> once, as `netgrade validate` would.
Graded GradeHostile(const std::string& name) {
  Graded g;
  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/hostile" / name;
  g.fixture =
      validate::LoadFixture(dir / "expected.yaml", NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR);
  g.fixture.dir = dir;
  spec::LoadResult loaded =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/" + g.fixture.spec + ".yaml");
  EXPECT_TRUE(loaded.ok());
  if (!loaded.ok()) return g;
  g.spec = std::make_unique<spec::Spec>(*loaded.spec);
  run::GradeOptions o;
  o.submission = dir;
  o.roles = {g.fixture.roles.begin(), g.fixture.roles.end()};
  o.cases = {g.fixture.cases.begin(), g.fixture.cases.end()};
  g.result = run::Grade(*g.spec, o);
  return g;
}

std::string SkipReason() {
  std::string why;
  if (::geteuid() != 0) return "needs root for the containment";
  if (std::string w = CaseNamespaceBeyondLoopback(); !w.empty())
    return "no network namespace with only loopback here: " + w;
  if (!sandbox::CaseCgroup::Create(8, 64 << 20, &why)) return why;
  return "";
}

// The copies cases ran in that are in the temporary directory (this process grades: they
// are netgrade-<pid>-XXXXXX; its other files, the jail's mount point, have a kind after the
// pid and last as long as the process).
size_t OurTemporaries() {
  std::string mark = "netgrade-" + std::to_string(::getpid()) + "-";
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path())) {
    std::string name = e.path().filename().string();
    n += name.rfind(mark, 0) == 0 && name.find('-', mark.size()) == std::string::npos;
  }
  return n;
}

// How long after its timeout a case may end: the exit grace of a failing program, stopping
// it (a cgroup full of processes), and judging. A bound on a hang, not a speed test.
constexpr double kGraceMs = 2000;

class Hostile : public testing::TestWithParam<std::string> {};

TEST_P(Hostile, IsContainedAndDiagnosed) {
  if (std::string why = SkipReason(); !why.empty()) GTEST_SKIP() << why;

  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/hostile" / GetParam();
  std::string before = Snapshot(dir);
  const fs::path in_tmp = fs::temp_directory_path() / "netgrade-hostile-was-here";
  fs::remove(in_tmp);
  ASSERT_EQ(ProcessesOfOurCgroups(), 0);
  const size_t temporaries = OurTemporaries();
  const int ipc_objects = IpcObjects();

  Graded g = GradeHostile(GetParam());
  ASSERT_TRUE(g.spec);
  ASSERT_EQ(g.result.cases.size(), g.fixture.cases.size()) << "every case named is graded";
  for (const std::string& line : validate::UngradedFailures(*g.spec, g.fixture))
    ADD_FAILURE() << line;
  for (const check::CaseResult& c : g.result.cases) {
    auto want = g.fixture.fail.find(c.name);
    if (want == g.fixture.fail.end())
      EXPECT_TRUE(c.passed()) << c.name << ": should pass, but failed [" << check::CodeName(c.code)
                              << "]: " << c.message;
    else
      EXPECT_EQ(check::CodeName(c.code), check::CodeName(want->second))
          << c.name << ": " << c.message;
    // The key sentence of its diagnosis and its note, as expected.yaml states them.
    if (want != g.fixture.fail.end())
      if (auto missing = validate::DescribeMissingSentence(g.fixture, c.name, c.message))
        ADD_FAILURE() << *missing;
    if (auto missing = validate::DescribeMissingNote(g.fixture, c.name, c.notes))
      ADD_FAILURE() << *missing;
    const spec::Case* test = nullptr;
    for (const spec::Case& sc : g.spec->cases)
      if (sc.name == c.name) test = &sc;
    ASSERT_NE(test, nullptr) << c.name;
    // The case's own bound (RunOptions' default multiplier is 1): a hostile program must not
    // keep the grader past it, however it behaves.
    // On a loaded machine the deadline moves by the time the program waited for a CPU (at
    // most kMostLoadExtensions timeouts): that much more, and no more.
    EXPECT_LE(c.load_extension_ms, run::kMostLoadExtensions * test->timeout_ms) << c.name;
    EXPECT_LE(c.wall_ms, test->timeout_ms + c.load_extension_ms + kGraceMs)
        << c.name << " took " << c.wall_ms << " ms; its timeout is " << test->timeout_ms
        << " ms, moved by " << c.load_extension_ms << " ms for the machine's load";
    EXPECT_LE(c.student_ms, c.wall_ms) << c.name;
  }
  EXPECT_EQ(ProcessesOfOurCgroups(), 0) << "a process of the submission was left behind";
  EXPECT_EQ(Snapshot(dir), before) << "the submission directory changed";
  EXPECT_FALSE(fs::exists(dir.parent_path() / "netgrade-was-here"));
  EXPECT_FALSE(fs::exists(in_tmp)) << "the program wrote to the real /tmp, not a /tmp of its own";
  EXPECT_EQ(OurTemporaries(), temporaries)
      << "a copy a case ran in was left in " << fs::temp_directory_path();
  EXPECT_EQ(IpcObjects(), ipc_objects) << "an IPC object (shared memory, a message queue, a "
                                          "semaphore set) outlived the case";
}

// The namespace a case runs in has nothing but loopback: checked first, on its own, so that
// the egress test below never runs a program that could reach beyond the machine.
TEST(HostileNetwork, ACaseNamespaceHasOnlyLoopback) {
  if (std::string why; !sandbox::NetNamespace::Available(&why)) GTEST_SKIP() << why;
  EXPECT_EQ(CaseNamespaceBeyondLoopback(), "");
}

// connects-outside ignores the host it is given and connects to 198.51.100.7. It says on
// stderr what connect() returned; the crash diagnosis quotes that, and notes the address the
// reference server was reached at, so the test can see that the attempt landed inside the
// case's namespace (not merely that the program failed somehow: a timeout, a refusal).
TEST(HostileNetwork, AnEgressAttemptLandsOnTheReferenceServerInside) {
  if (std::string why = SkipReason(); !why.empty()) GTEST_SKIP() << why;
  ASSERT_EQ(CaseNamespaceBeyondLoopback(), "") << "refusing to run a program that connects out";
  Graded g = GradeHostile("connects-outside");
  ASSERT_EQ(g.result.cases.size(), 1u);
  const check::CaseResult& c = g.result.cases[0];
  EXPECT_EQ(c.code, check::Code::kCrashed) << c.message;
  // What it printed, as its evidence; the host it dialled, in a note of its own.
  testing_support::ExpectWords(c);
}

INSTANTIATE_TEST_SUITE_P(
    All, Hostile,
    testing::Values("fork-bomb", "output-flood", "memory-hog", "memory-across-processes",
                    "kernel-state", "connection-flood", "dodges-faults", "busy-loop",
                    "ignores-sigterm", "double-fork-daemon", "closes-stdout", "writes-outside",
                    "connects-outside", "silent-daemon", "tcp-newline-flood", "tcp-endless-answer",
                    "udp-upper-flood", "steals-reference", "attacks-other-cases", "terminal-attack",
                    "stops-its-users-processes", "disk-fill", "ipc-hoard", "unix-socket-escape",
                    "other-socket-families", "many-children", "guard-bypass", "poisons-names",
                    "forges-capture", "source-routes",
                    // An exercise's own fixtures, contained the same way: raw packets by the
                    // thousand on an ICMP case's wire (at most 2000 pass), GSO super-frames
                    // past the MTU, an ARP flood with GSO frames, IP options.
                    "../icmp-pinger/flood", "../icmp-pinger/gso-flood", "../icmp-pinger/arp-flood",
                    "../icmp-pinger/ip-options"),
    [](const testing::TestParamInfo<std::string>& i) {
      std::string n = i.param.rfind("../", 0) == 0 ? i.param.substr(3) : i.param;
      for (char& c : n)
        if (c == '-' || c == '/') c = '_';
      return n;
    });

// The grader's own memory is bounded whatever the student's program sends: a flood fills
// what the reference peer records in a case (peers::kRecordBytes of what it receives, as much
// of its answers, TcpServerPeer::kQueueCap of answers waiting unread), and judging copies
// that a few times. Measured through the binary: wait4's peak resident size of netgrade
// (and of what it waited for). Before the caps, tcp-newline-flood took netgrade to 4 GB
// with 20 connections and to std::bad_alloc with 200; with them, about 15-35 MB.
// kMaxRssKb is four times that: room for a build with other allocators or more threads,
// and still far below what an uncapped log reaches in the 5 s of a case.
constexpr long kMaxRssKb = 150 * 1024;
// An ICMP case's wire records at most 4 MiB (icmp::IcmpWire::kRecordBytes) and refuses a
// frame past the MTU by its headers: the grader stays under 64 MiB (about 12 MB measured under
// gso-flood and arp-flood; 265 MB and 63 MB before the wire's bounds).
constexpr long kMaxIcmpRssKb = 64 * 1024;

struct MemoryCase {
  std::string fixture;  // under tests/submissions/hostile/
  long max_rss_kb;
};

class HostileMemory : public testing::TestWithParam<MemoryCase> {};

TEST_P(HostileMemory, TheGraderStaysUnderItsMemoryBound) {
  if (std::string why = SkipReason(); !why.empty()) GTEST_SKIP() << why;
  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/hostile" / GetParam().fixture;
  validate::Fixture fixture =
      validate::LoadFixture(dir / "expected.yaml", NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR);
  ASSERT_EQ(fixture.cases.size(), 1u);
  ASSERT_EQ(fixture.roles.size(), 1u);
  ASSERT_EQ(fixture.fail.count(fixture.cases[0]), 1u);
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/" + fixture.spec + ".yaml", "--submission", dir.string(), "--role",
       fixture.roles[0], "--case", fixture.cases[0], "--format", "json"});
  EXPECT_EQ(ran.status, 1) << "the case fails (not a grader error): " << ran.err;
  const std::string code(check::CodeName(fixture.fail.at(fixture.cases[0])));
  EXPECT_NE(ran.out.find("\"" + code + "\""), std::string::npos) << code << ": " << ran.out;
  EXPECT_GT(ran.max_rss_kb, 0);
  EXPECT_LT(ran.max_rss_kb, GetParam().max_rss_kb) << "netgrade's peak resident memory, in KiB";
}

INSTANTIATE_TEST_SUITE_P(Floods, HostileMemory,
                         testing::Values(MemoryCase{"tcp-newline-flood", kMaxRssKb},
                                         MemoryCase{"tcp-endless-answer", kMaxRssKb},
                                         MemoryCase{"udp-upper-flood", kMaxRssKb},
                                         MemoryCase{"../icmp-pinger/flood", kMaxIcmpRssKb},
                                         MemoryCase{"../icmp-pinger/gso-flood", kMaxIcmpRssKb},
                                         MemoryCase{"../icmp-pinger/arp-flood", kMaxIcmpRssKb}),
                         [](const testing::TestParamInfo<MemoryCase>& i) {
                           std::string n = i.param.fixture.rfind("../", 0) == 0
                                               ? i.param.fixture.substr(3)
                                               : i.param.fixture;
                           for (char& c : n)
                             if (c == '-' || c == '/') c = '_';
                           return n;
                         });

// The attacker graded beside the reference solution (--jobs 2), netgrade run through `wrapper`:
// the reference passes and the attacker saw nothing to attack.
testing_cli::Ran AttackerBesideTheReference(const std::vector<std::string>& wrapper) {
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/python",
       "--submission", "tests/submissions/hostile/attacks-other-cases", "--case", "server-one-line",
       "--jobs", "2", "--format", "json"},
      {}, wrapper);
  EXPECT_EQ(ran.status, 1) << ran.err;
  nlohmann::json doc = nlohmann::json::parse(ran.out, nullptr, false);
  if (!doc.is_array() || doc.size() != 2u) {
    ADD_FAILURE() << "not a report of two submissions: " << ran.out;
    return ran;
  }
  EXPECT_EQ(doc[0]["passed"], true) << "the reference solution was harmed: " << doc[0].dump();
  std::string attacker = doc[1]["cases"][0]["message"];
  EXPECT_NE(attacker.find("killed 0 processes, stole 0 descriptors, looked into 0 directories"),
            std::string::npos)
      << attacker;
  return ran;
}

// The other case of the run is unharmed: an attacker that kills, robs and spies on every
// process it can see runs beside the reference solution (--jobs 2). The reference passes,
// and the attacker reports it saw nothing to attack (a PID namespace and a uid of its own).
TEST(HostileContained, AnAttackerBesideTheReferenceHarmsNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "containment needs root here";
  AttackerBesideTheReference({});
}

// As a normal user (uid 65534 here, through setpriv) there are no cgroups and no uid per case,
// but user namespaces give each case its PID and mount namespaces: the attacker beside the
// reference solution still sees nothing to attack, the reference passes, and the report says
// what was weaker than full.
TEST(HostileContained, AsANormalUserTheOtherCaseIsStillOutOfReach) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv(1) is not installed";
  // The tree must be readable by that user (a clone made with umask 022 is).
  if (!testing_support::ClosedToOthers().empty())
    GTEST_SKIP() << testing_support::ClosedToOthersReason();
  testing_cli::Ran ran = AttackerBesideTheReference(
      {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc[0]["sandbox"]["user"], "same as grader");
  EXPECT_NE(doc[0]["sandbox"]["weaker"].dump().find(
                "not root: the programs run as the grader's own user"),
            std::string::npos)
      << doc[0]["sandbox"].dump();
}

// As a normal user there is no cgroup: each case's own user namespace caps its processes
// (RLIMIT_NPROC counts its tasks alone) and the grader sums its processes' memory. A fork
// bomb, a program over its memory across five processes and one whose 100 children hold it
// in memfd files (which no address space shows) get the diagnoses they get as root, and
// nothing of theirs is left.
TEST(HostileContained, AsANormalUserProcessesAndMemoryAreCappedPerCase) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv(1) is not installed";
  if (!testing_support::ClosedToOthers().empty())
    GTEST_SKIP() << testing_support::ClosedToOthersReason();
  const std::vector<std::string> nobody = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                           "--clear-groups"};
  for (const char* fixture : {"fork-bomb", "memory-across-processes", "many-children"}) {
    testing_cli::Ran ran =
        testing_cli::RunNetgrade({"check", "specs/tcp-capitalize.yaml", "--submission",
                                  std::string("tests/submissions/hostile/") + fixture, "--role",
                                  "server", "--case", "server-one-line", "--format", "json"},
                                 {}, nobody);
    ASSERT_EQ(ran.status, 1) << fixture << ": " << ran.err << ran.out;
    nlohmann::json doc = nlohmann::json::parse(ran.out);
    EXPECT_EQ(doc["sandbox"]["process_cap"], true) << doc["sandbox"].dump();
    std::string want = std::string(fixture) == "fork-bomb" ? "too_many_processes" : "memory_limit";
    EXPECT_EQ(doc["cases"][0]["diagnosis"], want) << fixture << ": " << doc["cases"][0].dump();
    // netgrade waited for the program's end: what it held is gone with it.
    EXPECT_LT(ran.max_rss_kb, 1024 * 1024) << fixture;
    EXPECT_EQ(::system("pgrep -u 65534 >/dev/null"), 256) << fixture << ": left processes";
  }
}

// The operator's terminal: netgrade runs on a real pty (script(1)); the program tries to
// type a command into it (TIOCSTI) and to write on /dev/tty. After netgrade exits, the shell
// reads what is waiting on its terminal: nothing may be.
TEST(HostileContained, TheOperatorsTerminalIsNeverReached) {
  if (::access("/usr/bin/script", X_OK) != 0) GTEST_SKIP() << "script(1) is not installed";
  std::string command = std::string(NETGRADE_BINARY_DIR) +
                        "/netgrade check specs/tcp-capitalize.yaml --submission "
                        "tests/submissions/hostile/terminal-attack --case server-one-line; "
                        "for i in 1 2 3; do IFS= read -r -t 0.3 line; echo \"READ:[$line]\"; "
                        "done";
  std::string shell = "cd " NETGRADE_SOURCE_DIR " && script -qec '" + command + "' /dev/null";
  FILE* p = ::popen(shell.c_str(), "r");  // stdin: this test's, never a terminal here
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  EXPECT_NE(out.find("injected into 0 terminals, wrote to 0"), std::string::npos) << out;
  EXPECT_NE(out.find("READ:["), std::string::npos) << "the shell did not read after: " << out;
  EXPECT_EQ(out.find("READ:[echo TERMINAL-TAKEN]"), std::string::npos) << out;
  EXPECT_EQ(out.find("FAKE-TTY-WRITE"), std::string::npos) << out;
}

// A verdict on a limit does not turn on the machine's load: the memory hog, its grader and
// three processes that spin all share one CPU, so the hog needs about four times its idle
// time to reach its limit, twice its (shortened) timeout. The case's deadline grows by the
// time the hog waited for the CPU: it is stopped at its memory limit, not called a server
// that never listened (which a grader that counted wall time alone said). Its idle time is
// measured first, on this machine: touching 1 GiB takes 0.3 s on one and 3 s on another (a
// virtual machine whose memory its host gives at the first touch of each page).
TEST(HostileContained, AMemoryHogOnABusyCpuIsStoppedAtItsLimit) {
  if (std::string why = SkipReason(); !why.empty()) GTEST_SKIP() << why;
  std::vector<std::string> args = {
      "check",  "specs/tcp-capitalize.yaml", "--submission", "tests/submissions/hostile/memory-hog",
      "--case", "server-one-line",           "--format",     "json"};
  testing_cli::Ran idle = testing_cli::RunNetgrade(args, {}, {"/usr/bin/taskset", "-c", "0"});
  ASSERT_EQ(idle.status, 1) << idle.err;
  nlohmann::json alone = nlohmann::json::parse(idle.out)["cases"][0];
  ASSERT_EQ(alone["diagnosis"], "memory_limit") << alone.dump();
  // The case's timeout is 5 s; shortened to twice the hog's idle time (at least 0.5 s).
  double multiplier = std::max(0.1, 2 * alone["student_ms"].get<double>() / 5000);
  std::vector<pid_t> spinners;
  for (int i = 0; i < 3; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(0, &one);
      ::sched_setaffinity(0, sizeof one, &one);
      ::setsid();  // a scheduling group of its own, as the hog has (autogroup): an equal share
      for (;;) {
      }
    }
    spinners.push_back(pid);
  }
  testing_cli::Ran ran =
      testing_cli::RunNetgrade(args, {"NETGRADE_TIMEOUT_MULTIPLIER=" + std::to_string(multiplier)},
                               {"/usr/bin/taskset", "-c", "0"});
  for (pid_t pid : spinners) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  ASSERT_EQ(ran.status, 1) << ran.err;
  nlohmann::json c = nlohmann::json::parse(ran.out)["cases"][0];
  EXPECT_EQ(c["diagnosis"], "memory_limit")
      << "idle: " << alone["student_ms"] << " ms; " << c.dump();
  EXPECT_EQ(ProcessesOfOurCgroups(), 0);
}

}  // namespace
}  // namespace netgrade
