// Grading through the library: the seed a report shows replays the run.
#include "harness/run/grade.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <tuple>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"

namespace netgrade::run {
namespace {
using namespace netgrade::plan;
using namespace netgrade::sandbox;
using namespace netgrade::check;

constexpr const char* kJitterSpec = R"(
exercise: udp-capitalize
protocol: udp
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-jitter
    role: server
    peer:
      connections:
        - send: ["one", "two", "three", "four", "five", "six"]
    faults:
      to_student:
        delay: 1ms
        jitter: 40ms
    expect:
      replies: upper
      exit: running
)";

spec::Spec LoadInline(const char* yaml) {
  spec::LoadResult loaded = spec::LoadSpecString(yaml, "inline.yaml");
  EXPECT_TRUE(loaded.ok());
  return *loaded.spec;
}

GradeResult GradeWithSeed(const spec::Spec& s, uint64_t seed) {
  GradeOptions o;
  o.submission = NETGRADE_SOURCE_DIR "/reference/udp-capitalize/python";
  o.run.seed = seed;
  return Grade(s, o);
}

// The containment a report states is this machine's, and the stderr line lists exactly what
// falls short of full.
TEST(DescribeSandbox, StatesThisMachinesContainment) {
  RunOptions options;
  check::Sandbox box = DescribeSandbox(options);
  const CgroupPlace& place = MachineCgroups();
  EXPECT_EQ(box.cgroups, CgroupVersionName(place.version));
  EXPECT_EQ(box.process_cap, place.version != CgroupVersion::kNone && place.caps_processes);
  EXPECT_EQ(box.network_namespace, NetNamespace::Available());
  EXPECT_EQ(box.user, ::geteuid() == 0
                          ? "a uid of the case's own (1600000000 and up), else uid 65534"
                          : "same as grader");
  EXPECT_EQ(box.full(), place.full() && NetNamespace::Available() && ::geteuid() == 0);
  std::string line = ContainmentLine(box, false);
  EXPECT_EQ(line.empty(), box.full());
  for (const std::string& w : box.weaker) EXPECT_NE(line.find(w), std::string::npos) << line;

  options.isolate = false;
  check::Sandbox off = DescribeSandbox(options);
  EXPECT_EQ(off.cgroups, "none");
  EXPECT_FALSE(off.network_namespace);
  EXPECT_FALSE(off.full());
}

TEST(ContainmentLine, IsOneLineNamingEachShortcomingAndWhetherCasesRunOneAtATime) {
  check::Sandbox box;
  box.cgroups = "v1";
  box.process_cap = box.memory_cap = box.network_namespace = true;
  box.user = "uid 65534";
  box.sockets_found_by = "descriptors";
  EXPECT_EQ(ContainmentLine(box, false), "");
  box.weaker = {
      "no network namespaces (Operation not permitted): the cases share this "
      "machine's network",
      "not root: the programs run as the grader's own user"};
  box.sockets_found_by = "owner";
  std::string line = ContainmentLine(box, true);
  EXPECT_EQ(line,
            "netgrade: containment weaker than full: no network namespaces (Operation not "
            "permitted): the cases share this machine's network; not root: the programs run "
            "as the grader's own user; cases run one at a time (the programs' sockets are "
            "found by their owner)\n");
  // Root gives each case a uid of its own: its sockets are its own, and only fixed-port
  // cases wait for each other.
  box.case_users = true;
  EXPECT_EQ(ContainmentLine(box, true).find("cases run one at a time (the programs' sockets"),
            std::string::npos);
  EXPECT_NE(ContainmentLine(box, true).find("; fixed-port cases run one at a time\n"),
            std::string::npos);
}

// A student is told about the containment only where it bears on the run, in one plain
// sentence without the jargon.
TEST(ContainmentSentence, IsSaidOnlyWithoutANetworkOfItsOwnAndAFixedPortOrWaiting) {
  check::Sandbox box;
  box.network_namespace = false;
  box.sockets_found_by = "descriptors";
  box.weaker = {"not root: the programs run as the grader's own user"};
  spec::Spec argv_port = LoadInline(kJitterSpec);
  spec::Spec fixed_port = argv_port;
  for (spec::Role& r : fixed_port.roles) r.port_via = spec::PortVia::kFixed;
  EXPECT_EQ(ContainmentSentence(box, argv_port, false), "");
  EXPECT_EQ(ContainmentSentence(box, fixed_port, false),
            "netgrade could not give your program a network of its own here, so a program on a "
            "fixed port uses this computer's own port (--verbose says why).\n");
  EXPECT_EQ(ContainmentSentence(box, fixed_port, true),
            "netgrade could not give your program a network of its own here, so programs on a "
            "fixed port run one at a time (--verbose says why).\n");
  box.sockets_found_by = "owner";
  EXPECT_EQ(ContainmentSentence(box, argv_port, true),
            "netgrade could not give your program a network of its own here, so cases run one "
            "at a time (--verbose says why).\n");
  box.network_namespace = true;
  EXPECT_EQ(ContainmentSentence(box, fixed_port, true), "");
}

TEST(Grade, TheSeedAReportShowsReplaysTheSameFaults) {
  spec::Spec s = LoadInline(kJitterSpec);
  GradeResult first = GradeWithSeed(s, 7);
  ASSERT_EQ(first.cases.size(), 1u);
  const CaseResult& c = first.cases[0];
  ASSERT_TRUE(c.passed()) << c.message;
  EXPECT_EQ(c.seed, 7u);
  ASSERT_FALSE(c.transcript.empty());
  EXPECT_NE(c.transcript[0].find("(seed 7)"), std::string::npos) << c.transcript[0];

  // What a student does with the seed shown: run again with it.
  GradeResult again = GradeWithSeed(s, c.seed);
  EXPECT_EQ(again.cases[0].datagram_key, c.datagram_key);
  // And another seed really gives other faults (else the check above proves nothing).
  GradeResult other = GradeWithSeed(s, 8);
  EXPECT_NE(other.cases[0].datagram_key, c.datagram_key);
}

// Datagrams dropped at a seeded rate name the seed too: the run's.
TEST(Grade, ATranscriptNamesOnlyTheRunsSeed) {
  spec::Spec s = LoadInline(R"(
exercise: udp-capitalize
protocol: udp
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-rate
    role: server
    timeout: 2s
    peer:
      connections:
        - send: ["one", "two", "three", "four", "five", "six", "seven", "eight"]
          mode: line-per-write
    faults:
      to_student:
        drop_rate: 50%
    expect:
      replies: upper
      exit: running
)");
  GradeResult r = GradeWithSeed(s, 7);
  ASSERT_EQ(r.cases.size(), 1u);
  int by_rate = 0;
  for (const std::string& line : r.cases[0].transcript) {
    if (line.find("drop_rate") == std::string::npos) continue;
    ++by_rate;
    EXPECT_NE(line.find("seed 7)"), std::string::npos) << line;
  }
  EXPECT_GT(by_rate, 0) << "no datagram dropped by rate: the check above proved nothing";
}

TEST(Grade, AProgramForARoleTheSpecDoesNotHaveIsAUsageError) {
  spec::Spec s = LoadInline(kJitterSpec);
  GradeOptions o;
  o.submission = NETGRADE_SOURCE_DIR "/reference/udp-capitalize/python";
  o.programs = {{"bogus", "/bin/true"}};
  try {
    Grade(s, o);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("no role 'bogus' (it has server)"), std::string::npos)
        << e.what();
  }
}

// A failure of the grader in one case (here: the peer's fixed port is taken, as it can be
// without namespaces) is that case's ERROR, and the next case is still graded.
TEST(Grade, TheGradersOwnFailureInOneCaseIsThatCasesError) {
  Fd holder = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(holder.get()).port();
  std::string yaml = fmt::format(R"(
exercise: tcp-capitalize
protocol: tcp
roles:
  client: {{listens: false, names: [client], argv: ["{{host}}", "{{port}}"], port_via: fixed, fixed_port: {}}}
cases:
  - name: client-port-taken
    role: client
    stdin: ["hello"]
    peer: {{reply: "{{upper}}"}}
    expect: {{received: stdin}}
  - name: client-port-taken-again
    role: client
    stdin: ["hello"]
    peer: {{reply: "{{upper}}"}}
    expect: {{received: stdin}}
)",
                                 port);
  spec::Spec s = LoadInline(yaml.c_str());
  GradeOptions o;
  o.submission = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
  o.run.isolate = false;
  auto start = std::chrono::steady_clock::now();
  GradeResult r = Grade(s, o);
  ASSERT_EQ(r.cases.size(), 2u);
  for (const CaseResult& c : r.cases) {
    EXPECT_EQ(c.verdict, check::Verdict::kGraderError) << c.message;
    EXPECT_NE(c.message.find("Address already in use"), std::string::npos) << c.message;
  }
  EXPECT_TRUE(r.grader_error());
  // A port another program listens on is not waited for as a closing connection would be
  // (up to 65 s a case: that would free nothing).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

// Two submissions whose case can only time out: with two jobs they run at once. Seen by the
// programs themselves: each appends a line to a shared file when it starts, and one that sees
// a line appended after its own (a program that started while it was alive) says so. One
// after the other, the first is gone before the second starts, and nobody says so.
TEST(GradeAll, RunsCasesOfSeveralSubmissionsAtOnce) {
  spec::Spec s = LoadInline(R"(
exercise: udp-capitalize
protocol: udp
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-silent
    role: server
    timeout: 2s
    peer:
      connections:
        - send: ["one"]
    expect:
      replies: upper
      exit: running
)");
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / "netgrade-grade-test-silent";
  fs::create_directories(dir);
  std::ofstream(dir / "server.py")
      << "import socket, sys\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
         "s.bind(('', int(sys.argv[1])))\nwhile True:\n    s.recvfrom(2048)\n";
  GradeOptions o;
  o.jobs = 2;
  // The programs cannot tell each other anything (each case is sealed off), so the test
  // watches from outside: the most programs of this process alive at one time.
  std::atomic<bool> done{false};
  std::vector<GradeOutcome> out;
  std::thread grading([&] {
    out = GradeAll(s, o, {dir, dir, "/nonexistent-submission"});
    done = true;
  });
  size_t most = 0;
  while (!done) {
    size_t alive = 0;
    for (pid_t p : DescendantsOf(::getpid())) {
      std::string base = "/proc/" + std::to_string(p);
      std::optional<ProcStat> st = ReadProcStat(base + "/stat");
      std::string cmdline = ReadFile(base + "/cmdline").value_or("");
      if (st && st->state != 'Z' && cmdline.find("server.py") != std::string::npos) ++alive;
    }
    most = std::max(most, alive);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a look, not a wait for
  }
  grading.join();
  ASSERT_EQ(out.size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(out[i].result.cases.size(), 1u);
    EXPECT_EQ(out[i].result.cases[0].code, check::Code::kNoOutput)
        << out[i].result.cases[0].message;
  }
  EXPECT_NE(out[2].layout_error.find("not a directory"), std::string::npos);
  EXPECT_EQ(most, 2u) << "the two submissions' programs never ran at the same time";
  fs::remove_all(dir);
}

GradeResult GradeFixture(const std::string& spec_name, const std::string& fixture,
                         const std::string& test, GradeOptions o = {}) {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/" + spec_name + ".yaml");
  EXPECT_TRUE(loaded.ok());
  o.submission = NETGRADE_SOURCE_DIR "/tests/submissions/" + fixture;
  o.cases = {test};
  return Grade(*loaded.spec, o);
}

// A client with a 3 s timeout is told so, not "no timeout"; and it is told soon after the
// drop: the case ends on the silence after it, before the client's own 3 s timeout sends the
// line again (the transcript then shows nothing from the student after the drop) and long
// before the case's 8 s timeout.
TEST(Grade, AClientWaitingLongerThanAllowedIsToldSoSoonAfterTheDrop) {
  GradeResult r = GradeFixture("udp-capitalize", "udp-capitalize/long-timeout-client",
                               "client-first-datagram-dropped");
  ASSERT_EQ(r.cases.size(), 1u);
  const CaseResult& c = r.cases[0];
  EXPECT_EQ(c.code, check::Code::kNoUdpTimeout);
  EXPECT_NE(c.message.find("waits longer than the 1 s"), std::string::npos) << c.message;
  // The events in order: the first datagram from the client, dropped, and nothing after
  // it from the client (its resend would come 3 s after the drop).
  ASSERT_FALSE(c.events.empty());
  const TranscriptEvent& drop = c.events.front();
  EXPECT_EQ(drop.direction, "from_student");
  EXPECT_EQ(drop.action, "dropped") << "the first datagram is the dropped one: " << drop.words;
  for (size_t i = 1; i < c.events.size(); ++i)
    EXPECT_NE(c.events[i].direction, "from_student")
        << "the client sent again at " << c.events[i].t_ms << " ms (drop at " << drop.t_ms
        << " ms): the case outlived the client's own timeout";
}

// NETGRADE_TIMEOUT_MULTIPLIER stretches the silence a client is allowed after a drop, and the
// diagnosis says the stretched figure: 0.5 s (injected, shorter than the client's own 3 s
// timeout) times 2 is 1.0 s, waited and said.
TEST(Grade, TheMultiplierScalesTheSilenceAllowedAfterADropAndItsWords) {
  GradeOptions o;
  o.run.timeout_multiplier = 2;
  o.run.thresholds.stall_after_drop = std::chrono::milliseconds(500);
  GradeResult r = GradeFixture("udp-capitalize", "udp-capitalize/long-timeout-client",
                               "client-first-datagram-dropped", o);
  ASSERT_EQ(r.cases.size(), 1u);
  const CaseResult& c = r.cases[0];
  EXPECT_EQ(c.code, check::Code::kNoUdpTimeout) << c.message;
  EXPECT_NE(c.message.find("sent nothing more for 1.0 s"), std::string::npos) << c.message;
  ASSERT_FALSE(c.events.empty());
  EXPECT_GE(c.wall_ms - c.events.front().t_ms, 1000) << "decided before the scaled silence";
}

TEST(Grade, AClientWithoutTimeoutIsToldNoTimeout) {
  GradeResult r = GradeFixture("udp-capitalize", "udp-capitalize/udp-no-timeout-client",
                               "client-answer-dropped");
  ASSERT_EQ(r.cases.size(), 1u);
  EXPECT_EQ(r.cases[0].code, check::Code::kNoUdpTimeout);
  EXPECT_NE(r.cases[0].message.find("No timeout"), std::string::npos) << r.cases[0].message;
}

// A submission folder of the test's own, removed afterwards.
class TempSubmission {
 public:
  explicit TempSubmission(const std::string& what) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / ("netgrade-grade-test-" + what + "-XXXXXX"))
            .string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = tmpl;
  }
  ~TempSubmission() { std::filesystem::remove_all(dir_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

spec::Spec TcpCapitalize() {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(loaded.ok());
  return *loaded.spec;
}

const char kReferenceServer[] = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python/server.py";

// The attack: server.py a link to a classmate's (working) server. It scores nothing: the
// submission is a layout error naming the link, and the class's other submission is graded.
TEST(GradeAll, ALinkToAClassmatesProgramScoresNothingAndTheOthersAreGraded) {
  namespace fs = std::filesystem;
  TempSubmission classmate("classmate"), student("student");
  fs::copy_file(kReferenceServer, classmate.dir() / "server.py");
  fs::create_symlink(classmate.dir() / "server.py", student.dir() / "server.py");
  GradeOptions o;
  o.cases = {"server-one-line"};
  std::vector<GradeOutcome> out = GradeAll(TcpCapitalize(), o, {student.dir(), classmate.dir()});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NE(out[0].layout_error.find("server.py is a link to " +
                                     (classmate.dir() / "server.py").string() +
                                     ", outside your submission: put the file itself in the "
                                     "folder"),
            std::string::npos)
      << out[0].layout_error;
  EXPECT_TRUE(out[0].result.cases.empty());
  EXPECT_EQ(out[0].result.score, 0);
  ASSERT_EQ(out[1].result.cases.size(), 1u);
  EXPECT_TRUE(out[1].result.cases[0].passed()) << out[1].result.cases[0].message;
}

// Two submissions' build steps run at once: each build creates its own file in a folder both
// can see and waits for the other's, so builds run one after the other would never both end;
// the first would give up (the count bounds a failure: about 10 s) and fail with build_failed.
TEST(GradeAll, TwoSubmissionsBuildAtTheSameTime) {
  namespace fs = std::filesystem;
  spec::Spec s = LoadInline(R"(
exercise: tcp-capitalize
protocol: tcp
build: {command: sh rendezvous.sh, timeout: 20s}
roles:
  server: {listens: true, names: [server], argv: ["{port}"]}
cases:
  - name: server-one-line
    role: server
    peer: {connections: [{send: ["hello"]}]}
    expect: {replies: upper, exit: running}
)");
  TempSubmission meeting("meeting"), a("build-a"), b("build-b");
  fs::permissions(meeting.dir(), fs::perms::all);  // the builds run as users of their own
  for (auto [me, other, dir] : {std::tuple{"a", "b", a.dir()}, std::tuple{"b", "a", b.dir()}}) {
    fs::copy_file(kReferenceServer, dir / "server.py");
    std::ofstream(dir / "rendezvous.sh")
        << "touch " << (meeting.dir() / me).string() << "\n"
        << "i=0\nwhile [ ! -e " << (meeting.dir() / other).string()
        << " ]; do\n  i=$((i + 1)); [ $i -gt 1000 ] && exit 1\n  sleep 0.01\ndone\n";
  }
  GradeOptions o;
  o.jobs = 2;
  o.run.isolate = false;  // no private root: the builds share the meeting folder
  std::vector<GradeOutcome> out = GradeAll(s, o, {a.dir(), b.dir()});
  ASSERT_EQ(out.size(), 2u);
  for (const GradeOutcome& g : out) {
    ASSERT_EQ(g.result.cases.size(), 1u) << g.layout_error;
    EXPECT_TRUE(g.result.cases[0].passed())
        << "the builds did not overlap: " << g.result.cases[0].message;
  }
  EXPECT_TRUE(fs::exists(meeting.dir() / "a") && fs::exists(meeting.dir() / "b"));
}

TEST(GradeAll, AFifoInOneSubmissionIsItsLayoutErrorAndDoesNotStopTheOthers) {
  namespace fs = std::filesystem;
  TempSubmission hostile("fifo");
  fs::copy_file(kReferenceServer, hostile.dir() / "server.py");
  ASSERT_EQ(::mkfifo((hostile.dir() / "input").c_str(), 0644), 0);
  GradeOptions o;
  o.cases = {"server-one-line"};
  std::vector<GradeOutcome> out = GradeAll(
      TcpCapitalize(), o, {hostile.dir(), NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python"});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].layout_error, "submission '" + hostile.dir().string() +
                                     "': input is a named pipe (FIFO), not a file or folder: "
                                     "netgrade copies only files and folders, so remove it from "
                                     "your submission");
  ASSERT_EQ(out[1].result.cases.size(), 1u);
  EXPECT_TRUE(out[1].result.cases[0].passed()) << out[1].result.cases[0].message;
}

// server.py a link to src/server.py, inside the submission: graded, and what runs is the
// copy's file, never the student's folder. The program itself checks where it runs (it can
// tell no one outside its case) and exits with status 3 unless it is in this grader's copy.
TEST(Grade, ALinkInsideTheSubmissionRunsAsTheCopysFile) {
  namespace fs = std::filesystem;
  TempSubmission student("inside");
  // This grader's working copies: TempTemplate's names.
  std::string copies =
      (fs::temp_directory_path() / fmt::format("netgrade-{}-", ::getpid())).string();
  fs::create_directories(student.dir() / "src");
  {
    std::ofstream out(student.dir() / "src" / "server.py");
    out << "import os, sys\nhere = os.path.realpath(__file__)\n"
        << "if not here.startswith(" << fs::path(copies) << ") or " << student.dir()
        << " in here or os.path.basename(here) != 'server.py':\n    sys.exit(3)\n";
    std::ifstream in(kReferenceServer);
    out << in.rdbuf();
  }
  fs::create_symlink("src/server.py", student.dir() / "server.py");
  // Found in the folder, then named outright (--program server=<the link>).
  for (bool named : {false, true}) {
    GradeOptions o;
    o.submission = student.dir();
    o.cases = {"server-one-line"};
    if (named) o.programs = {{"server", (student.dir() / "server.py").string()}};
    GradeResult r = Grade(TcpCapitalize(), o);
    ASSERT_EQ(r.cases.size(), 1u);
    EXPECT_TRUE(r.cases[0].passed()) << (named ? "named: " : "found: ") << r.cases[0].message;
  }
}

// Each submission is told as soon as it is graded, with its final outcome; a layout error
// too. At that moment (one job) no copy of any submission exists: the finished one's is
// removed and the next is copied only when its first case runs, so a class of hundreds never
// holds hundreds of copies.
TEST(GradeAll, TellsEachGradedSubmissionAtOnceAndCopiesOnlyWhatRuns) {
  namespace fs = std::filesystem;
  const std::string mine = fmt::format("netgrade-{}-", ::getpid());
  // This grader's submission copies (TempTemplate("")): jail, hosts and resolv.conf aside, and
  // the empty mount points kept for the next copy (WorkCopy) aside: they hold no copy.
  auto copies = [&] {
    int n = 0;
    const fs::path tmp = fs::temp_directory_path();
    for (const std::string& name : DirNames(tmp.string())) {
      std::error_code ec;
      if (name.rfind(mine, 0) == 0 && name.find("root-") == std::string::npos &&
          name.find("hosts-") == std::string::npos && name.find("resolv-") == std::string::npos &&
          name != mine + "uids" &&
          !(fs::is_directory(tmp / name, ec) && fs::is_empty(tmp / name, ec)))
        ++n;
    }
    return n;
  };
  const std::string reference = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
  std::vector<fs::path> subs = {reference, "/nonexistent-submission", reference, reference};
  GradeOptions o;
  o.cases = {"server-one-line"};
  std::vector<std::pair<size_t, int>> told;  // (index, copies at that moment)
  std::vector<GradeOutcome> out =
      GradeAll(TcpCapitalize(), o, subs, [&](size_t i, const GradeOutcome& outcome) {
        EXPECT_EQ(outcome.layout_error.empty(), i != 1) << i;
        if (i != 1) {
          EXPECT_EQ(outcome.result.score, 1) << i;
        }
        told.emplace_back(i, copies());
      });
  EXPECT_EQ(told, (std::vector<std::pair<size_t, int>>{{0, 0}, {1, 0}, {2, 0}, {3, 0}}));
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[3].result.score, 1);
}

}  // namespace
}  // namespace netgrade::run
