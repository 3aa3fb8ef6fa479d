// netgrade verify OUT, after a batch: the gradebook netgrade vouches for
// (run/gradebook_vouch.h).
#include <gtest/gtest.h>
#include <sys/stat.h>

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

// Tampering with what verify reads, past editing a file: grades.csv made a link to a copy of
// the same bytes (a later edit of the copy would not show), a FIFO among the results (a
// verify that opened it would wait forever), a link to a folder of the machine's (a verify
// that followed it would list its files, or vouch for them), and OUT itself swapped for a link
// to a copy (the record is of the folder netgrade wrote, not of any copy of its bytes).
TEST(BatchCommand, VerifyNamesLinksAndFifosAndNeverFollowsThem) {
  ClassFolder c;
  c.AddFile("alice");
  ASSERT_EQ(c.Batch("out").status, 1);
  const fs::path out = c.out("out");
  const std::vector<std::string> verify = {"verify", out.string()};
  ASSERT_EQ(RunNetgrade(verify, c.Env()).status, 0);

  fs::copy_file(out / "grades.csv", c.out("copy.csv"));
  fs::remove(out / "grades.csv");
  fs::create_symlink(c.out("copy.csv"), out / "grades.csv");
  ASSERT_EQ(::mkfifo((out / "results" / "zed.json").c_str(), 0644), 0);
  fs::create_directory_symlink("/etc", out / "results" / "etc");
  Ran tampered = RunNetgrade(verify, c.Env());
  EXPECT_EQ(tampered.status, 1) << tampered.err << tampered.out;
  EXPECT_NE(tampered.out.find("  grades.csv: changed since netgrade wrote it\n"), std::string::npos)
      << tampered.out;
  EXPECT_NE(tampered.out.find("  results/zed.json: not written by netgrade\n"), std::string::npos)
      << tampered.out;
  EXPECT_NE(tampered.out.find("  results/etc: not written by netgrade\n"), std::string::npos)
      << tampered.out;
  EXPECT_EQ(tampered.out.find("results/etc/"), std::string::npos) << tampered.out;

  fs::remove(out / "grades.csv");
  fs::copy_file(c.out("copy.csv"), out / "grades.csv");
  fs::remove(out / "results" / "zed.json");
  fs::remove(out / "results" / "etc");
  ASSERT_EQ(RunNetgrade(verify, c.Env()).status, 0);
  fs::copy(out, c.out("twin"), fs::copy_options::recursive);
  fs::rename(out, c.out("kept"));
  fs::create_directory_symlink(c.out("twin"), out);
  Ran twin = RunNetgrade(verify, c.Env());
  EXPECT_EQ(twin.status, 2) << twin.err << twin.out;
  EXPECT_NE(twin.err.find("no record of a netgrade batch writing there"), std::string::npos)
      << twin.err;
}

}  // namespace
}  // namespace netgrade::testing_cli
