// Hostile submissions (tests/submissions/hostile/): each runs only inside the containment it
// tests (root, a network namespace with no route but loopback, a cgroup). For each: netgrade
// finishes within its bounds, the case fails (or passes) with the diagnosis expected.yaml
// states, no process of it is left, and the submission directory is unchanged.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/address.h"
#include "harness/sandbox/cgroup.h"
#include "harness/sandbox/netns.h"
#include "harness/spec/load.h"
#include "harness/validate/catalogue.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// Every file's path, size and content under dir: the state that must not change.
std::string Snapshot(const fs::path& dir) {
  std::string out;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out += f.string() + "\n" + ss.str() + "\n";
  }
  return out;
}

// Processes in a cgroup this test process made (named netgrade-<pid>-N).
int ProcessesOfOurCgroups() {
  std::string mark = "netgrade-" + std::to_string(::getpid()) + "-";
  int count = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    std::ifstream in(e.path() / "cgroup");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    count += all.find(mark) != std::string::npos;
  }
  return count;
}

bool NamespaceHasOnlyLoopback() {
  auto ns = sandbox::NetNamespace::Create(nullptr);
  if (!ns) return false;
  sandbox::NetNamespace::Scope inside(ns.get());
  Address outside = Address::Parse("198.51.100.7", 9);
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  return ::connect(s.get(), outside.sa(), outside.length) != 0 &&
         errno == ENETUNREACH;  // UDP connect sends nothing
}

class Hostile : public testing::TestWithParam<std::string> {};

TEST_P(Hostile, IsContainedAndDiagnosed) {
  std::string why;
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for the containment";
  if (!NamespaceHasOnlyLoopback()) GTEST_SKIP() << "no network namespace with only loopback here";
  if (!sandbox::CaseCgroup::Create(8, 64 << 20, &why)) GTEST_SKIP() << why;

  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/hostile" / GetParam();
  validate::Fixture fixture =
      validate::LoadFixture(dir / "expected.yaml", NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR);
  fixture.dir = dir;
  spec::LoadResult loaded =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/" + fixture.spec + ".yaml");
  ASSERT_TRUE(loaded.ok());
  std::string before = Snapshot(dir);
  const fs::path in_tmp = fs::temp_directory_path() / "netgrade-hostile-was-here";
  fs::remove(in_tmp);
  ASSERT_EQ(ProcessesOfOurCgroups(), 0);

  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> problems =
      validate::CheckFixture(*loaded.spec, fixture, 1, run::RunOptions{});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << GetParam() << ":" << all;
  EXPECT_LT(seconds, 5.0 * fixture.cases.size() + 10)
      << "netgrade must finish within the case's bounds";
  EXPECT_EQ(ProcessesOfOurCgroups(), 0) << "a process of the submission was left behind";
  EXPECT_EQ(Snapshot(dir), before) << "the submission directory changed";
  EXPECT_FALSE(fs::exists(dir.parent_path() / "netgrade-was-here"));
  EXPECT_FALSE(fs::exists(in_tmp)) << "the program wrote to the real /tmp, not a /tmp of its own";
}

INSTANTIATE_TEST_SUITE_P(All, Hostile,
                         testing::Values("fork-bomb", "output-flood", "memory-hog", "busy-loop",
                                         "ignores-sigterm", "double-fork-daemon", "closes-stdout",
                                         "writes-outside", "connects-outside", "silent-daemon"),
                         [](const testing::TestParamInfo<std::string>& i) {
                           std::string n = i.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace netgrade
