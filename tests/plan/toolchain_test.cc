// Which toolchain a tool's name stands for, the invoking user's: rustup's, pyenv's, nvm's,
// SDKMAN's and a Go tree's, each laid out in a temporary folder as the managers lay them out
// (nothing is downloaded, nothing found is run), with the PATH, HOME and variables given.
#include "harness/plan/toolchain.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

class ToolchainTest : public testing::Test {
 protected:
  void SetUp() override {
    top_ = fs::temp_directory_path() / ("netgrade-toolchain-" + std::to_string(::getpid()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "home");
    top_ = fs::canonical(top_);
    home_ = top_ / "home";
  }
  void TearDown() override { fs::remove_all(top_); }

  // A file under the top folder (made executable: a tool), with its folders.
  fs::path Write(const std::string& name, const std::string& text = "#!/bin/sh\n") {
    fs::path file = top_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
    fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    return file;
  }
  fs::path Link(const std::string& name, const fs::path& target) {
    fs::path link = top_ / name;
    fs::create_directories(link.parent_path());
    fs::create_symlink(target, link);
    return link;
  }
  ToolSearch Search(const std::string& path) {
    ToolSearch s;
    s.path = path;
    s.home = home_.string();
    s.env = [this](const std::string& name) {
      auto it = env_.find(name);
      return it == env_.end() ? std::string() : it->second;
    };
    s.cwd = top_;
    return s;
  }
  std::string Folder(const std::string& name) { return (top_ / name).string(); }

  // rustup's layout: ~/.cargo/bin/{rustup, rustc -> rustup}, a default toolchain.
  void Rustup() {
    Write("home/.cargo/bin/rustup", "#!/bin/sh\necho rustup\n");
    Link("home/.cargo/bin/rustc", "rustup");
    Link("home/.cargo/bin/cargo", "rustup");
    Write("home/.rustup/settings.toml",
          "version = \"12\"\ndefault_toolchain = \"stable-x86_64-unknown-linux-gnu\"\n"
          "profile = \"default\"\n\n[overrides]\n");
    Write("home/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc");
    Write("home/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/cargo");
    Write(
        "home/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/lib/rustlib/"
        "multirust-channel-manifest.toml",
        "manifest-version = \"2\"\n\n[pkg.cargo]\nversion = \"0.96.0 (abc 2026-04-01)\"\n\n"
        "[pkg.rustc]\nversion = \"1.95.0 (59807616e 2026-04-14)\"\n\n[pkg.rustc.target.x]\n");
  }

  fs::path top_, home_;
  std::map<std::string, std::string> env_;
};

TEST_F(ToolchainTest, FollowsRustupsProxyToTheDefaultToolchain) {
  Rustup();
  auto t = FindToolchain("rustc", Search(Folder("home/.cargo/bin") + ":/usr/bin"));
  ASSERT_TRUE(t);
  fs::path toolchain = home_ / ".rustup/toolchains/stable-x86_64-unknown-linux-gnu";
  EXPECT_EQ(t->path, toolchain / "bin/rustc");
  EXPECT_EQ(t->root, toolchain);
  EXPECT_EQ(t->version, "1.95.0");
  EXPECT_EQ(t->Describe(), "rustc 1.95.0 (~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu)");
  auto cargo = FindToolchain("cargo", Search(Folder("home/.cargo/bin")));
  ASSERT_TRUE(cargo);
  EXPECT_EQ(cargo->version, "0.96.0");
}

TEST_F(ToolchainTest, RustupsChoiceFollowsTheVariableTheProjectsFileAndOverrides) {
  Rustup();
  std::string host = "x86_64-unknown-linux-gnu";
  Write("home/.rustup/toolchains/1.95-" + host + "/bin/rustc");
  Write("home/.rustup/toolchains/nightly-" + host + "/bin/rustc");
  Write("home/.rustup/toolchains/beta-" + host + "/bin/rustc");
  // The host triple comes from settings.toml, so that this holds on any machine.
  Write("home/.rustup/settings.toml",
        "default_toolchain = \"stable-" + host + "\"\ndefault_host_triple = \"" + host +
            "\"\n[overrides]\n\"" + Folder("work") + "\" = \"beta-" + host + "\"\n");
  fs::create_directories(top_ / "work" / "deeper");
  fs::create_directories(top_ / "project");
  std::string path = Folder("home/.cargo/bin");

  ToolSearch s = Search(path);
  s.cwd = top_ / "work" / "deeper";  // rustup's override of a folder above it
  EXPECT_EQ(FindToolchain("rustc", s)->root, home_ / ".rustup/toolchains" / ("beta-" + host));

  Write("project/rust-toolchain.toml", "[toolchain]\nchannel = \"nightly\"\n");
  s.project = top_ / "project";  // the submission's own file comes first
  EXPECT_EQ(FindToolchain("rustc", s)->root, home_ / ".rustup/toolchains" / ("nightly-" + host));

  env_["RUSTUP_TOOLCHAIN"] = "1.95";  // the variable before any file
  auto t = FindToolchain("rustc", s);
  EXPECT_EQ(t->root, home_ / ".rustup/toolchains" / ("1.95-" + host));
  EXPECT_EQ(t->version, "1.95") << "from the folder's name, without a manifest";
}

// A student's rust-toolchain file names a folder, never a path out of toolchains/: rustup's
// proxy then has nothing, and the next rustc on the PATH is taken.
TEST_F(ToolchainTest, ARustToolchainFileCannotLeadOutOfTheToolchains) {
  Rustup();
  Write("elsewhere/bin/rustc");
  Write("project/rust-toolchain", "../../../../elsewhere\n");
  ToolSearch s = Search(Folder("home/.cargo/bin") + ":" + Folder("other/bin"));
  s.project = top_ / "project";
  Write("other/bin/rustc");
  auto t = FindToolchain("rustc", s);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, top_ / "other/bin/rustc");
}

TEST_F(ToolchainTest, TakesRustupInstalledAsHardLinks) {
  Rustup();
  fs::remove(home_ / ".cargo/bin/rustc");
  fs::create_hard_link(home_ / ".cargo/bin/rustup", home_ / ".cargo/bin/rustc");
  auto t = FindToolchain("rustc", Search(Folder("home/.cargo/bin")));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->root, home_ / ".rustup/toolchains/stable-x86_64-unknown-linux-gnu");
}

// pyenv's shim is a bash script: the version comes from its files, the real python3 from
// versions/. "system" is the next python3 on the PATH.
TEST_F(ToolchainTest, FollowsPyenvsShimToTheChosenVersion) {
  Write("home/.pyenv/shims/python3",
        "#!/usr/bin/env bash\nset -e\nexec \"/root/.pyenv/libexec/pyenv\" exec \"$program\"\n");
  Write("home/.pyenv/version", "3.11.0\n");
  Link("home/.pyenv/versions/3.11.0/bin/python3", "/usr/bin/python3");
  Write("home/.pyenv/versions/3.12.1/bin/python3");
  Write("home/.pyenv/versions/3.12.10/bin/python3");
  Write("system/bin/python3");
  std::string path = Folder("home/.pyenv/shims") + ":" + Folder("system/bin");

  auto t = FindToolchain("python3", Search(path));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, home_ / ".pyenv/versions/3.11.0/bin/python3");
  EXPECT_EQ(t->root, home_ / ".pyenv/versions/3.11.0");
  EXPECT_EQ(t->Describe(), "python3 3.11.0 (~/.pyenv/versions/3.11.0)");

  Write("project/.python-version", "3.12  # the course's\n");  // the latest 3.12 installed
  ToolSearch s = Search(path);
  s.project = top_ / "project";
  EXPECT_EQ(FindToolchain("python3", s)->root, home_ / ".pyenv/versions/3.12.10");

  env_["PYENV_VERSION"] = "system";
  EXPECT_EQ(FindToolchain("python3", s)->path, top_ / "system/bin/python3");
  env_["PYENV_VERSION"] = "2.7.18:3.12.1";  // the first installed one
  EXPECT_EQ(FindToolchain("python3", s)->root, home_ / ".pyenv/versions/3.12.1");
}

TEST_F(ToolchainTest, TakesNvmsNodeAndSdkmansCurrentJavaAtTheirInstallation) {
  Write("home/.nvm/versions/node/v20.11.0/bin/node");
  auto node = FindToolchain("node", Search(Folder("home/.nvm/versions/node/v20.11.0/bin")));
  ASSERT_TRUE(node);
  EXPECT_EQ(node->root, home_ / ".nvm/versions/node/v20.11.0");
  EXPECT_EQ(node->Describe(), "node 20.11.0 (~/.nvm/versions/node/v20.11.0)");

  Write("home/.sdkman/candidates/java/17.0.9-tem/bin/javac");
  Write("home/.sdkman/candidates/java/17.0.9-tem/release", "JAVA_VERSION=\"17.0.9\"\n");
  Link("home/.sdkman/candidates/java/current", "17.0.9-tem");
  auto javac = FindToolchain("javac", Search(Folder("home/.sdkman/candidates/java/current/bin")));
  ASSERT_TRUE(javac);
  EXPECT_EQ(javac->path, home_ / ".sdkman/candidates/java/17.0.9-tem/bin/javac");
  EXPECT_EQ(javac->root, home_ / ".sdkman/candidates/java/17.0.9-tem");
  EXPECT_EQ(javac->version, "17.0.9");
}

TEST_F(ToolchainTest, TakesAGoTreeWithItsVersionFile) {
  Write("local/go/bin/go");
  Write("local/go/VERSION", "go1.22.1\ntime 2024-03-01T00:00:00Z\n");
  auto go = FindToolchain("go", Search(Folder("local/go/bin")));
  ASSERT_TRUE(go);
  EXPECT_EQ(go->root, top_ / "local/go");
  EXPECT_EQ(go->version, "1.22.1");
}

// A home folder, or a folder right in it (~/.local, ~/.cargo), is a user's files, never one
// installation: only the tool's file is shown then, or the installation its link leads to.
TEST_F(ToolchainTest, NeverTakesAHomeFolderForAnInstallation) {
  fs::path node = Write("home/bin/node");
  auto alone = FindToolchain("node", Search(Folder("home/bin")));
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->root, node);
  Write("home/.local/bin/tsc");
  EXPECT_EQ(FindToolchain("tsc", Search(Folder("home/.local/bin")))->root,
            home_ / ".local/bin/tsc");
  Write("home/.nvm/versions/node/v22.1.0/bin/node");
  Link("home/.local/bin/node", home_ / ".nvm/versions/node/v22.1.0/bin/node");
  EXPECT_EQ(FindToolchain("node", Search(Folder("home/.local/bin")))->root,
            home_ / ".nvm/versions/node/v22.1.0");
}

// A tool in a folder of no installation (a `cargo` script dropped anywhere) is its file alone.
TEST_F(ToolchainTest, ALooseToolIsItsFileAlone) {
  fs::path cargo = Write("drop/cargo", "#!/bin/sh\necho pwned > /tmp/x\n");
  auto t = FindToolchain("cargo", Search("relative/bin:" + Folder("drop")));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, cargo);
  EXPECT_EQ(t->root, cargo);
  EXPECT_EQ(t->where, cargo.string());
}

// Root grades with a user of each case's own, who cannot pass a 0700 home folder: a
// toolchain there is passed over for the next on the PATH.
TEST_F(ToolchainTest, PassesOverAToolchainTheCasesUserCannotReach) {
  Write("home/.nvm/versions/node/v20.11.0/bin/node");
  Write("shared/node/bin/node");
  std::string path =
      Folder("home/.nvm/versions/node/v20.11.0/bin") + ":" + Folder("shared/node/bin");
  ToolSearch s = Search(path);
  s.others_must_reach = true;
  fs::permissions(home_, fs::perms::owner_all);
  EXPECT_EQ(FindToolchain("node", s)->root, top_ / "shared/node");
  fs::permissions(home_, fs::perms::owner_all | fs::perms::others_exec | fs::perms::others_read);
  EXPECT_EQ(FindToolchain("node", s)->root, home_ / ".nvm/versions/node/v20.11.0");
}

TEST_F(ToolchainTest, ASystemToolNeedsNoInstallationShown) {
  if (::access("/usr/bin/gcc", X_OK) != 0) GTEST_SKIP() << "gcc is not installed";
  auto t = FindToolchain("gcc", Search("/usr/bin"));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/usr/bin/gcc");
  EXPECT_TRUE(t->root.empty());
  EXPECT_EQ(t->where, "/usr/bin/gcc");
  // Debian's package says its version.
  if (fs::exists("/var/lib/dpkg/info/gcc.list")) {
    EXPECT_FALSE(t->version.empty());
  }
  EXPECT_FALSE(FindToolchain("no-such-tool-anywhere", Search("/usr/bin:/bin")));
}

TEST(PlainName, TakesVersionNamesOnly) {
  EXPECT_TRUE(PlainName("stable-x86_64-unknown-linux-gnu"));
  EXPECT_TRUE(PlainName("3.11.7"));
  EXPECT_FALSE(PlainName(".."));
  EXPECT_FALSE(PlainName("../etc"));
  EXPECT_FALSE(PlainName("/usr"));
  EXPECT_FALSE(PlainName(""));
}

}  // namespace
}  // namespace netgrade::plan
