#include "harness/base/which.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// Sets PATH for one test and puts it back.
class WithPath {
 public:
  explicit WithPath(const std::string& path) {
    if (const char* old = ::getenv("PATH")) old_ = old;
    ::setenv("PATH", path.c_str(), 1);
  }
  ~WithPath() { ::setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

class Which : public testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/netgrade-which-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ / "a");
    fs::create_directories(dir_ / "b");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Make(const fs::path& p, bool executable) {
    std::ofstream(p) << "#!/bin/sh\n";
    ::chmod(p.c_str(), executable ? 0755 : 0644);
  }
  fs::path dir_;
};

TEST_F(Which, APathWithASlashIsTakenAsItIs) {
  EXPECT_EQ(ResolveExecutable("./run"), "./run");
  EXPECT_EQ(ResolveExecutable("/no/such/program"), "/no/such/program");
}

TEST_F(Which, TheFirstExecutableOnPathWins) {
  Make(dir_ / "a" / "prog", false);  // found first, but not executable
  Make(dir_ / "b" / "prog", true);
  WithPath path((dir_ / "a").string() + ":" + (dir_ / "b").string());
  EXPECT_EQ(ResolveExecutable("prog"), (dir_ / "b" / "prog").string());
}

TEST_F(Which, ANameNotOnPathComesBackUnchanged) {
  WithPath path((dir_ / "a").string());
  EXPECT_EQ(ResolveExecutable("prog"), "prog");
}

}  // namespace
}  // namespace netgrade
