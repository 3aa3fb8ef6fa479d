// The vouch of a batch's OUT (run/gradebook_vouch.h): what netgrade wrote, by digest; what
// differs on the disk, named; a resumed run's files kept only while still as recorded.
#include "harness/run/gradebook_vouch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/base/sha256.h"
#include "harness/run/batch.h"
#include "tests/support/environment.h"
#include "tests/support/temp_dir.h"

namespace netgrade::run {
namespace {
namespace fs = std::filesystem;

TEST(GradebookVouch, WhatNetgradeWroteIsVouchedAndChangesRemovalsAndAdditionsAreNamed) {
  testing_support::UniqueTempDir out("netgrade-vouch");
  fs::create_directories(out.path() / "results");
  WriteAtomically(out.path() / "grades.csv", "name,score\nalice,12\n");
  WriteAtomically(out.path() / "results" / "alice.json", "{\"score\": 12}\n");
  WriteAtomically(out.path() / "results" / "bob.json", "{\"score\": 3}\n");
  Vouch vouch = VouchForBatch(out.path(), std::nullopt, DigestsIn(out.path()));
  ASSERT_EQ(vouch.files.size(), 3u);
  EXPECT_EQ(vouch.files["grades.csv"], Sha256Hex("name,score\nalice,12\n"));
  EXPECT_EQ(Differences(vouch, out.path()), std::vector<std::string>{});

  std::ofstream(out.path() / "grades.csv") << "name,score\nalice,12\nbob,12\n";
  fs::remove(out.path() / "results" / "alice.json");
  std::ofstream(out.path() / "notes.txt") << "left by someone\n";
  fs::create_symlink("/etc/passwd", out.path() / "results" / "eve.json");
  EXPECT_EQ(Differences(vouch, out.path()),
            (std::vector<std::string>{
                "grades.csv: changed since netgrade wrote it", "notes.txt: not written by netgrade",
                "results/alice.json: removed", "results/eve.json: not written by netgrade"}));
}

TEST(GradebookVouch, AResumedRunKeepsOnlyTheEarlierFilesStillAsRecorded) {
  testing_support::UniqueTempDir out("netgrade-vouch-resume");
  std::ofstream(out.path() / "kept.json") << "kept\n";
  std::ofstream(out.path() / "changed.json") << "changed afterwards\n";
  Vouch earlier;
  earlier.files = {{"kept.json", Sha256Hex("kept\n")}, {"changed.json", Sha256Hex("as written\n")}};
  WriteAtomically(out.path() / "new.json", "new\n");
  Vouch now = VouchForBatch(out.path(), earlier, DigestsIn(out.path()));
  EXPECT_EQ(now.files.size(), 2u);
  EXPECT_EQ(now.files.count("kept.json"), 1u);
  EXPECT_EQ(now.files.count("new.json"), 1u);
  EXPECT_EQ(Differences(now, out.path()),
            std::vector<std::string>{"changed.json: not written by netgrade"});
}

TEST(GradebookVouch, IsKeptInTheStateFolderOneFilePerOut) {
  testing_support::UniqueTempDir state("netgrade-vouch-state");
  testing_support::Environment env;
  env.Set("NETGRADE_STATE_DIR", state.path().string());
  Vouch v;
  v.out = "/srv/class/out";
  v.written = "2026-11-25T17:35:09Z";
  // Any bytes a folder's name may hold, kept as they are: JSON holds only UTF-8.
  v.files = {{"grades.csv", Sha256Hex("x")}, {"results/\xff%41\n.json", Sha256Hex("y")}};
  SaveVouch(v);
  EXPECT_EQ(VouchPath("/srv/class/out").parent_path(), state.path() / "gradebooks");
  EXPECT_NE(VouchPath("/srv/class/out"), VouchPath("/srv/class/out2"));
  std::optional<Vouch> loaded = LoadVouch("/srv/class/out");
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->out, v.out);
  EXPECT_EQ(loaded->written, v.written);
  EXPECT_EQ(loaded->files, v.files);
  EXPECT_FALSE(LoadVouch("/srv/class/other"));
}

TEST(GradebookVouch, ForgettingOneOutLeavesTheOthersRecords) {
  testing_support::UniqueTempDir state("netgrade-vouch-state");
  testing_support::Environment env;
  env.Set("NETGRADE_STATE_DIR", state.path().string());
  for (const char* out : {"/srv/class/out", "/srv/class/out2"}) {
    Vouch v;
    v.out = out;
    v.files = {{"grades.csv", Sha256Hex(out)}};
    SaveVouch(v);
  }
  ForgetVouch("/srv/class/out");
  EXPECT_FALSE(LoadVouch("/srv/class/out"));
  EXPECT_TRUE(LoadVouch("/srv/class/out2"));
  ForgetVouch("/srv/class/never");  // nothing on record: nothing to do, no error
}

}  // namespace
}  // namespace netgrade::run
