// netgrade merge: shards of a batch joined are the batch run in one go.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/cli/class_folder.h"

namespace netgrade::testing_cli {
namespace {

Ran Merge(const ClassFolder& c, const std::vector<std::string>& shards, const std::string& out) {
  std::vector<std::string> args = {"merge"};
  for (const std::string& s : shards) args.push_back(c.out(s).string());
  args.push_back("--out");
  args.push_back(c.out(out).string());
  return RunNetgrade(args, c.Env());
}

TEST(MergeCommand, TwoShardsMergedAreByteForByteTheUnshardedGradebook) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.Add("bob", kOneRecv);
  c.Add("carol", kEcho);
  c.Add("dave", kReference);
  c.AddFile("erin.zip");
  const std::string longest(255, 'z');  // too long a name for "<name>.json"
  c.AddFile(longest);
  Ran whole = c.Batch("whole", {"--jobs", "2"});
  ASSERT_EQ(whole.status, 1) << whole.err;
  Ran one = c.Batch("one", {"--jobs", "2", "--shard", "1/2"});
  Ran two = c.Batch("two", {"--jobs", "2", "--shard", "2/2"});
  ASSERT_LE(one.status, 1) << one.err;
  ASSERT_LE(two.status, 1) << two.err;
  // Each shard graded a part, together all, none twice.
  auto part = [&](const std::string& out) {
    return nlohmann::json::parse(c.Read(out, "batch.json"))["submissions"]
        .get<std::vector<std::string>>();
  };
  std::vector<std::string> both = part("one");
  for (const std::string& s : part("two")) both.push_back(s);
  std::sort(both.begin(), both.end());
  EXPECT_EQ(both, (std::vector<std::string>{"alice", "bob", "carol", "dave", "erin.zip", longest}));

  Ran merged = Merge(c, {"two", "one"}, "merged");  // in any order
  EXPECT_EQ(merged.status, 1) << merged.err;
  EXPECT_EQ(c.Read("merged", "grades.csv"), c.Read("whole", "grades.csv"));
  // The class page and its figures too: from the same rows, the same bytes.
  EXPECT_EQ(c.Read("merged", "summary.json"), c.Read("whole", "summary.json"));
  EXPECT_EQ(c.Read("merged", "index.html"), c.Read("whole", "index.html"));
  EXPECT_NE(c.Read("merged", "index.html").find("class of 6"), std::string::npos);
  EXPECT_EQ(DirNames((c.out("merged") / "results").string()).size(), 6u);
  EXPECT_NE(c.Read("merged", "grades.csv").find("\n" + std::string(200, 'z') + "~"),
            std::string::npos);
  auto batch = nlohmann::json::parse(c.Read("merged", "batch.json"));
  EXPECT_EQ(batch["shard"], "1/1");
  EXPECT_EQ(batch["submissions"],
            nlohmann::json::parse(c.Read("whole", "batch.json"))["submissions"]);
  std::vector<std::string> in_one = part("one");
  bool one_has_alice = std::find(in_one.begin(), in_one.end(), "alice") != in_one.end();
  EXPECT_EQ(c.Read("merged", "results/alice.json"),
            c.Read(one_has_alice ? "one" : "two", "results/alice.json"));
}

// A JUnit document without its times: what two runs of the same grading share.
std::string WithoutTimes(const std::string& xml) {
  return std::regex_replace(xml, std::regex(" time=\"[^\"]*\""), "");
}

TEST(MergeCommand, ShardsMergedCarryTheReportsAndTheSameJunit) {
  ClassFolder c;
  c.Add("alice", kReference);
  for (const char* name : {"bob", "carol.zip", "dave", "erin"}) c.AddFile(name);
  c.AddFile(std::string(250, 'z'));  // fits ".json", not ".gradescope.json"
  const std::vector<std::string> formats = {"--format", "junit", "--format", "gradescope"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), formats.begin(), formats.end());
    return args;
  };
  ASSERT_EQ(c.Batch("whole", with({})).status, 1);
  ASSERT_LE(c.Batch("one", with({"--shard", "1/2"})).status, 1);
  ASSERT_LE(c.Batch("two", with({"--shard", "2/2"})).status, 1);
  Ran merged = Merge(c, {"one", "two"}, "merged");
  ASSERT_EQ(merged.status, 1) << merged.err;

  std::vector<std::string> whole_reports = DirNames((c.out("whole") / "reports").string());
  std::vector<std::string> merged_reports = DirNames((c.out("merged") / "reports").string());
  std::sort(whole_reports.begin(), whole_reports.end());
  std::sort(merged_reports.begin(), merged_reports.end());
  EXPECT_EQ(merged_reports, whole_reports);
  EXPECT_EQ(merged_reports.size(), 6u * 2u);
  // alice's times are its run's; everything else (every layout error's time is 0) the same.
  EXPECT_EQ(WithoutTimes(c.Read("merged", "junit.xml")),
            WithoutTimes(c.Read("whole", "junit.xml")));
  EXPECT_NE(c.Read("merged", "junit.xml").find("carol.zip"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(c.Read("merged", "batch.json"))["formats"],
            (std::vector<std::string>{"junit", "gradescope"}));
}

// Shards graded with --pcap: the merged OUT has every submission's captures where its result
// names them, byte for byte as the shard wrote them.
TEST(MergeCommand, ShardsMergedCarryTheirCaptures) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.Add("bob", kOneRecv);
  ASSERT_LE(c.Batch("one", {"--pcap", "--shard", "1/2"}).status, 1);
  ASSERT_LE(c.Batch("two", {"--pcap", "--shard", "2/2"}).status, 1);
  Ran merged = Merge(c, {"one", "two"}, "merged");
  ASSERT_EQ(merged.status, 1) << merged.err;
  size_t files = 0;
  for (const char* name : {"alice", "bob"}) {
    nlohmann::json result =
        nlohmann::json::parse(c.Read("merged", std::string("results/") + name + ".json"));
    if (!result["sandbox"]["network_namespace"].get<bool>()) GTEST_SKIP() << "no captures here";
    for (const nlohmann::json& k : result["cases"]) {
      if (!k.contains("capture")) continue;
      std::string file = k["capture"]["file"];
      std::string shard = c.Read("one", file) != "<missing>" ? "one" : "two";
      EXPECT_EQ(c.Read("merged", file), c.Read(shard, file)) << file;
      ++files;
    }
  }
  EXPECT_GT(files, 10u);
}

// Shards of a class of files: each a layout error, graded at once.
struct LayoutOnlyShards : ::testing::Test {
  ClassFolder c;
  void SetUp() override {
    for (const char* name : {"alice", "bob", "carol", "dave", "erin", "frank"}) c.AddFile(name);
    for (const char* k : {"1", "2", "3"})
      ASSERT_LE(c.Batch(std::string("s") + k, {"--shard", std::string(k) + "/3"}).status, 1);
  }
};

TEST_F(LayoutOnlyShards, AllShardsMergeAndAMissingOneIsAUsageError) {
  EXPECT_EQ(Merge(c, {"s1", "s2", "s3"}, "m").status, 1);
  Ran missing = Merge(c, {"s1", "s3"}, "m2");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("shard 2/3 is missing"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(c.out("m2")));
}

TEST_F(LayoutOnlyShards, ShardsWithFormatsMergeIntoTheUnshardedJunitByteForByte) {
  for (const char* k : {"1", "2", "3"})
    ASSERT_LE(
        c.Batch(std::string("f") + k, {"--shard", std::string(k) + "/3", "-f", "junit"}).status, 1);
  ASSERT_EQ(c.Batch("whole", {"-f", "junit"}).status, 1);
  ASSERT_EQ(Merge(c, {"f1", "f2", "f3"}, "m").status, 1);
  EXPECT_EQ(c.Read("m", "junit.xml"), c.Read("whole", "junit.xml"));
  // Named by the folder alone (not the instructor's path to it), as every report of a batch.
  EXPECT_NE(c.Read("m", "junit.xml").find("name=\"frank\""), std::string::npos);
  // Shards that wrote other reports do not make one output.
  Ran mixed = Merge(c, {"s1", "f2", "f3"}, "m2");
  EXPECT_EQ(mixed.status, 2);
  EXPECT_NE(mixed.err.find("same --format"), std::string::npos) << mixed.err;
}

TEST_F(LayoutOnlyShards, AShardGivenTwiceIsAUsageError) {
  Ran twice = Merge(c, {"s1", "s2", "s2", "s3"}, "m");
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("shard 2/3 is given twice"), std::string::npos) << twice.err;
}

TEST_F(LayoutOnlyShards, AShardOfAnotherSeedIsAUsageError) {
  ASSERT_EQ(c.Batch("other", {"--shard", "2/3", "--seed", "9"}).status, 1);
  Ran other = Merge(c, {"s1", "other", "s3"}, "m");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("seed 9 instead of 1"), std::string::npos) << other.err;
}

TEST_F(LayoutOnlyShards, AnUnfinishedShardIsAUsageError) {
  // A result of a shard that has one is gone, as after a kill.
  for (const char* shard : {"s1", "s2", "s3"}) {
    std::vector<std::string> names = DirNames((c.out(shard) / "results").string());
    if (names.empty()) continue;
    fs::remove(c.out(shard) / "results" / names[0]);
    break;
  }
  Ran unfinished = Merge(c, {"s1", "s2", "s3"}, "m");
  EXPECT_EQ(unfinished.status, 2);
  EXPECT_NE(unfinished.err.find("--resume"), std::string::npos) << unfinished.err;
}

TEST_F(LayoutOnlyShards, ShardsOfDifferentFoldersAreAUsageError) {
  c.AddFile("zoe");
  ASSERT_EQ(c.Batch("later", {"--shard", "2/3"}).status, 1);
  Ran later = Merge(c, {"s1", "later", "s3"}, "m");
  EXPECT_EQ(later.status, 2);
  EXPECT_NE(later.err.find("saw different submission folders"), std::string::npos) << later.err;
}

TEST_F(LayoutOnlyShards, ANonEmptyOutIsNeverOverwritten) {
  fs::create_directory(c.out("m"));
  std::ofstream(c.out("m") / "grades.csv") << "older\n";
  EXPECT_EQ(Merge(c, {"s1", "s2", "s3"}, "m").status, 2);
  EXPECT_EQ(c.Read("m", "grades.csv"), "older\n");
}

}  // namespace
// Tampering with what merge reads: a shard whose result was edited after its batch wrote it
// (a failing submission's result made to pass) is refused while its batch's record is kept
// here, naming the file, and no OUT is written; merge never vouches for what it did not check.
TEST_F(LayoutOnlyShards, AShardEditedSinceItsBatchIsRefused) {
  std::string shard, name;
  for (const char* s : {"s1", "s2", "s3"}) {
    std::vector<std::string> names = DirNames((c.out(s) / "results").string());
    if (!names.empty()) shard = s, name = names[0];
  }
  ASSERT_FALSE(name.empty());
  fs::path result = c.out(shard) / "results" / name;
  std::string text = c.Read(shard, "results/" + name);
  size_t at = text.find("false", text.find("\"passed\""));
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 5, "true");
  std::ofstream(result, std::ios::trunc) << text;
  Ran merged = Merge(c, {"s1", "s2", "s3"}, "m");
  EXPECT_EQ(merged.status, 2) << merged.err;
  EXPECT_NE(merged.err.find("results/" + name + ": changed since netgrade wrote it"),
            std::string::npos)
      << merged.err;
  EXPECT_FALSE(fs::exists(c.out("m")));
}

// A shard graded elsewhere (no record here) is merged as it is, and says so; but a link in it
// is never followed: a result that is a link to a file outside the shard (a valid result, or
// any file of the machine's a merge run as root could read) is refused, not copied into OUT.
TEST_F(LayoutOnlyShards, AShardWithoutARecordIsSaidAndItsLinksAreNeverFollowed) {
  fs::remove_all(c.out("state"));
  Ran plain = Merge(c, {"s1", "s2", "s3"}, "m");
  EXPECT_EQ(plain.status, 1) << plain.err;
  EXPECT_NE(plain.err.find("no record of its batch is kept here"), std::string::npos) << plain.err;
  std::string shard, name;
  for (const char* s : {"s1", "s2", "s3"}) {
    std::vector<std::string> names = DirNames((c.out(s) / "results").string());
    if (!names.empty()) shard = s, name = names[0];
  }
  ASSERT_FALSE(name.empty());
  // A result file outside the shard, whole and valid: followed, it would be merged as is.
  fs::path result = c.out(shard) / "results" / name;
  const fs::path outside = c.out("outside.json");
  fs::rename(result, outside);
  fs::create_symlink(outside, result);
  Ran linked = Merge(c, {"s1", "s2", "s3"}, "m2");
  EXPECT_EQ(linked.status, 2) << linked.err;
  EXPECT_NE(linked.err.find("a link, or of another kind"), std::string::npos) << linked.err;
  EXPECT_FALSE(fs::exists(c.out("m2") / "results" / name));
}

}  // namespace netgrade::testing_cli
