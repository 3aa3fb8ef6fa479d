// What a batch or a merge does with its OUT once written (cli/out_vouch.h): vouched for and
// said when as written; exit 3 naming the file when something changed it meanwhile (a program
// that got out); a resumed run with no earlier record vouches for what it kept.
#include "harness/cli/out_vouch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "harness/cli/command.h"
#include "harness/run/batch.h"
#include "tests/support/environment.h"
#include "tests/support/temp_dir.h"

namespace netgrade::cli {
namespace {
namespace fs = std::filesystem;

class OutVouch : public testing::Test {
 protected:
  void SetUp() override { env_.Set("NETGRADE_STATE_DIR", state_.path().string()); }
  testing_support::UniqueTempDir state_{"netgrade-out-vouch-state"};
  testing_support::UniqueTempDir out_{"netgrade-out-vouch"};
  testing_support::Environment env_;
};

TEST_F(OutVouch, AnOutAsWrittenKeepsTheRunsStatusAndIsOnRecord) {
  run::WriteAtomically(out_.path() / "grades.csv", "alice,12\n");
  EXPECT_EQ(VouchForOut(out_.path(), std::nullopt, false, kExitFailed), kExitFailed);
  std::optional<run::Vouch> kept = run::LoadVouch(out_.path());
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->files.count("grades.csv"), 1u);
}

TEST_F(OutVouch, AFileChangedOrAddedBeforeTheRunEndsIsTheGradersError) {
  run::WriteAtomically(out_.path() / "grades.csv", "alice,3\n");
  std::ofstream(out_.path() / "grades.csv") << "alice,12\n";  // as a rogue daemon would
  testing::internal::CaptureStderr();
  EXPECT_EQ(VouchForOut(out_.path(), std::nullopt, false, kExitPassed), kExitInternal);
  std::string said = testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find("changed after netgrade wrote it"), std::string::npos) << said;
  EXPECT_NE(said.find("  grades.csv: changed since netgrade wrote it\n"), std::string::npos)
      << said;
  // The record holds what netgrade wrote, so `verify` names it too.
  EXPECT_EQ(run::Differences(*run::LoadVouch(out_.path()), out_.path()),
            std::vector<std::string>{"grades.csv: changed since netgrade wrote it"});
}

TEST_F(OutVouch, AResumedRunWithoutAnEarlierRecordVouchesForWhatItKept) {
  std::ofstream(out_.path() / "kept.json") << "{}\n";
  run::WriteAtomically(out_.path() / "grades.csv", "alice,12\n");
  testing::internal::CaptureStderr();
  EXPECT_EQ(VouchForOut(out_.path(), std::nullopt, true, kExitPassed), kExitPassed);
  std::string said = testing::internal::GetCapturedStderr();
  EXPECT_NE(said.find("kept from an earlier run of which no record was kept: 1 file(s)"),
            std::string::npos)
      << said;
  EXPECT_EQ(run::LoadVouch(out_.path())->files.size(), 2u);
  // Without --resume the same file is no file netgrade wrote.
  std::ofstream(out_.path() / "later.json") << "{}\n";
  testing::internal::CaptureStderr();
  EXPECT_EQ(VouchForOut(out_.path(), std::nullopt, false, kExitPassed), kExitInternal);
  testing::internal::GetCapturedStderr();
}

}  // namespace
}  // namespace netgrade::cli
