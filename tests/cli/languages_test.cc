// Programs handed in as source code in each language a course teaches (reference/<exercise>/
// <language>/: sources only, as students hand them in) are built by netgrade and pass, also in
// a default Docker container; a missing compiler is the operator's problem (exit status 2),
// never a student's failure. (Each reference is also graded twice, and with --jobs 2, by
// catalogue_test.cc; the compile errors and memory hogs are fixtures there.)
#include "harness/plan/languages.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/netgrade_binary.h"
#include "tests/support/mode_tools.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

struct Submission {
  std::string exercise;
  std::string language;
  std::string tool;  // the compiler or runtime it needs
};

void PrintTo(const Submission& s, std::ostream* out) { *out << s.exercise << "/" << s.language; }

class SourcesOnly : public testing::TestWithParam<Submission> {};

// In a default Docker container (no network namespaces, no ptrace): built there too (the build
// is contained as the cases are) and every case passes, two at a time.
TEST_P(SourcesOnly, PassesEveryCaseInADockerContainer) {
  const Submission& s = GetParam();
  if (plan::SystemTool(s.tool).empty()) GTEST_SKIP() << s.tool << " is not installed";
  ASSERT_TRUE(fs::exists(testing_support::ModeTool("docker-caps")))
      << testing_support::ModeTool("docker-caps") << " is missing: ci/modes builds it";
  if (::geteuid() != 0) GTEST_SKIP() << "docker-caps runs netgrade as root: needs root";
  testing_cli::MachinePortsLock lock;
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/" + s.exercise + ".yaml", "--submission",
       "reference/" + s.exercise + "/" + s.language, "--jobs", "2", "--format", "json"},
      {}, {testing_support::ModeTool("docker-caps")});
  ASSERT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["sandbox"]["network_namespace"], false) << "not the container's containment";
  EXPECT_GE(doc["cases"].size(), 10u);
  for (const nlohmann::json& c : doc["cases"]) EXPECT_TRUE(c["passed"].get<bool>()) << c.dump();
}

INSTANTIATE_TEST_SUITE_P(All, SourcesOnly,
                         testing::Values(Submission{"tcp-capitalize", "java", "javac"},
                                         Submission{"udp-capitalize", "java", "javac"},
                                         Submission{"tcp-capitalize", "c", "gcc"},
                                         Submission{"udp-capitalize", "c", "gcc"},
                                         Submission{"tcp-capitalize", "go", "go"},
                                         Submission{"udp-capitalize", "go", "go"},
                                         Submission{"tcp-capitalize", "rust", "cargo"},
                                         Submission{"udp-capitalize", "rust", "rustc"},
                                         Submission{"tcp-capitalize", "javascript", "node"},
                                         Submission{"udp-capitalize", "javascript", "node"}),
                         [](const testing::TestParamInfo<Submission>& info) {
                           return info.param.exercise.substr(0, 3) + "_" + info.param.language;
                         });

// Without javac on the machine (PATH holds none), a Java submission is not the student's
// crash or compile error: netgrade stops with status 2 and names the package to install, in
// `check` and in a batch alike.
TEST(MissingToolchain, StopsWithStatus2AndNamesThePackage) {
  fs::path empty = fs::temp_directory_path() / ("netgrade-no-tools-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  const std::string said =
      "javac is not installed on this machine: `apt-get install default-jdk-headless`";
  testing_cli::Ran check = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/java"},
      {"PATH=" + empty.string()});
  EXPECT_EQ(check.status, 2) << check.err << check.out;
  EXPECT_NE(check.err.find(said), std::string::npos) << check.err;

  // A class: the Python submission before it is graded, the run stops at the Java one.
  fs::path klass = empty / "class";
  fs::create_directories(klass);
  fs::copy(fs::path(NETGRADE_SOURCE_DIR) / "reference/tcp-capitalize/python", klass / "alice");
  fs::copy(fs::path(NETGRADE_SOURCE_DIR) / "reference/tcp-capitalize/java", klass / "bob");
  testing_cli::Ran batch =
      testing_cli::RunNetgrade({"batch", "specs/tcp-capitalize.yaml", "--submissions",
                                klass.string(), "--out", (empty / "out").string()},
                               {"PATH=" + empty.string()});
  EXPECT_EQ(batch.status, 2) << batch.err << batch.out;
  EXPECT_NE(batch.err.find(said), std::string::npos) << batch.err;
  fs::remove_all(empty);
}

}  // namespace
}  // namespace netgrade
