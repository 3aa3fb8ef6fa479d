// The queue of a grading's cases, every submission's: submissions prepared one by one as their
// cases are due, the cases handed out in the submissions' order, each submission told as soon
// as its last case is done (a layout error at once), and a class's cases run at once.
#include "harness/run/case_queue.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/proc.h"
#include "harness/run/grade.h"
#include "harness/sandbox/netns.h"
#include "tests/support/inline_spec.h"
#include "tests/support/temp_dir.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using testing_support::kReferenceServer;
using testing_support::LoadInline;
using testing_support::SpecOfTheTree;
using testing_support::UniqueTempDir;
namespace fs = std::filesystem;

// The queue alone, its cases' results given by the test: the cases come in the submissions'
// order, a submission that cannot be graded is told at once, and one is told as soon as its
// last case is done, with its totals.
TEST(CaseQueue, HandsOutTheCasesInOrderAndTellsEachSubmissionOnceItsLastIsDone) {
  const std::string reference = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
  std::vector<fs::path> subs = {reference, "/nonexistent-submission", reference};
  GradeOptions o;
  o.cases = {"server-one-line", "server-conversation"};
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  check::Sandbox box;
  box.user = "tested";
  std::vector<size_t> told;
  CaseQueue queue(spec, o, subs, box, [&](size_t i, const GradeOutcome& outcome) {
    told.push_back(i);
    EXPECT_EQ(outcome.layout_error.empty(), i != 1) << i;
    if (i != 1) {
      EXPECT_EQ(outcome.result.sandbox.user, "tested");
      EXPECT_EQ(outcome.result.cases.size(), 2u);
    }
  });
  std::vector<std::pair<size_t, size_t>> taken;
  for (size_t s, c; queue.Take(&s, &c);) {
    taken.emplace_back(s, c);
    CaseResult r;
    r.name = queue.submission(s).todo[c]->name;
    r.score = r.max_score = 1;
    queue.Done(s, c, r);
  }
  EXPECT_EQ(taken, (std::vector<std::pair<size_t, size_t>>{{0, 0}, {0, 1}, {2, 0}, {2, 1}}));
  EXPECT_EQ(told, (std::vector<size_t>{0, 1, 2}));
  std::vector<GradeOutcome> out = queue.TakeOutcomes();
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].result.score, 2);
  EXPECT_EQ(out[0].result.max_score, 2);
  EXPECT_NE(out[1].layout_error.find("not a directory"), std::string::npos);
  EXPECT_EQ(out[1].layout_error_shape, "submission '{}' is not a directory");
  EXPECT_EQ(out[1].result.max_score, 2) << "out of the points its cases would have had";
  EXPECT_EQ(out[1].result.score, 0);
}

// Once a worker has failed the others take no more work.
TEST(CaseQueue, AStoppedQueueHandsOutNothingMore) {
  GradeOptions o;
  o.cases = {"server-one-line"};
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  std::vector<fs::path> subs = {NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python"};
  CaseQueue queue(spec, o, subs, check::Sandbox{}, {});
  queue.Stop();
  size_t s = 0, c = 0;
  EXPECT_FALSE(queue.Take(&s, &c));
}

// Two submissions whose case can only time out: with two jobs they run at once. The server
// waits in recvfrom() with a timeout, over and over, so it is never seen at rest and each case
// lasts its whole timeout (2 s): side by side, both programs are alive for most of it, however
// loaded the machine; one after the other, never. (A server at rest ended its case in 0.3 s,
// and on a loaded machine the second could start after the first had ended.)
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
         "s.bind(('', int(sys.argv[1])))\ns.settimeout(0.05)\nwhile True:\n    try:\n"
         "        s.recvfrom(2048)\n    except socket.timeout:\n        pass\n";
  GradeOptions o;
  o.jobs = 2;
  // The programs cannot tell each other anything (each case is sealed off), so the test
  // watches from outside: the most programs of this process alive at one time.
  std::atomic<bool> done{false};
  std::vector<GradeOutcome> out;
  // Where the test is not root, the cases' namespaces live in a user namespace, which only a
  // process with one thread can enter: entered before the grading thread starts.
  sandbox::NetNamespace::Available();
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

// The attack: server.py a link to a classmate's (working) server. It scores nothing: the
// submission is a layout error naming the link, and the class's other submission is graded.
TEST(GradeAll, ALinkToAClassmatesProgramScoresNothingAndTheOthersAreGraded) {
  namespace fs = std::filesystem;
  UniqueTempDir classmate("netgrade-grade-test-netgrade-grade-test-classmate"),
      student("netgrade-grade-test-student");
  fs::copy_file(kReferenceServer, classmate.path() / "server.py");
  fs::create_symlink(classmate.path() / "server.py", student.path() / "server.py");
  GradeOptions o;
  o.cases = {"server-one-line"};
  std::vector<GradeOutcome> out =
      GradeAll(SpecOfTheTree("tcp-capitalize"), o, {student.path(), classmate.path()});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_NE(out[0].layout_error.find("server.py is a link to " +
                                     (classmate.path() / "server.py").string() +
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
  UniqueTempDir meeting("netgrade-grade-test-netgrade-grade-test-meeting"),
      a("netgrade-grade-test-build-a"), b("build-b");
  fs::permissions(meeting.path(), fs::perms::all);  // the builds run as users of their own
  for (auto [me, other, dir] : {std::tuple{"a", "b", a.path()}, std::tuple{"b", "a", b.path()}}) {
    fs::copy_file(kReferenceServer, dir / "server.py");
    std::ofstream(dir / "rendezvous.sh")
        << "touch " << (meeting.path() / me).string() << "\n"
        << "i=0\nwhile [ ! -e " << (meeting.path() / other).string()
        << " ]; do\n  i=$((i + 1)); [ $i -gt 1000 ] && exit 1\n  sleep 0.01\ndone\n";
  }
  GradeOptions o;
  o.jobs = 2;
  o.run.isolate = false;  // no private root: the builds share the meeting folder
  std::vector<GradeOutcome> out = GradeAll(s, o, {a.path(), b.path()});
  ASSERT_EQ(out.size(), 2u);
  for (const GradeOutcome& g : out) {
    ASSERT_EQ(g.result.cases.size(), 1u) << g.layout_error;
    EXPECT_TRUE(g.result.cases[0].passed())
        << "the builds did not overlap: " << g.result.cases[0].message;
  }
  EXPECT_TRUE(fs::exists(meeting.path() / "a") && fs::exists(meeting.path() / "b"));
}

TEST(GradeAll, AFifoInOneSubmissionIsItsLayoutErrorAndDoesNotStopTheOthers) {
  namespace fs = std::filesystem;
  UniqueTempDir hostile("netgrade-grade-test-fifo");
  fs::copy_file(kReferenceServer, hostile.path() / "server.py");
  ASSERT_EQ(::mkfifo((hostile.path() / "input").c_str(), 0644), 0);
  GradeOptions o;
  o.cases = {"server-one-line"};
  std::vector<GradeOutcome> out =
      GradeAll(SpecOfTheTree("tcp-capitalize"), o,
               {hostile.path(), NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python"});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].layout_error, "submission '" + hostile.path().string() +
                                     "': input is a named pipe (FIFO), not a file or folder: "
                                     "netgrade copies only files and folders, so remove it from "
                                     "your submission");
  ASSERT_EQ(out[1].result.cases.size(), 1u);
  EXPECT_TRUE(out[1].result.cases[0].passed()) << out[1].result.cases[0].message;
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
  std::vector<GradeOutcome> out = GradeAll(SpecOfTheTree("tcp-capitalize"), o, subs,
                                           [&](size_t i, const GradeOutcome& outcome) {
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
