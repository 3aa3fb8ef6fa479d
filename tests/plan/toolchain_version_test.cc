// A toolchain's version from its files alone: rustup's channel manifest, Go's VERSION, a
// JDK's release file, the installation's folder name, the real file's name, Debian's package.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/file.h"
#include "harness/plan/toolchain.h"

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

class VersionTest : public testing::Test {
 protected:
  void SetUp() override {
    top_ = fs::temp_directory_path() / ("netgrade-version-" + std::to_string(::getpid()));
    fs::remove_all(top_);
  }
  void TearDown() override { fs::remove_all(top_); }
  fs::path Write(const std::string& name, const std::string& text = "") {
    fs::create_directories((top_ / name).parent_path());
    EXPECT_TRUE(WriteFile((top_ / name).string(), text));
    return top_ / name;
  }
  fs::path top_;
};

TEST_F(VersionTest, RustupsManifestNamesRustcsAndCargosVersions) {
  Write("stable/lib/rustlib/multirust-channel-manifest.toml",
        "[pkg.cargo]\nversion = \"0.96.0 (a 2026-04-01)\"\n\n[pkg.rustc]\n"
        "version = \"1.95.0 (59807616e 2026-04-14)\"\n");
  fs::path rustc = Write("stable/bin/rustc");
  fs::path cargo = Write("stable/bin/cargo");
  EXPECT_EQ(ToolchainVersion("rustc", rustc, rustc), "1.95.0");
  EXPECT_EQ(ToolchainVersion("cargo", cargo, cargo), "0.96.0");
}

TEST_F(VersionTest, GosVersionFileAndAJdksReleaseFile) {
  Write("go/VERSION", "go1.22.1\ntime 2024-03-01T00:00:00Z\n");
  fs::path go = Write("go/bin/go");
  EXPECT_EQ(ToolchainVersion("go", go, go), "1.22.1");
  Write("jdk/release", "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.2\"\n");
  fs::path java = Write("jdk/bin/java");
  EXPECT_EQ(ToolchainVersion("java", java, java), "21.0.2");
}

TEST_F(VersionTest, AnInstallationsNameOrTheRealFilesName) {
  fs::path node = Write("node-v20.11.0-linux-x64/bin/node");
  EXPECT_EQ(ToolchainVersion("node", node, node), "20.11.0");
  fs::path python = Write("py/bin/python3.12");
  EXPECT_EQ(ToolchainVersion("python3", top_ / "py/bin/python3", python), "3.12");
  fs::path nothing = Write("tools/bin/tool");
  EXPECT_EQ(ToolchainVersion("tool", nothing, nothing), "");
}

TEST_F(VersionTest, DebiansPackageForASystemTool) {
  if (!fs::exists("/var/lib/dpkg/info/python3-minimal.list") || !fs::exists("/usr/bin/python3"))
    GTEST_SKIP() << "no Debian python3";
  std::string v =
      ToolchainVersion("python3", "/usr/bin/python3", fs::canonical("/usr/bin/python3"));
  EXPECT_EQ(v.rfind("3.", 0), 0u) << v;
  EXPECT_EQ(v.find_first_not_of("0123456789."), std::string::npos) << "upstream only: " << v;
}

}  // namespace
}  // namespace netgrade::plan
