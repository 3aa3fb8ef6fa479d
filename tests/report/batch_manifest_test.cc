#include "harness/report/batch_manifest.h"

#include <gtest/gtest.h>

#include "harness/base/error.h"
#include "harness/spec/load.h"

namespace netgrade::report {
namespace {

spec::Spec TcpCapitalize() {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(loaded.ok());
  return *loaded.spec;
}

const std::vector<std::string> kClass = {"alice", "bob", "carol", "dave", "erin"};

BatchManifest Made(uint64_t seed = 1, const std::string& text = "spec text",
                   run::Shard shard = {1, 1}, const std::vector<std::string>& all = kClass) {
  return MakeManifest(TcpCapitalize(), "specs/tcp-capitalize.yaml", text, seed, shard, all);
}

TEST(BatchManifest, SaysWhatGradedTheShardAndWhichSubmissionsItHolds) {
  BatchManifest m = Made(7, "spec text", {2, 3});
  EXPECT_EQ(m.spec, "specs/tcp-capitalize.yaml");
  EXPECT_EQ(m.exercise, "tcp-capitalize");
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.shard.Name(), "2/3");
  EXPECT_EQ(m.submissions, run::ShardOf(kClass, {2, 3}));
  EXPECT_EQ(m.listed, kClass.size());
  EXPECT_EQ(m.cases.size(), TcpCapitalize().cases.size());
  EXPECT_EQ(m.spec_hash.size(), 16u);
}

TEST(BatchManifest, RoundTripsThroughItsJson) {
  BatchManifest m = Made(7, "spec text", {2, 3});
  m.formats = {"junit", "tap"};
  EXPECT_EQ(ManifestJson(m).find("pcap"), std::string::npos) << "no key without --pcap";
  m.pcap = true;
  BatchManifest back = ParseManifest(ManifestJson(m), "batch.json");
  EXPECT_TRUE(back.pcap);
  EXPECT_EQ(ManifestJson(back), ManifestJson(m));
  EXPECT_EQ(back.formats, m.formats);
  EXPECT_EQ(back.submissions, m.submissions);
  EXPECT_EQ(back.shard.Name(), "2/3");
  EXPECT_EQ(GradingDifference(m, back), "");
}

TEST(BatchManifest, TextThatIsNotOneIsAUsageErrorNamingTheFile) {
  for (const char* bad : {"", "[]", "{}", "{\"spec\": 1}"}) {
    try {
      ParseManifest(bad, "out/batch.json");
      ADD_FAILURE() << "parsed: " << bad;
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("out/batch.json"), std::string::npos) << e.what();
    }
  }
}

TEST(GradingDifference, AnotherSeedOrAnEditedSpecIsAnotherGrading) {
  EXPECT_EQ(GradingDifference(Made(1), Made(2)), "seed 2 instead of 1");
  EXPECT_NE(GradingDifference(Made(1, "spec text"), Made(1, "spec text, edited")), "");
  BatchManifest other_points = Made();
  other_points.cases[0].points = 5;
  EXPECT_EQ(GradingDifference(Made(), other_points), "other cases");
}

TEST(GradingDifference, TheSpecsPathShardAndListingAreNotTheGrading) {
  BatchManifest moved = Made(1, "spec text", {2, 2}, {"alice"});
  moved.spec = "/elsewhere/tcp-capitalize.yaml";
  EXPECT_EQ(GradingDifference(Made(), moved), "");
}

TEST(BatchManifest, TheListingHashTellsDifferentFoldersApart) {
  EXPECT_EQ(Made().listing_hash, Made(1, "x", {2, 2}).listing_hash);
  EXPECT_NE(Made().listing_hash, Made(1, "spec text", {1, 1}, {"alice", "bob"}).listing_hash);
  // Names are separated: {"ab"} is not {"a", "b"}.
  EXPECT_NE(Made(1, "s", {1, 1}, {"ab"}).listing_hash,
            Made(1, "s", {1, 1}, {"a", "b"}).listing_hash);
}

}  // namespace
}  // namespace netgrade::report
