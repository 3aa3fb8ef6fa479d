// What a contained program sees of the computer it runs on varies with the case's seed: its
// host name and its PID. A program that answers from a table only when it recognises the
// grader (a fixed host name, always PID 2) then has nothing fixed to recognise.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "harness/plan/case_plan.h"
#include "harness/run/grade.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"

namespace netgrade::run {
namespace {
namespace fs = std::filesystem;

// A server that says where it runs on stderr, then fails: the diagnosis quotes its stderr.
constexpr char kTeller[] =
    "import os, socket, sys\n"
    "print('host=%s pid=%d' % (socket.gethostname(), os.getpid()), file=sys.stderr)\n"
    "sys.exit(1)\n";

// "host=NAME pid=N" as the program said it in the case's diagnosis; "" when it is not there.
std::string Told(uint64_t seed, const fs::path& submission) {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(loaded.ok());
  GradeOptions o;
  o.submission = submission;
  o.cases = {"server-one-line"};
  o.run.seed = seed;
  check::GradeResult r = Grade(*loaded.spec, o);
  if (r.cases.size() != 1) return "";
  std::smatch m;
  static const std::regex kSaid("host=[^ ]+ pid=[0-9]+");
  return std::regex_search(r.cases[0].message, m, kSaid) ? m.str() : "";
}

TEST(Fingerprints, AContainedProgramsHostNameAndPidComeFromTheCaseSeed) {
  if (::geteuid() != 0 || !sandbox::NetNamespace::Available())
    GTEST_SKIP() << "a contained program needs namespaces of its own here (root)";
  std::string dir = (fs::temp_directory_path() / "netgrade-fingerprint-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  std::ofstream(fs::path(dir) / "server.py") << kTeller;

  std::set<std::string> seen;
  for (uint64_t seed : {1, 2, 3, 4}) {
    std::string said = Told(seed, dir);
    ASSERT_FALSE(said.empty()) << "seed " << seed;
    uint64_t case_seed = plan::CaseSeed(seed, "server-one-line");
    EXPECT_EQ(said, "host=" + sandbox::CaseHostName(case_seed) +
                        " pid=" + std::to_string(sandbox::CasePidAfter(case_seed) + 1))
        << "seed " << seed;
    seen.insert(said);
  }
  EXPECT_EQ(seen.size(), 4u) << "four seeds, four computers";
  EXPECT_EQ(Told(3, dir), Told(3, dir)) << "the same seed, the same computer";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace netgrade::run
