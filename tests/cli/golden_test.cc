// The reports exactly as users see them, against tests/cli/golden/: every --format of the
// built binary (and the job summary --format github appends to $GITHUB_STEP_SUMMARY) for a
// pass, a wrong_content failure, a class with a layout error, a UDP case with injected faults
// and a spec with hidden cases, all with a fixed --seed. Times, ports, pids, temporary and
// absolute paths are replaced by placeholders first. NETGRADE_UPDATE_GOLDEN=1 rewrites the
// files instead of comparing (then review the diff before committing it).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "tests/cli/golden_file.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

struct Golden {
  std::string name;  // tests/cli/golden/<name>.<txt|json|xml>
  int status;
  std::vector<std::string> args;  // after "check" and before "--format"
};

// Names the fixture in gtest's messages instead of dumping its bytes.
void PrintTo(const Golden& golden, std::ostream* out) { *out << golden.name; }

class GoldenReport : public testing::TestWithParam<std::tuple<Golden, const char*>> {};

// Compares `now` with the golden file (or rewrites it, with NETGRADE_UPDATE_GOLDEN=1).
void ExpectGolden(const std::string& name, const std::string& now) {
  fs::path file = fs::path(NETGRADE_SOURCE_DIR) / "tests/cli/golden" / name;
  if (golden_file::Updating()) {
    std::ofstream(file, std::ios::binary) << now;
    return;
  }
  ASSERT_TRUE(fs::exists(file)) << file << " is missing: run with NETGRADE_UPDATE_GOLDEN=1";
  std::string want = golden_file::Read(file);
  EXPECT_EQ(want, now) << file << " differs:\n"
                       << golden_file::UnifiedExcerpt(want, now)
                       << "\n(NETGRADE_UPDATE_GOLDEN=1 rewrites it, if the change is meant)";
}

const std::map<std::string, std::string> kExtension = {
    {"text", "txt"}, {"json", "json"},        {"junit", "xml"}, {"gradescope", "gradescope.json"},
    {"tap", "tap"},  {"github", "github.txt"}};

TEST_P(GoldenReport, IsAsTheGoldenFileSays) {
  const auto& [golden, format] = GetParam();
  std::vector<std::string> args = {"check"};
  args.insert(args.end(), golden.args.begin(), golden.args.end());
  args.insert(args.end(), {"--seed", "7", "--format", format});
  // The job summary goes to a folder of the test's own (never to the summary of a GitHub run
  // this test may be part of).
  std::string dir = (fs::temp_directory_path() / "netgrade-golden-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  fs::path summary = fs::path(dir) / "summary.md";
  testing_cli::Ran ran =
      testing_cli::RunNetgrade(args, {"GITHUB_STEP_SUMMARY=" + summary.string()});
  EXPECT_EQ(ran.status, golden.status) << ran.out << ran.err;
  ExpectGolden(golden.name + "." + kExtension.at(format), golden_file::Normalise(ran.out));
  if (std::string(format) == "github")
    ExpectGolden(golden.name + ".github.md", golden_file::Normalise(golden_file::Read(summary)));
  else
    EXPECT_FALSE(fs::exists(summary)) << "only --format github writes a job summary";
  fs::remove_all(dir);
}

const Golden kGoldens[] = {
    {"pass",
     0,
     {"specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/python", "--case",
      "server-one-line", "--case", "server-conversation"}},
    {"wrong-content",
     1,
     {"specs/tcp-capitalize.yaml", "--submission",
      "tests/submissions/tcp-capitalize/minus-32-server", "--case", "server-mixed-characters"}},
    {"layout-error",
     1,
     {"specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/python",
      "--submission", "tests/cli/fixtures/misspelt-server", "--case", "server-one-line"}},
    {"hidden",
     1,
     {"tests/cli/fixtures/hidden-cases.yaml", "--submission",
      "tests/submissions/tcp-capitalize/minus-32-server"}},
    {"udp-fault",
     1,
     {"specs/udp-capitalize.yaml", "--submission",
      "tests/submissions/udp-capitalize/no-resend-client", "--case", "client-answer-dropped"}},
};

INSTANTIATE_TEST_SUITE_P(All, GoldenReport,
                         testing::Combine(testing::ValuesIn(kGoldens),
                                          testing::Values("text", "json", "junit", "gradescope",
                                                          "tap", "github")),
                         [](const testing::TestParamInfo<GoldenReport::ParamType>& i) {
                           std::string n = std::get<0>(i.param).name + "_" + std::get<1>(i.param);
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace netgrade
