// netgrade verify OUT, after a batch: the gradebook netgrade vouches for
// (run/gradebook_vouch.h).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/cli/class_folder.h"

namespace netgrade::testing_cli {
namespace {
namespace fs = std::filesystem;

// The gradebook netgrade vouches for: the batch says OUT is as it wrote it; `netgrade verify`
// says so again, then names a grades.csv changed afterwards, a result removed and a file added
// (exit 1); an OUT no batch wrote has no record (exit 2). A resumed run keeps the record.
TEST(BatchCommand, VerifyNamesWhatChangedInOutSinceNetgradeWroteIt) {
  ClassFolder c;
  c.Add("alice", kReference);
  c.Add("bob", kEcho);
  Ran batch = c.Batch("out");
  ASSERT_EQ(batch.status, 1) << batch.err;
  EXPECT_NE(batch.err.find(c.out("out").string() + " is as netgrade wrote it: "), std::string::npos)
      << batch.err;
  const std::vector<std::string> verify = {"verify", c.out("out").string()};
  Ran same = RunNetgrade(verify, c.Env());
  EXPECT_EQ(same.status, 0) << same.err << same.out;
  EXPECT_NE(same.out.find("files unchanged, none added."), std::string::npos) << same.out;

  std::string csv = c.Read("out", "grades.csv");
  std::ofstream(c.out("out") / "grades.csv") << csv << "mallory,12,12\n";
  fs::remove(c.out("out") / "results" / "alice.json");
  std::ofstream(c.out("out") / "results" / "eve.json") << "{}\n";
  Ran changed = RunNetgrade(verify, c.Env());
  EXPECT_EQ(changed.status, 1) << changed.err << changed.out;
  EXPECT_NE(changed.out.find("  grades.csv: changed since netgrade wrote it\n"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("  results/alice.json: removed\n"), std::string::npos) << changed.out;
  EXPECT_NE(changed.out.find("  results/eve.json: not written by netgrade\n"), std::string::npos)
      << changed.out;

  // Put back as they were: a resumed run grades alice again and vouches for all of it.
  fs::remove(c.out("out") / "results" / "eve.json");
  std::ofstream(c.out("out") / "grades.csv") << csv;
  Ran resumed = c.Batch("out", {"--resume"});
  EXPECT_EQ(resumed.status, 1) << resumed.err;
  EXPECT_EQ(RunNetgrade(verify, c.Env()).status, 0);

  Ran none = RunNetgrade({"verify", c.out("elsewhere").string()}, c.Env());
  EXPECT_EQ(none.status, 2) << none.err;
  EXPECT_NE(none.err.find("no record of a netgrade batch writing there"), std::string::npos)
      << none.err;
}

}  // namespace
}  // namespace netgrade::testing_cli
