// What rustup and pyenv would choose, read from their files: each laid out in a temporary
// folder, with the variables given.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "harness/base/file.h"
#include "harness/plan/toolchain.h"

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

class ManagersTest : public testing::Test {
 protected:
  void SetUp() override {
    top_ = fs::temp_directory_path() / ("netgrade-managers-" + std::to_string(::getpid()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "home" / ".rustup" / "toolchains");
    fs::create_directories(top_ / "project");
    s_.home = (top_ / "home").string();
    s_.cwd = top_;
    s_.env = [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::string() : it->second;
    };
  }
  void TearDown() override { fs::remove_all(top_); }
  void Write(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    ASSERT_TRUE(WriteFile(file.string(), text));
  }
  fs::path Toolchains() { return top_ / "home" / ".rustup" / "toolchains"; }

  fs::path top_;
  ToolSearch s_;
  std::map<std::string, std::string> env_;
};

TEST_F(ManagersTest, RustupsDefaultWithTheHostTripleOrWithout) {
  Write(top_ / "home/.rustup/settings.toml",
        "default_toolchain = \"stable\"\ndefault_host_triple = \"x86_64-unknown-linux-gnu\"\n");
  EXPECT_FALSE(RustupToolchain(s_)) << "nothing installed";
  fs::create_directories(Toolchains() / "stable-x86_64-unknown-linux-gnu");
  EXPECT_EQ(RustupToolchain(s_), Toolchains() / "stable-x86_64-unknown-linux-gnu");
  fs::create_directories(Toolchains() / "stable");  // a linked toolchain's own name
  EXPECT_EQ(RustupToolchain(s_), Toolchains() / "stable");
}

TEST_F(ManagersTest, RustupHomeComesFromItsVariable) {
  Write(top_ / "elsewhere/settings.toml", "default_toolchain = \"beta\"\n");
  fs::create_directories(top_ / "elsewhere/toolchains/beta");
  env_["RUSTUP_HOME"] = (top_ / "elsewhere").string();
  EXPECT_EQ(RustupToolchain(s_), top_ / "elsewhere/toolchains/beta");
}

TEST_F(ManagersTest, TheLegacyRustToolchainFileIsOneLine) {
  fs::create_directories(Toolchains() / "1.80.0");
  Write(top_ / "project/rust-toolchain", "1.80.0\n");
  s_.project = top_ / "project";
  EXPECT_EQ(RustupToolchain(s_), Toolchains() / "1.80.0");
  // A custom toolchain's path is never taken from a file.
  Write(top_ / "project/rust-toolchain", "");
  Write(top_ / "project/rust-toolchain.toml", "[toolchain]\npath = \"/opt/evil\"\n");
  EXPECT_FALSE(RustupToolchain(s_));
}

TEST_F(ManagersTest, PyenvsVersionsInTheirOrder) {
  fs::path root = top_ / "home/.pyenv";
  fs::create_directories(root / "versions/3.11.7");
  fs::create_directories(root / "versions/3.12.1");
  EXPECT_EQ(PyenvVersions(s_, root), std::vector<std::string>{"system"}) << "no version file";
  Write(root / "version", "# the global one\n3.12.1\n3.11.7\n");
  EXPECT_EQ(PyenvVersions(s_, root), (std::vector<std::string>{"3.12.1", "3.11.7"}));
  // The folder netgrade runs in, and its parents, choose before the global file.
  Write(top_ / ".python-version", "3.11\n");
  EXPECT_EQ(PyenvVersions(s_, root), std::vector<std::string>{"3.11.7"});
  env_["PYENV_VERSION"] = "../../etc:system";  // not a version's name: left out
  EXPECT_EQ(PyenvVersions(s_, root), std::vector<std::string>{"system"});
}

}  // namespace
}  // namespace netgrade::plan
