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
#include <pugixml.hpp>
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
  EXPECT_NE(csv[0].find(",server-one-line result,"), std::string::npos) << csv[0];
  // Letters outside ASCII are worth 0 points: 0 of 0, and whether it passed beside.
  EXPECT_EQ(csv[1],
            "alice,passed,12,12,1,1,1,1,1,1,0,1,1,1,1,1,1,pass,pass,pass,pass,pass,pass,pass,pass,"
            "pass,pass,pass,pass,pass");
  EXPECT_EQ(csv[2].rfind("bob,failed,", 0), 0u) << csv[2];
  EXPECT_EQ(csv[3],
            "carol.zip,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0,0,fail,fail,fail,fail,fail,fail,"
            "fail,fail,fail,fail,fail,fail,fail");

  // Each result is the submission's JSON report (a layout error: with its error).
  auto alice = nlohmann::json::parse(c.Read("out", "results/alice.json"));
  EXPECT_EQ(alice["score"], 12);
  EXPECT_EQ(alice["seed"], 5);
  EXPECT_EQ(alice["cases"].size(), 13u);
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

// The suites of a JUnit document, by name; empty when it is not one well-formed document.
std::vector<std::string> Suites(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return {};
  std::vector<std::string> names;
  for (pugi::xml_node s : doc.child("testsuites").children("testsuite"))
    names.push_back(s.attribute("name").value());
  return names;
}

// A client that prints, instead of each answer, bytes no report may carry raw (ESC, NUL, BEL,
// an XML end, invalid UTF-8): its failed cases quote them.
void AddHostileClient(ClassFolder& c, const std::string& name) {
  c.Add(name, kReference);
  std::ofstream(c.subs() / name / "client.py", std::ios::trunc)
      << "import socket, sys\n"
         "with socket.create_connection((sys.argv[1], int(sys.argv[2]))) as s, "
         "s.makefile('rb') as answers:\n"
         "    for line in sys.stdin:\n"
         "        s.sendall(line.encode())\n"
         "        answers.readline()\n"
         "        sys.stdout.buffer.write(b'\\x1b[2J\\x00\\x07]]></failure>\\xff\\n')\n";
}

TEST(BatchCommand, EveryFormatAskedForIsWrittenPerSubmissionAndJunitJoinsThem) {
  ClassFolder c;
  c.Add("alice", kReference);
  const std::string hostile = "<&\"mallory\">\x1b[31m\n";
  AddHostileClient(c, hostile);
  c.AddFile("carol.zip");
  fs::path summary = c.tmp() / "summary.md";
  std::vector<std::string> env = c.Env();
  env.push_back("GITHUB_STEP_SUMMARY=" + summary.string());
  Ran r = c.Batch("out",
                  {"--jobs", "2", "--format", "tap", "-f", "junit", "--format", "gradescope",
                   "--format", "text", "--format", "github", "--format", "json"},
                  env);
  ASSERT_EQ(r.status, 1) << r.err;

  // Per submission, each format; json is the result file itself.
  std::vector<std::string> files = DirNames((c.out("out") / "reports").string());
  EXPECT_EQ(files.size(), 3u * 5u);
  // A submission is named by its folder's name, not by the instructor's path to it.
  EXPECT_EQ(Suites(c.Read("out", "reports/alice.xml")),
            (std::vector<std::string>{"alice server", "alice client"}));
  auto gradescope = nlohmann::json::parse(c.Read("out", "reports/alice.gradescope.json"));
  EXPECT_EQ(gradescope["score"], 12);
  EXPECT_EQ(gradescope["tests"].size(), 13u);
  std::vector<std::string> tap = Lines(c.Read("out", "reports/alice.tap"));
  ASSERT_GE(tap.size(), 2u);
  EXPECT_EQ(tap[0], "TAP version 13");
  EXPECT_EQ(tap[1], "1..13");
  EXPECT_NE(c.Read("out", "reports/alice.txt").find("12/12"), std::string::npos);
  EXPECT_NE(c.Read("out", "reports/alice.github.txt").find("::notice title="), std::string::npos);
  // A layout error has its report in each format too; Gradescope's says why.
  auto carol = nlohmann::json::parse(c.Read("out", "reports/carol.zip.gradescope.json"));
  EXPECT_EQ(carol["score"], 0);
  EXPECT_NE(carol["output"].get<std::string>().find("not a directory"), std::string::npos);
  EXPECT_EQ(Suites(c.Read("out", "reports/carol.zip.xml")), std::vector<std::string>{"carol.zip"});

  // One document: every submission's suites (a suite per role), in the gradebook's order.
  std::string hostile_xml = c.Read("out", "reports/" + hostile + ".xml");
  EXPECT_NE(hostile_xml.find("\\x1b[2J"), std::string::npos) << "its stdout, escaped";
  std::string junit = c.Read("out", "junit.xml");
  std::vector<std::string> suites = Suites(junit);
  ASSERT_EQ(suites.size(), 5u) << junit;
  // The newline is an XML character (&#10;), kept; the ESC is not, and is shown escaped.
  EXPECT_EQ(suites[0], "<&\"mallory\">\\x1b[31m\n server");
  EXPECT_EQ(suites[1], "<&\"mallory\">\\x1b[31m\n client");
  EXPECT_EQ(suites[2], "alice server");
  EXPECT_EQ(suites[4], "carol.zip");
  for (const std::string& file : DirNames((c.out("out") / "reports").string()))
    EXPECT_EQ(c.Read("out", "reports/" + file).find(c.subs().string()), std::string::npos)
        << file << " shows the instructor's path";
  for (char raw : {'\x1b', '\0', '\x07'})
    EXPECT_EQ(junit.find(raw), std::string::npos) << static_cast<int>(raw);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(junit.c_str()));
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(), 13 + 13 + 1);

  // The class in the job summary, a row each.
  std::string md = ReadFile(summary.string()).value_or("");
  EXPECT_NE(md.find("class of 3: 1 passed, 1 failed, 1 not graded"), std::string::npos) << md;
  EXPECT_NE(md.find("| alice | passed | 12/12 |"), std::string::npos) << md;
}

TEST(BatchCommand, ResumeRebuildsTheSameJunitAndAnotherFormatIsAUsageError) {
  ClassFolder c;
  c.AddFile("alice");
  c.AddFile("bob");
  ASSERT_EQ(c.Batch("out", {"--format", "junit", "--format", "tap"}).status, 1);
  std::string junit = c.Read("out", "junit.xml");
  EXPECT_EQ(Suites(junit).size(), 2u) << junit;
  fs::remove(c.out("out") / "junit.xml");
  // The same formats in another order are the same; junit.xml read back from reports/.
  Ran same = c.Batch("out", {"--resume", "--format", "tap", "--format", "junit"});
  EXPECT_EQ(same.status, 1) << same.err;
  EXPECT_EQ(c.Read("out", "junit.xml"), junit);
  Ran other = c.Batch("out", {"--resume", "--format", "junit"});
  EXPECT_EQ(other.status, 2) << other.err;
  EXPECT_NE(other.err.find("--format junit,tap; this run asks for junit"), std::string::npos)
      << other.err;
  Ran none = c.Batch("out", {"--resume"});
  EXPECT_EQ(none.status, 2) << none.err;
  EXPECT_EQ(c.Batch("out", {"--resume", "--format", "xml"}).status, 2);
  // Captures are asked for the same way too, or some submissions would have none.
  Ran pcap = c.Batch("out", {"--resume", "--format", "tap", "--format", "junit", "--pcap"});
  EXPECT_EQ(pcap.status, 2) << pcap.err;
  EXPECT_NE(pcap.err.find("was graded without --pcap; leave it out this run too"),
            std::string::npos)
      << pcap.err;
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
            "\\x1b[2Jterm,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0,0,fail,fail,fail,fail,fail,"
            "fail,fail,fail,fail,fail,fail,fail,fail\n"
            "'=cmd|' -C "
            "calc'!A0,layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0,0,fail,fail,fail,fail,fail,fail,"
            "fail,fail,fail,fail,fail,fail,fail\n"
            "\"evil\\nmallory,passed,12\",layout_error,0,12,0,0,0,0,0,0,0,0,0,0,0,0,0,fail,fail,"
            "fail,fail,fail,fail,fail,fail,fail,fail,fail,fail,fail\n");
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
  EXPECT_EQ(Lines(c.Read("out", "grades.csv"))[1],
            "alice,grader_error,,,,,,,,,,,,,,," + std::string(13, ','));
  EXPECT_NE(broken.err.find("alice: the grader itself failed"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("graded again after the others"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("recorded as grader_error, not as a score"), std::string::npos)
      << broken.err;
  Ran resumed = c.Batch("out", {"--resume"});
  EXPECT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(Lines(c.Read("out", "grades.csv"))[1],
            "alice,passed,12,12,1,1,1,1,1,1,0,1,1,1,1,1,1,pass,pass,pass,pass,pass,pass,pass,pass,"
            "pass,pass,pass,pass,pass");
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
  // A job script may always pass --resume: on a new OUT it starts the batch.
  EXPECT_EQ(c.Batch("fresh", {"--resume"}).status, 1);
  EXPECT_EQ(Lines(c.Read("fresh", "grades.csv")).size(), 2u);
}

// Without --seed a batch draws a seed nobody can know in advance (the spec's drawn messages
// with it), records it, and --resume finishes the batch with that one; shards of a class take
// NETGRADE_SEED, which the templates make once per class.
TEST(BatchSeed, WithoutOneEachRunDrawsItsOwnAndResumeKeepsIt) {
  ClassFolder c;
  c.AddFile("alice");
  auto run = [&](const std::string& out, std::vector<std::string> extra,
                 std::vector<std::string> env) {
    std::vector<std::string> args = {"batch",         "specs/tcp-capitalize.yaml",
                                     "--submissions", c.subs().string(),
                                     "--out",         c.out(out).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const std::string& e : c.Env()) env.push_back(e);
    return RunNetgrade(args, env);
  };
  auto seed_of = [&](const std::string& out) {
    return nlohmann::json::parse(c.Read(out, "batch.json"))["seed"].get<uint64_t>();
  };
  ASSERT_EQ(run("a", {}, {}).status, 1);
  ASSERT_EQ(run("b", {}, {}).status, 1);
  EXPECT_NE(seed_of("a"), seed_of("b"));
  EXPECT_NE(seed_of("a"), 1u);
  // Resumed without --seed: the batch's own seed, not a new one (a new one is refused).
  fs::remove(c.out("a") / "results" / "alice.json");
  Ran resumed = run("a", {"--resume"}, {});
  EXPECT_EQ(resumed.status, 1) << resumed.err;
  EXPECT_TRUE(fs::exists(c.out("a") / "results" / "alice.json"));
  ASSERT_LE(run("s1", {"--shard", "1/2"}, {"NETGRADE_SEED=424242"}).status, 1);
  EXPECT_EQ(seed_of("s1"), 424242u);
  Ran bad = run("s2", {"--shard", "2/2"}, {"NETGRADE_SEED=CLASS-SEED"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("NETGRADE_SEED=CLASS-SEED: expected a whole number"), std::string::npos)
      << bad.err;
}

TEST(BatchCommand, BadArgumentsAreUsageErrors) {
  ClassFolder c;
  Ran empty = c.Batch("out");
  EXPECT_EQ(empty.status, 2);
  EXPECT_NE(empty.err.find("no submission in it"), std::string::npos) << empty.err;
  c.AddFile("alice");
  EXPECT_EQ(c.Batch("out", {"--shard", "3/2"}).status, 2);
  Ran inside = RunNetgrade(
      {"batch", kSpec, "--submissions", c.subs().string(), "--out", (c.subs() / "grades").string()},
      c.Env());
  EXPECT_EQ(inside.status, 2);
  EXPECT_NE(inside.err.find("is inside --submissions"), std::string::npos) << inside.err;
  EXPECT_FALSE(fs::exists(c.subs() / "grades"));
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
    struct stat st{};
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

  pid_t pid = StartInBackground({"batch", kSpec, "--submissions", c.subs().string(), "--out",
                                 c.out("killed").string(), "--seed", "1"},
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

// An OUT whose path an earlier batch used (and was removed since), graded afresh, killed and
// resumed: the earlier batch's record does not judge it. It was: "changed after netgrade wrote
// it ... not written by netgrade", exit 3, which fails a Slurm task and cancels the merge.
TEST(BatchCommand, AnOutNameUsedBeforeKilledAndResumedIsNotCalledTampered) {
  ClassFolder c;
  c.Add("a-alice", kReference);
  c.Add("b-bob", kOneRecv);
  c.Add("c-carol", kReference);
  c.Add("d-dave", kEcho);
  ASSERT_EQ(c.Batch("reused", {"--seed", "2"}).status, 1);
  fs::remove_all(c.out("reused"));
  pid_t pid = StartInBackground({"batch", kSpec, "--submissions", c.subs().string(), "--out",
                                 c.out("reused").string(), "--seed", "1"},
                                c.Env());
  // Observed: the first result file; the bound only ends a run that never writes one.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (Results(c.out("reused")).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ::kill(-pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_FALSE(Results(c.out("reused")).empty());
  Ran resumed = c.Batch("reused", {"--resume"});
  EXPECT_EQ(resumed.status, 1) << resumed.err;
  EXPECT_EQ(resumed.err.find("changed after netgrade wrote it"), std::string::npos) << resumed.err;
  Ran verified = RunNetgrade({"verify", c.out("reused").string()}, c.Env());
  EXPECT_EQ(verified.status, 0) << verified.err << verified.out;
}

}  // namespace
}  // namespace netgrade::testing_cli
