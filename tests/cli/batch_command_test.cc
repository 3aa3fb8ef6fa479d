// netgrade batch, run as an instructor runs it: a folder of submissions in, a gradebook out.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "harness/base/text.h"
#include "tests/cli/class_folder.h"

namespace netgrade::testing_cli {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = 0; (at = text.find(what, at)) != std::string::npos; at += what.size()) ++n;
  return n;
}

// One rule of the gradebook per test below; a class with a graded submission of each kind.
TEST(BatchCommand, EverySubmissionGetsAResultAndARowALayoutErrorToo) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.Add("bob", kOneRecv);
  c.AddFile("carol.zip");
  Ran r = c.Batch("out", {"--jobs", "2", "--seed", "5"});
  EXPECT_EQ(r.status, 1) << r.err;  // bob fails, carol.zip is a layout error

  std::vector<std::string> csv = Lines(c.Read("out", "grades.csv"));
  ASSERT_EQ(csv.size(), 4u) << c.Read("out", "grades.csv");
  EXPECT_EQ(csv[0].rfind("submission,status,total,max,server-one-line,", 0), 0u) << csv[0];
  EXPECT_EQ(csv[1], "alice,passed,12,12,1,1,1,1,1,1,1,1,1,1,1,1");
  EXPECT_EQ(csv[2].rfind("bob,failed,", 0), 0u) << csv[2];
  EXPECT_EQ(csv[3], "carol.zip,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0");

  // Each result is the submission's JSON report (a layout error: with its error).
  auto alice = nlohmann::json::parse(c.Read("out", "results/alice.json"));
  EXPECT_EQ(alice["score"], 12);
  EXPECT_EQ(alice["seed"], 5);
  EXPECT_EQ(alice["cases"].size(), 12u);
  auto carol = nlohmann::json::parse(c.Read("out", "results/carol.zip.json"));
  EXPECT_NE(carol["layout_error"].get<std::string>().find("not a directory"), std::string::npos);

  auto batch = nlohmann::json::parse(c.Read("out", "batch.json"));
  EXPECT_EQ(batch["spec"], kSpec);
  EXPECT_EQ(batch["exercise"], "tcp-capitalize");
  EXPECT_EQ(batch["seed"], 5);
  EXPECT_EQ(batch["shard"], "1/1");
  EXPECT_EQ(batch["submissions"], (std::vector<std::string>{"alice", "bob", "carol.zip"}));

  // Piped: one plain line per submission, then where the gradebook is.
  EXPECT_EQ(Count(r.err, "netgrade: ["), 3u) << r.err;
  EXPECT_NE(r.err.find("] alice: passed 12/12 ("), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no redrawn line when piped";
}

TEST(BatchCommand, EveryCasePassedIsExitZero) {
  ClassFolder c;
  c.Add("alice", kReference);
  Ran r = c.Batch("out");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(Lines(c.Read("out", "grades.csv")).size(), 2u);
}

// A folder name is the student's: one cell of its own row in the CSV, one escaped line on
// stderr, the real name for its result file.
TEST(BatchCommand, HostileFolderNamesStayInTheirCell) {
  ClassFolder c;
  c.AddFile("evil\nmallory,passed,12");
  c.AddFile("=cmd|' -C calc'!A0");
  c.AddFile("\x1b[2Jterm");
  Ran r = c.Batch("out");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(c.Read("out", "grades.csv").substr(c.Read("out", "grades.csv").find('\n') + 1),
            "\\x1b[2Jterm,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0\n"
            "'=cmd|' -C calc'!A0,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0\n"
            "\"evil\\nmallory,passed,12\",layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0\n");
  EXPECT_TRUE(fs::exists(c.out("out") / "results" / "evil\nmallory,passed,12.json"));
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << "an escape sequence reached stderr";
  EXPECT_NE(r.err.find("evil\\nmallory"), std::string::npos) << r.err;
}

// The grader's own failure (here: no temporary folder for the working copies): retried once,
// then a row with no score, said on stderr, exit 3; --resume grades it again.
TEST(BatchCommand, AGraderErrorIsNoScoreAndResumeGradesItAgain) {
  ClassFolder c;
  c.Add("alice", kReference);
  Ran broken = c.Batch("out", {}, {"TMPDIR=/nonexistent/netgrade-batch-test"});
  EXPECT_EQ(broken.status, 3) << broken.err;
  EXPECT_EQ(Lines(c.Read("out", "grades.csv"))[1], "alice,grader_error,,,,,,,,,,,,,,");
  EXPECT_NE(broken.err.find("alice: the grader itself failed"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("graded again after the others"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("recorded as grader_error, not as a score"), std::string::npos)
      << broken.err;
  Ran resumed = c.Batch("out", {"--resume"});
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(Lines(c.Read("out", "grades.csv"))[1], "alice,passed,12,12,1,1,1,1,1,1,1,1,1,1,1,1");
}

TEST(BatchCommand, AFolderThatHoldsSomethingIsNeverOverwritten) {
  ClassFolder c;
  c.AddFile("alice");
  fs::create_directory(c.out("out"));
  std::ofstream(c.out("out") / "grades.csv") << "an older gradebook\n";
  Ran r = c.Batch("out");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("not empty; --resume"), std::string::npos) << r.err;
  EXPECT_EQ(c.Read("out", "grades.csv"), "an older gradebook\n");
  // --resume does not take it either: it is not a batch's output.
  r = c.Batch("out", {"--resume"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("has no batch.json"), std::string::npos) << r.err;
  EXPECT_EQ(c.Read("out", "grades.csv"), "an older gradebook\n");
}

TEST(BatchCommand, ResumingWithAnotherSeedSpecOrShardIsAUsageError) {
  ClassFolder c;
  c.AddFile("alice");
  ASSERT_EQ(c.Batch("out", {"--seed", "3"}).status, 1);
  std::string gradebook = c.Read("out", "grades.csv");
  Ran seed = c.Batch("out", {"--resume", "--seed", "4"});
  EXPECT_EQ(seed.status, 2);
  EXPECT_NE(seed.err.find("seed 4 instead of 3"), std::string::npos) << seed.err;
  Ran shard = c.Batch("out", {"--resume", "--seed", "3", "--shard", "1/2"});
  EXPECT_EQ(shard.status, 2);
  EXPECT_NE(shard.err.find("holds shard 1/1, not 1/2"), std::string::npos) << shard.err;
  Ran spec = RunNetgrade({"batch", "specs/udp-capitalize.yaml", "--submissions", c.subs().string(),
                          "--out", c.out("out").string(), "--resume", "--seed", "3"},
                         c.Env());
  EXPECT_EQ(spec.status, 2);
  EXPECT_NE(spec.err.find("exercise udp-capitalize instead of tcp-capitalize"), std::string::npos)
      << spec.err;
  EXPECT_EQ(c.Read("out", "grades.csv"), gradebook);
  EXPECT_EQ(c.Batch("out", {"--resume", "--seed", "3"}).status, 1);
}

TEST(BatchCommand, BadArgumentsAreUsageErrors) {
  ClassFolder c;
  EXPECT_EQ(c.Batch("out", {"--shard", "3/2"}).status, 2);
  EXPECT_EQ(RunNetgrade({"batch", kSpec, "--submissions", "/nonexistent-netgrade", "--out",
                         c.out("out").string()},
                        c.Env())
                .status,
            2);
}

// netgrade in a process group of its own, in the background, its output thrown away.
pid_t StartInBackground(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> argv = {std::string(NETGRADE_BINARY_DIR) + "/netgrade"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envs = env;
  envs.push_back("PATH=/usr/bin:/bin");
  std::vector<char*> c_argv, c_env;
  for (std::string& a : argv) c_argv.push_back(a.data());
  for (std::string& e : envs) c_env.push_back(e.data());
  c_argv.push_back(nullptr);
  c_env.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, NETGRADE_SOURCE_DIR);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = -1;
  int spawned = ::posix_spawn(&pid, c_argv[0], &actions, &attr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (spawned != 0) throw std::runtime_error("posix_spawn netgrade");
  return pid;
}

// The result files of an output, each with what tells a rewrite apart: inode and mtime.
std::map<std::string, std::pair<ino_t, timespec>> Results(const fs::path& out) {
  std::map<std::string, std::pair<ino_t, timespec>> files;
  for (const std::string& name : DirNames((out / "results").string())) {
    struct stat st {};
    if (name[0] == '.' || ::stat((out / "results" / name).c_str(), &st) != 0) continue;
    files[name] = {st.st_ino, st.st_mtim};
  }
  return files;
}

// Killed with SIGKILL (netgrade and everything in its process group) once a result is
// written, then --resume: the results written before the kill are the same files (never
// graded again), the others are graded, and the gradebook is the uninterrupted run's.
TEST(BatchCommand, ResumeAfterSigkillGradesOnlyWhatIsLeftAndGivesTheSameGradebook) {
  ClassFolder c;
  c.Add("a-alice", kReference);
  c.Add("b-bob", kOneRecv);
  c.Add("c-carol", kReference);
  c.Add("d-dave", kEcho);
  c.Add("e-erin", kReference);
  c.Add("f-frank", kOneRecv);
  Ran whole = c.Batch("whole");
  ASSERT_EQ(whole.status, 1) << whole.err;

  pid_t pid = StartInBackground(
      {"batch", kSpec, "--submissions", c.subs().string(), "--out", c.out("killed").string()},
      c.Env());
  // Observed: the first result file; the bound only ends a run that never writes one.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::map<std::string, std::pair<ino_t, timespec>> before;
  while (before.empty() && std::chrono::steady_clock::now() < deadline) {
    before = Results(c.out("killed"));
    if (before.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(-pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "netgrade ended before the kill: the test saw nothing to resume";
  before = Results(c.out("killed"));  // what the kill left
  ASSERT_FALSE(before.empty());
  ASSERT_LT(before.size(), 6u);

  Ran resumed = c.Batch("killed", {"--resume"});
  EXPECT_EQ(resumed.status, 1) << resumed.err;
  EXPECT_EQ(c.Read("killed", "grades.csv"), c.Read("whole", "grades.csv"));
  std::map<std::string, std::pair<ino_t, timespec>> after = Results(c.out("killed"));
  EXPECT_EQ(after.size(), 6u);
  for (const auto& [name, id] : before) {
    ASSERT_TRUE(after.count(name)) << name;
    EXPECT_EQ(after[name].first, id.first) << name << " was written again";
    EXPECT_EQ(after[name].second.tv_sec, id.second.tv_sec) << name;
    EXPECT_EQ(after[name].second.tv_nsec, id.second.tv_nsec) << name;
  }
  // The resumed run graded only the others: one progress line each.
  EXPECT_EQ(Count(resumed.err, "netgrade: ["), 6 - before.size()) << resumed.err;
  // A killed run's leftovers are gone once the next run has started (TMPDIR: the test's own).
  for (const std::string& name : DirNames(c.tmp().string()))
    EXPECT_NE(name.rfind("netgrade-" + std::to_string(pid) + "-", 0), 0u) << name;
}

}  // namespace
}  // namespace netgrade::testing_cli
