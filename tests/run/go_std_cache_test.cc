// Go's standard library compiled once per toolchain (run/go_std_cache.h), with a stand-in for
// a Go 1.20+ toolchain that ships its library as source: a `go` script in a GOROOT without
// pkg/<os_arch>/runtime.a. Its `go build std` fills GOCACHE with entries (and counts its
// runs); its build of a submission fails unless it can read a library entry through its own
// GOCACHE, writes an entry of its own, tries to overwrite the library's, and "compiles" the
// server by copying the Python reference (so the case passes only if all of that held).
#include "harness/run/go_std_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/file.h"
#include "harness/run/grade.h"
#include "harness/sandbox/landlock.h"
#include "harness/spec/load.h"
#include "tests/support/environment.h"

namespace netgrade::run {
namespace {
namespace fs = std::filesystem;

const char kFakeGo[] = R"sh(#!/bin/sh
root=$(dirname "$(dirname "$0")")
if [ "$2" = std ]; then
  [ -e "$root/fail-library" ] && { echo 'runtime: error: this library does not build' >&2; exit 1; }
  for d in 00 01 02 03; do mkdir -p "$GOCACHE/$d" || exit 1; done
  i=0
  while [ $i -lt 120 ]; do
    echo "library $i" > "$GOCACHE/0$((i % 4))/lib$i-d" || exit 1
    i=$((i + 1))
  done
  : > "$GOCACHE/00/made-by-$$-a"
  exit 0
fi
# go build -o OUT TARGET
grep -q 'library 0' "$GOCACHE/00/lib0-d" || { echo 'error: the library is not in GOCACHE' >&2; exit 1; }
echo mine > "$GOCACHE/01/mine-d" || { echo 'error: GOCACHE is not writable' >&2; exit 1; }
if echo poisoned 2>/dev/null > "$GOCACHE/00/lib0-d"; then
  echo 'error: the library took a write' >&2; exit 1
fi
cp "$root/server.py" "$3" && chmod 755 "$3"
)sh";

class GoStdCacheTest : public testing::Test {
 protected:
  void SetUp() override {
    // Readable by others: root builds and grades as a user of the case's own.
    top_ = fs::temp_directory_path() / ("netgrade-go-std-" + std::to_string(::getpid()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "go" / "bin");
    fs::permissions(top_, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec |
                              fs::perms::group_read | fs::perms::group_exec);
    ASSERT_TRUE(WriteFile((top_ / "go" / "bin" / "go").string(), kFakeGo, 0755));
    ASSERT_TRUE(WriteFile((top_ / "go" / "VERSION").string(), "go1.99.0\ntime 2026\n"));
    fs::copy_file(fs::path(NETGRADE_SOURCE_DIR) / "reference/tcp-capitalize/python/server.py",
                  top_ / "go" / "server.py");
    fs::create_directories(top_ / "submission");
    ASSERT_TRUE(WriteFile((top_ / "submission" / "server.go").string(), "package main\n"));
    env_.Set("NETGRADE_CACHE_DIR", (top_ / "cache").string());
    const char* path = std::getenv("PATH");
    env_.Set("PATH", (top_ / "go" / "bin").string() + ":" + (path ? path : "/usr/bin:/bin"));
  }
  void TearDown() override { fs::remove_all(top_); }
  check::CaseResult GradeServer() {
    spec::LoadResult loaded =
        spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml");
    EXPECT_TRUE(loaded.ok());
    GradeOptions o;
    o.submission = top_ / "submission";
    o.cases = {"server-one-line"};
    check::GradeResult r = Grade(*loaded.spec, o);
    EXPECT_EQ(r.cases.size(), 1u);
    return r.cases.empty() ? check::CaseResult{} : r.cases[0];
  }
  // The library's folder, once made, and the runs of `go build std` it records.
  fs::path Library() {
    for (const auto& e : fs::directory_iterator(top_ / "cache" / "go-std"))
      if (fs::is_directory(e.path() / "cache")) return e.path() / "cache";
    return {};
  }
  int LibraryBuilds() {
    int n = 0;
    for (const std::string& name : DirNames((Library() / "00").string()))
      n += name.rfind("made-by-", 0) == 0;
    return n;
  }
  bool Contained() { return ::geteuid() == 0 || sandbox::LandlockAbi() >= 1; }

  fs::path top_;
  testing_support::Environment env_;
};

TEST_F(GoStdCacheTest, TheLibraryIsCompiledOnceAndEachBuildReadsItAndCannotWriteIt) {
  if (!Contained()) GTEST_SKIP() << "neither a jail (root) nor Landlock to contain the build";
  check::CaseResult first = GradeServer();
  EXPECT_TRUE(first.passed()) << first.message;
  check::CaseResult second = GradeServer();
  EXPECT_TRUE(second.passed()) << second.message;
  ASSERT_FALSE(Library().empty()) << "no library under " << (top_ / "cache").string();
  EXPECT_EQ(LibraryBuilds(), 1);
  EXPECT_EQ(ReadFile((Library() / "00" / "lib0-d").string()), "library 0\n");
  EXPECT_FALSE(fs::exists(Library() / "01" / "mine-d")) << "a build's entry in the library";
  struct stat st = {};
  ASSERT_EQ(::stat(Library().c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, ::geteuid()) << "the library is the grader's, not a build user's";
  EXPECT_EQ(st.st_mode & 022, 0u);
}

TEST_F(GoStdCacheTest, ALibraryThatDoesNotBuildSaysWhyAndLeavesNothing) {
  if (!Contained()) GTEST_SKIP() << "neither a jail (root) nor Landlock to contain the build";
  ASSERT_TRUE(WriteFile((top_ / "go" / "fail-library").string(), ""));
  std::string why;
  EXPECT_EQ(CompiledGoStd((top_ / "go" / "bin" / "go").string(),
                          {"GOCACHE={tmp}/go-cache", "GOPROXY=off"}, {(top_ / "go").string()},
                          RunOptions{}, &why),
            "");
  EXPECT_NE(why.find("runtime: error: this library does not build"), std::string::npos) << why;
  // Not tried again in this run: the next build hears why at once.
  std::string again;
  testing::internal::CaptureStderr();
  EXPECT_EQ(CompiledGoStd((top_ / "go" / "bin" / "go").string(),
                          {"GOCACHE={tmp}/go-cache", "GOPROXY=off"}, {(top_ / "go").string()},
                          RunOptions{}, &again),
            "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "") << "compiled again";
  EXPECT_EQ(again, why);
  for (const auto& e : fs::directory_iterator(top_ / "cache" / "go-std"))
    EXPECT_EQ(e.path().extension(), ".lock") << "left behind: " << e.path();
}

TEST_F(GoStdCacheTest, AToolchainThatShipsItsLibraryCompiledNeedsNone) {
  fs::create_directories(top_ / "go" / "pkg" / "linux_amd64");
  ASSERT_TRUE(WriteFile((top_ / "go" / "pkg" / "linux_amd64" / "runtime.a").string(), "!<arch>"));
  EXPECT_TRUE(GoShipsCompiledStd(top_ / "go" / "bin" / "go"));
  std::string why;
  EXPECT_EQ(CompiledGoStd((top_ / "go" / "bin" / "go").string(), {}, {}, RunOptions{}, &why), "");
  EXPECT_EQ(why, "");
  EXPECT_FALSE(fs::exists(top_ / "cache" / "go-std"));
  fs::remove_all(top_ / "go" / "pkg");
  EXPECT_FALSE(GoShipsCompiledStd(top_ / "go" / "bin" / "go"));
}

TEST_F(GoStdCacheTest, APlantedCacheLinksEveryEntryInFoldersOfItsOwn) {
  fs::path library = top_ / "library";
  fs::create_directories(library / "00");
  fs::create_directories(library / "ff");
  ASSERT_TRUE(WriteFile((library / "00" / "a-d").string(), "a"));
  ASSERT_TRUE(WriteFile((library / "ff" / "b-a").string(), "b"));
  ASSERT_TRUE(WriteFile((library / "trim.txt").string(), "0\n"));
  PlantGoCache(library, top_ / "planted", -1, -1);
  EXPECT_EQ(fs::read_symlink(top_ / "planted" / "00" / "a-d"), library / "00" / "a-d");
  EXPECT_EQ(fs::read_symlink(top_ / "planted" / "ff" / "b-a"), library / "ff" / "b-a");
  EXPECT_FALSE(fs::is_symlink(top_ / "planted" / "00"));
  EXPECT_FALSE(fs::is_symlink(top_ / "planted" / "trim.txt"));
  EXPECT_NE(ReadFile((top_ / "planted" / "trim.txt").string()), "0\n");
  EXPECT_THROW(PlantGoCache(library, top_ / "planted", -1, -1), std::exception)
      << "planted over an existing cache";
}

TEST(NetgradeCacheDir, IsTheVariablesElseRootsElseTheUsersCacheFolder) {
  testing_support::Environment env;
  env.Set("NETGRADE_CACHE_DIR", "/somewhere/else");
  EXPECT_EQ(NetgradeCacheDir(), "/somewhere/else");
  env.Set("NETGRADE_CACHE_DIR", std::nullopt);
  if (::geteuid() == 0) {
    EXPECT_EQ(NetgradeCacheDir(), "/var/cache/netgrade");
  } else {
    EXPECT_EQ(NetgradeCacheDir().filename(), "netgrade");
  }
}

}  // namespace
}  // namespace netgrade::run
