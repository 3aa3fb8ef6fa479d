// A submission that attacks the Gradescope autograder, run as Gradescope runs it (the zip
// from `netgrade gradescope-bundle` extracted into a fake /autograder, its run_autograder run
// as root): its Makefile would, run as root outside the sandbox (as run_autograder once ran
// it), copy the bundled reference solution in and build it, write results.json, replace the
// spec and netgrade, leave a process behind that rewrites results.json after netgrade wrote
// it, and write a file outside /autograder. None of it may work: the Makefile never runs
// outside netgrade, and where the spec says `build: make` it runs inside netgrade's sandbox,
// where the bundle and the results are out of its reach. Each attack is tried in both modes
// Gradescope's container may give: namespaces (root with every capability) and none (the
// docker-caps tool: root without SYS_ADMIN, the programs as uids of their own).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "harness/base/file.h"
#include "tests/cli/autograder.h"
#include "tests/cli/netgrade_binary.h"
#include "tests/support/mode_tools.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;
using testing_cli::Quote;

const std::string kSpec = NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml";
const std::string kBuildSpec =
    NETGRADE_SOURCE_DIR "/tests/submissions/build/tcp-capitalize-build.yaml";
const fs::path kEchoServer = NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/echo-server";

// Every file under `dir` (relative path -> contents, a link as "-> target"): what must not
// change.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(dir)) {
    std::string rel = fs::relative(e.path(), dir).string();
    if (e.is_symlink())
      files[rel] = "-> " + fs::read_symlink(e.path()).string();
    else if (e.is_regular_file())
      files[rel] = ReadFile(e.path(), 1 << 26).value_or("(unreadable)");
    else
      files[rel] = "(folder)";
  }
  return files;
}

// The processes whose command line holds `token`, by pid.
std::vector<pid_t> ProcessesWith(const std::string& token) {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator("/proc", ec)) {
    std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = ReadFile(e.path() / "cmdline").value_or("");
    if (cmdline.find(token) != std::string::npos) found.push_back(std::stoi(name));
  }
  return found;
}

class GradescopeHostile : public testing_cli::Autograder,
                          public testing::WithParamInterface<const char*> {
 protected:
  bool docker_caps() const { return std::string(GetParam()) == "docker-caps"; }
  // The mark in the command line of the process the Makefile leaves behind.
  std::string token_ = "netgrade-hostile-makefile-" + std::to_string(::getpid());

  void SetUp() override {
    Autograder::SetUp();
    if (docker_caps()) {
      ASSERT_TRUE(fs::exists(testing_support::ModeTool("docker-caps")))
          << testing_support::ModeTool("docker-caps") << " is missing: ci/modes builds it";
      if (::geteuid() != 0) GTEST_SKIP() << "docker-caps runs run_autograder as root";
    }
  }

  void TearDown() override {
    for (pid_t pid : ProcessesWith(token_)) ::kill(pid, SIGKILL);
    Autograder::TearDown();
  }

  // The bundle of `spec`, extracted; netgrade where setup.sh builds it (a script running the
  // netgrade just built: what the Makefile would replace); the submission: `program`'s files
  // and the hostile Makefile.
  void Prepare(const std::string& spec, const fs::path& program) {
    ASSERT_EQ(testing_cli::RunNetgrade({"gradescope-bundle", spec, "--out", zip_}).status, 0);
    Extract();
    fs::create_directories(root_ / "source/netgrade/build");
    ASSERT_TRUE(WriteFile(root_ / "source/netgrade/build/netgrade",
                          "#!/bin/sh\nexec " + Quote(NETGRADE_BINARY_DIR "/netgrade") + " \"$@\"\n",
                          0755));
    if (!program.empty()) fs::copy(program, root_ / "submission", fs::copy_options::recursive);
    fs::remove(root_ / "submission/expected.yaml");
    const std::string bundle = (root_ / "source").string(), results = (root_ / "results").string();
    const std::string forge = "echo FORGED > " + results + "/results.json; echo FORGED > " +
                              bundle + "/spec/" + fs::path(spec).filename().string();
    ASSERT_TRUE(WriteFile(root_ / "submission/Makefile",
                          "server:\n"
                          "\t-touch " +
                              scratch_.string() +
                              "/makefile-ran-outside\n"
                              "\t-cp " +
                              bundle +
                              "/netgrade/reference/tcp-capitalize/python/server.py server.py\n"
                              "\t-cp " +
                              bundle +
                              "/netgrade/reference/tcp-capitalize-build/cpp/server.cc ref.cc && "
                              "g++ -O0 -o server ref.cc\n"
                              "\t-" +
                              forge +
                              "\n"
                              "\t-printf '#!/bin/sh\\necho FORGED\\n' > " +
                              bundle +
                              "/netgrade/build/netgrade\n"
                              "\t-setsid sh -c 'while :; do " +
                              forge + "; sleep 0.05; done 2>/dev/null' " + token_ +
                              " </dev/null >/dev/null 2>&1 &\n"
                              "\t@echo 'Makefile:1:1: error: the hostile Makefile ran here' >&2\n"
                              "\ttest -x server\n"));
    // A platform that left its folders open to everyone: run_autograder closes them.
    fs::permissions(root_ / "source", fs::perms::all);
    fs::permissions(root_ / "results", fs::perms::all);
  }

  // run_autograder as Gradescope runs it, in this test's mode.
  nlohmann::json Run() {
    std::unique_ptr<testing_cli::MachinePortsLock> lock;
    if (docker_caps()) lock = std::make_unique<testing_cli::MachinePortsLock>();
    return RunAutograder("", docker_caps() ? Quote(testing_support::ModeTool("docker-caps")) : "");
  }

  // What holds after any hostile run: nothing outside the submission changed, results.json
  // is netgrade's and no process of the student's is left.
  void ExpectNothingElseChanged(const std::map<std::string, std::string>& bundle_before,
                                const nlohmann::json& results) {
    EXPECT_FALSE(fs::exists(scratch_ / "makefile-ran-outside")) << "the Makefile ran outside";
    EXPECT_TRUE(Snapshot(root_ / "source") == bundle_before)
        << "the bundle (netgrade, the spec) changed";
    EXPECT_EQ(results.dump().find("FORGED"), std::string::npos) << results.dump(2);
    std::vector<std::string> in_results;
    for (const fs::directory_entry& e : fs::directory_iterator(root_ / "results"))
      in_results.push_back(e.path().filename().string());
    EXPECT_EQ(in_results, std::vector<std::string>{"results.json"});
    EXPECT_EQ(ProcessesWith(token_), std::vector<pid_t>{})
        << "a student's process outlived netgrade";
    for (const char* folder : {"source", "results"})
      EXPECT_EQ(fs::status(root_ / folder).permissions(), fs::perms::owner_all) << folder;
  }
};

// The spec has no build step: the Makefile never runs; the echo server beside it gets the
// score netgrade gives it alone (not the reference's, which the Makefile would copy in).
TEST_P(GradescopeHostile, AMakefileNeverRunsOutsideNetgrade) {
  Prepare(kSpec, kEchoServer);
  std::map<std::string, std::string> before = Snapshot(root_ / "source");
  nlohmann::json results = Run();
  testing_cli::Ran alone =
      testing_cli::RunNetgrade({"check", kSpec, "--submission", kEchoServer, "--format", "json"});
  double expected = nlohmann::json::parse(alone.out)["score"].get<double>();
  EXPECT_EQ(results.value("score", -1.0), expected) << results.dump(2);
  EXPECT_EQ(results.dump().find("the hostile Makefile ran"), std::string::npos);
  EXPECT_FALSE(fs::exists(root_ / "submission/server")) << "the Makefile built in /autograder";
  EXPECT_FALSE(fs::exists(root_ / "submission/ref.cc"));
  ExpectNothingElseChanged(before, results);
}

// The spec says build: make: the Makefile runs, inside netgrade (its own output is quoted in
// the results), finds no reference to copy and can write neither the results, the spec nor
// netgrade; its build fails and every case with it: score 0.
TEST_P(GradescopeHostile, AMakefileRunByTheSpecStaysInTheSandbox) {
  Prepare(kBuildSpec, "");
  std::map<std::string, std::string> before = Snapshot(root_ / "source");
  nlohmann::json results = Run();
  EXPECT_EQ(results.value("score", -1.0), 0) << results.dump(2);
  EXPECT_NE(results.dump().find("the hostile Makefile ran here"), std::string::npos)
      << "the build did not run: " << results.dump(2);
  EXPECT_FALSE(fs::exists(root_ / "submission/server")) << "the Makefile built in /autograder";
  ExpectNothingElseChanged(before, results);
}

INSTANTIATE_TEST_SUITE_P(Modes, GradescopeHostile, testing::Values("namespaces", "docker-caps"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace netgrade
