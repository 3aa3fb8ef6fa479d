#include "harness/run/batch.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/spec/load.h"

namespace netgrade::run {
namespace {
namespace fs = std::filesystem;

// A folder of the test's own, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "netgrade-batch-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = tmpl;
  }
  ~TempDir() { fs::remove_all(dir_); }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

TEST(Shard, ParsesKOfN) {
  Shard s = ParseShard("3/8");
  EXPECT_EQ(s.k, 3);
  EXPECT_EQ(s.n, 8);
  EXPECT_EQ(s.Name(), "3/8");
}

TEST(Shard, AnythingButKOfNIsAUsageError) {
  for (const char* bad : {"", "3", "0/2", "3/2", "1/0", "a/2", "1/2/3", "-1/2", "1/ 2", "1/99999"})
    EXPECT_THROW(ParseShard(bad), UsageError) << bad;
}

TEST(Shard, EveryNameIsInExactlyOneShard) {
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) names.push_back(fmt::format("student{:03}", i));
  for (int n : {1, 2, 3, 7}) {
    std::map<std::string, int> seen;
    for (int k = 1; k <= n; ++k)
      for (const std::string& name : ShardOf(names, Shard{k, n})) ++seen[name];
    EXPECT_EQ(seen.size(), names.size()) << n << " shards";
    for (const auto& [name, times] : seen) EXPECT_EQ(times, 1) << name;
  }
}

// The shard of a name depends on that name only: a submission added to DIR between two
// shard jobs moves no other one.
TEST(Shard, AddingASubmissionMovesNoOther) {
  std::vector<std::string> before = {"alice", "bob", "carol", "dave", "eve", "frank"};
  std::vector<std::string> after = before;
  after.insert(after.begin(), "aaron");
  for (int k = 1; k <= 3; ++k) {
    std::vector<std::string> now = ShardOf(after, Shard{k, 3});
    now.erase(std::remove(now.begin(), now.end(), "aaron"), now.end());
    EXPECT_EQ(now, ShardOf(before, Shard{k, 3})) << k;
  }
}

TEST(ListSubmissions, EveryEntryButHiddenOnesSortedByBytes) {
  TempDir t;
  for (const char* d : {"bob", "Alice", "carol", ".git", "émile"})
    fs::create_directory(t.dir() / d);
  std::ofstream(t.dir() / "dave.zip") << "not a folder";
  EXPECT_EQ(ListSubmissions(t.dir()),
            (std::vector<std::string>{"Alice", "bob", "carol", "dave.zip", "émile"}));
}

TEST(ListSubmissions, ANonFolderIsAUsageError) {
  EXPECT_THROW(ListSubmissions("/nonexistent-netgrade-dir"), UsageError);
  TempDir t;
  std::ofstream(t.dir() / "file") << "x";
  EXPECT_THROW(ListSubmissions(t.dir() / "file"), UsageError);
}

TEST(WriteAtomically, ReplacesTheFileAndLeavesNoTemporary) {
  TempDir t;
  fs::path file = t.dir() / "a.json";
  WriteAtomically(file, "first");
  WriteAtomically(file, "second");
  EXPECT_EQ(ReadFile(file.string()), "second");
  EXPECT_EQ(DirNames(t.dir().string()), std::vector<std::string>{"a.json"});
  struct stat st{};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

TEST(WriteAtomically, AFolderThatIsNotThereThrows) {
  EXPECT_THROW(WriteAtomically("/nonexistent-netgrade-dir/a.json", "x"), SystemError);
}

TEST(RemoveStaleTemporaries, RemovesOnlyWhatWriteAtomicallyLeft) {
  TempDir t;
  std::ofstream(t.dir() / ".tmp-abc123") << "half a result";
  std::ofstream(t.dir() / "alice.json") << "{}";
  RemoveStaleTemporaries(t.dir());
  EXPECT_EQ(DirNames(t.dir().string()), std::vector<std::string>{"alice.json"});
}

TEST(ResultStem, IsTheNameUnlessItIsTooLongForAFileName) {
  EXPECT_EQ(ResultStem("alice"), "alice");
  EXPECT_EQ(ResultPath("out/results", "alice"), fs::path("out/results/alice.json"));
  std::string longest(250, 'a');
  EXPECT_EQ(ResultStem(longest), longest);
  std::string a = std::string(254, 'x') + "a", b = std::string(254, 'x') + "b";
  EXPECT_LE(ResultStem(a).size() + 5, 255u);
  EXPECT_EQ(ResultStem(a).substr(0, 201), std::string(200, 'x') + "~");
  EXPECT_NE(ResultStem(a), ResultStem(b));
  EXPECT_EQ(ResultStem(a), ResultStem(std::string(a)));
  // Never cut inside a character: after "a", 2-byte characters; byte 200 is inside one.
  std::string wide = "a";
  for (int i = 0; i < 127; ++i) wide += "é";
  EXPECT_EQ(ResultStem(wide).substr(0, 200), wide.substr(0, 199) + "~");
}

TEST(SubmissionFilePath, FitsAFileNameAndIsTheSameForANameAndItsStem) {
  EXPECT_EQ(SubmissionFilePath("reports", "alice", ".xml"), fs::path("reports/alice.xml"));
  // Fits ".json" (250 bytes) but not ".gradescope.json": cut, as a longer name is.
  for (size_t size : {245, 250, 255}) {
    std::string name(size, 'q');
    fs::path path = SubmissionFilePath("r", name, ".gradescope.json");
    EXPECT_LE(path.filename().string().size(), 255u) << size;
    EXPECT_EQ(path, SubmissionFilePath("r", ResultStem(name), ".gradescope.json")) << size;
  }
  EXPECT_EQ(SubmissionFilePath("r", std::string(239, 'q'), ".gradescope.json").filename(),
            std::string(239, 'q') + ".gradescope.json");
}

spec::Spec TcpCapitalize() {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(loaded.ok());
  return *loaded.spec;
}

// A batch whose result files say only the submission's status (what the tests look at).
struct Recorder {
  std::mutex mutex;
  std::vector<std::string> written;  // by result_file, in order
  std::vector<BatchEvent> events;
  BatchHooks Hooks() {
    BatchHooks h;
    h.result_file = [this](const GradeOutcome& o) {
      std::lock_guard<std::mutex> lock(mutex);
      written.push_back(o.result.submission);
      return std::string(StatusName(StatusOf(o)));
    };
    h.stored_status = [](const std::string& contents) -> std::optional<Status> {
      for (Status s :
           {Status::kPassed, Status::kFailed, Status::kLayoutError, Status::kGraderError})
        if (contents == StatusName(s)) return s;
      return std::nullopt;
    };
    h.on_event = [this](const BatchEvent& e) { events.push_back(e); };
    return h;
  }
};

// Submissions that are files: each is its layout error at once, no case runs.
TEST(RunBatch, WritesAResultPerSubmissionAndSkipsFinalOnesOfAnEarlierRun) {
  TempDir t;
  fs::create_directory(t.dir() / "subs");
  fs::create_directory(t.dir() / "results");
  for (const char* name : {"a", "b", "c"}) std::ofstream(t.dir() / "subs" / name) << "x";
  // An earlier run: a final, a grader error and a file that is not a result (both graded
  // again), and half a write.
  std::ofstream(t.dir() / "results" / "a.json") << "failed";
  std::ofstream(t.dir() / "results" / "b.json") << "grader_error";
  std::ofstream(t.dir() / "results" / "c.json") << "{\"cut\": ";
  std::ofstream(t.dir() / "results" / ".tmp-XYZ") << "pass";
  BatchOptions o;
  o.submissions = t.dir() / "subs";
  o.results = t.dir() / "results";
  Recorder r;
  EXPECT_EQ(RunBatch(TcpCapitalize(), o, {"a", "b", "c"}, r.Hooks()), 0u);
  EXPECT_EQ(r.written, (std::vector<std::string>{(o.submissions / "b").string(),
                                                 (o.submissions / "c").string()}));
  EXPECT_EQ(ReadFile((o.results / "a.json").string()), "failed");  // untouched
  EXPECT_EQ(ReadFile((o.results / "b.json").string()), "layout_error");
  EXPECT_EQ(ReadFile((o.results / "c.json").string()), "layout_error");
  EXPECT_FALSE(fs::exists(o.results / ".tmp-XYZ"));
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].kind, BatchEvent::kStarted);
  EXPECT_EQ(r.events[0].done, 1u);
  EXPECT_EQ(r.events[0].resumed, 1u);
  EXPECT_EQ(r.events.back().done, 3u);
  EXPECT_EQ(r.events.back().resumed, 1u);
  EXPECT_EQ(r.events.back().failed, 3u) << "the earlier run's failure counts";
  EXPECT_EQ(r.events.back().total, 3u);
}

// The grader's failure: the peer's fixed port is taken (no namespaces to keep it apart).
constexpr const char* kFixedPortSpec = R"(
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
)";

struct FixedPortBatch {
  TempDir t;
  Fd holder = TcpListen(Address::Parse("127.0.0.1", 0));
  spec::Spec spec;
  BatchOptions options;
  FixedPortBatch() {
    spec::LoadResult loaded = spec::LoadSpecString(
        fmt::format(kFixedPortSpec, LocalAddress(holder.get()).port()), "inline.yaml");
    EXPECT_TRUE(loaded.ok());
    spec = *loaded.spec;
    fs::create_directory(t.dir() / "results");
    fs::create_directory(t.dir() / "subs");
    fs::copy(NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python", t.dir() / "subs" / "alice");
    options.submissions = t.dir() / "subs";
    options.results = t.dir() / "results";
    options.grade.run.isolate = false;
  }
};

TEST(RunBatch, AGraderErrorThatPersistsIsRecordedAsSuchAfterOneRetry) {
  FixedPortBatch b;
  Recorder r;
  EXPECT_EQ(RunBatch(b.spec, b.options, {"alice"}, r.Hooks()), 1u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[1].kind, BatchEvent::kRetrying);
  EXPECT_EQ(r.events[2].kind, BatchEvent::kGraded);
  EXPECT_EQ(r.events[2].grader_errors, 1u);
  EXPECT_EQ(r.events[2].failed, 0u) << "a grader error is not the student's failure";
  EXPECT_EQ(r.written.size(), 1u) << "written once, after the retry";
  EXPECT_EQ(ReadFile((b.options.results / "alice.json").string()), "grader_error");
}

// The port is freed when the retry is announced: the second grading is the one recorded.
TEST(RunBatch, AGraderErrorGoneOnTheRetryIsRecordedAsTheRetrysResult) {
  FixedPortBatch b;
  Recorder r;
  BatchHooks hooks = r.Hooks();
  auto tell = hooks.on_event;
  hooks.on_event = [&](const BatchEvent& e) {
    if (e.kind == BatchEvent::kRetrying) b.holder.Reset();
    tell(e);
  };
  EXPECT_EQ(RunBatch(b.spec, b.options, {"alice"}, hooks), 0u);
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[1].kind, BatchEvent::kRetrying);
  EXPECT_EQ(r.written.size(), 1u);
  EXPECT_EQ(ReadFile((b.options.results / "alice.json").string()), "passed");
}

}  // namespace
}  // namespace netgrade::run
