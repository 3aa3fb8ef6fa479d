// Which language a role's program is handed in as, and how netgrade builds and runs it.
#include "harness/plan/languages.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class LanguagesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netgrade-languages-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const char* path = std::getenv("PATH");
    path_ = path ? path : "";
  }
  void TearDown() override {
    ::setenv("PATH", path_.c_str(), 1);
    fs::remove_all(dir_);
  }
  void Write(const std::string& name, const std::string& text = "x\n") {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  std::vector<fs::path> Entries() {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
  // Skips the test when this machine lacks a tool (ci/install-deps.sh --all installs them).
  bool Lacks(const std::string& tool) { return SystemTool(tool).empty(); }

  fs::path dir_;
  std::string path_;
};

TEST_F(LanguagesTest, KnowsEachLanguageByItsEnding) {
  EXPECT_EQ(LanguageOf("server.py"), Language::kPython);
  EXPECT_EQ(LanguageOf("server.js"), Language::kJavaScript);
  EXPECT_EQ(LanguageOf("TCPServer.java"), Language::kJava);
  EXPECT_EQ(LanguageOf("server.c"), Language::kC);
  EXPECT_EQ(LanguageOf("server.CPP"), Language::kCpp);
  EXPECT_EQ(LanguageOf("server.cxx"), Language::kCpp);
  EXPECT_EQ(LanguageOf("server.go"), Language::kGo);
  EXPECT_EQ(LanguageOf("server.rs"), Language::kRust);
  EXPECT_EQ(LanguageOf("Cargo.toml"), Language::kCargo);
  EXPECT_EQ(LanguageOf("server"), Language::kExecutable);
  EXPECT_EQ(LanguageOf("server.txt"), Language::kExecutable);
}

TEST_F(LanguagesTest, BuildsACProgramWithTheUsualFlagsBesideItsSource) {
  if (Lacks("gcc")) GTEST_SKIP() << "gcc is not installed";
  Write("Server.c");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kC);
  EXPECT_EQ(found->program, dir_ / "Server");
  EXPECT_EQ(fs::path(found->build_argv[0]).filename(), "gcc");
  EXPECT_TRUE(Has(found->build_argv, "-O2") && Has(found->build_argv, "-Wall"));
  EXPECT_TRUE(Has(found->build_argv, "Server.c"));
}

TEST_F(LanguagesTest, APythonProgramComesBeforeACompiledOneOfTheSameName) {
  Write("server.c");
  Write("server.py");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kPython);
  EXPECT_TRUE(found->build_argv.empty());
}

TEST_F(LanguagesTest, CompilesEveryJavaFileTogetherAndRunsTheClassInItsPackage) {
  if (Lacks("javac") || Lacks("java")) GTEST_SKIP() << "a JDK is not installed";
  Write("TCPServer.java",
        "package lab1;\nimport java.net.*;\npublic class TCPServer {\n"
        "  public static void main(String[] args) {}\n}\n");
  Write("Helper.java", "package lab1;\nclass Helper {}\n");
  Write("notes.txt");
  auto found = FindSource(dir_, Entries(), "tcpserver");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kJava);
  EXPECT_TRUE(Has(found->build_argv, "TCPServer.java") && Has(found->build_argv, "Helper.java"));
  EXPECT_FALSE(Has(found->build_argv, "notes.txt"));
  EXPECT_EQ(found->run_name, "lab1.TCPServer");
  // The JVM sized for the sandbox's cap, not the machine: see languages.cc.
  EXPECT_TRUE(Has(found->run_prefix, "-XX:MaxRAM=1g"));
  EXPECT_TRUE(Has(found->run_prefix, "-cp"));
}

// Sources saved in another encoding compile as a course's machine would: GBK where the bytes
// are GBK's (a Chinese Windows), else ISO-8859-1 (any byte); said beside the toolchain.
TEST_F(LanguagesTest, JavaSourcesNotInUtf8AreReadInTheEncodingTheirBytesFit) {
  Write("A.java", "// caf\xc3\xa9 in UTF-8\nclass A {}\n");
  EXPECT_EQ(JavaEncoding({dir_ / "A.java"}), "UTF-8");
  Write("B.java", "// \xd6\xd0\xce\xc4: GBK\nclass B {}\n");
  EXPECT_EQ(JavaEncoding({dir_ / "B.java"}), "GBK");
  EXPECT_EQ(JavaEncoding({dir_ / "A.java", dir_ / "B.java"}), "GBK") << "UTF-8's bytes pair too";
  Write("C.java", "// caf\xe9 in Windows-1252\nclass C {}\n");
  EXPECT_EQ(JavaEncoding({dir_ / "C.java"}), "ISO-8859-1");
  if (Lacks("javac") || Lacks("java")) GTEST_SKIP() << "a JDK is not installed";
  fs::remove(dir_ / "A.java");
  fs::remove(dir_ / "C.java");
  auto found = FindSource(dir_, Entries(), "B");
  ASSERT_TRUE(found);
  auto at = std::find(found->build_argv.begin(), found->build_argv.end(), "-encoding");
  ASSERT_NE(at, found->build_argv.end());
  EXPECT_EQ(*(at + 1), "GBK");
  EXPECT_NE(found->toolchain.find("sources read as GBK (not UTF-8)"), std::string::npos)
      << found->toolchain;
}

TEST_F(LanguagesTest, ReadsAJavaClassAndItsMain) {
  JavaClass c = ReadJavaClass("UDPClient.java",
                              "class UDPClient {\n static public void main"
                              "(String[] a) {}\n}\n");
  EXPECT_EQ(c.name, "UDPClient");
  EXPECT_TRUE(c.has_main);
  EXPECT_FALSE(ReadJavaClass("Helper.java", "class Helper { void run() {} }").has_main);
}

TEST_F(LanguagesTest, FindsACargoProjectsBinaryNamedForTheRole) {
  if (Lacks("cargo") || Lacks("rustc")) GTEST_SKIP() << "cargo is not installed";
  Write("Cargo.toml", "[package]\nname = \"capitalize\"\nversion = \"0.1.0\"\n");
  Write("src/bin/server.rs", "fn main() {}\n");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kCargo);
  EXPECT_EQ(found->program, dir_ / "target" / "release" / "server");
  EXPECT_TRUE(Has(found->build_argv, "--offline"));
  EXPECT_FALSE(FindSource(dir_, Entries(), "client")) << "no client binary in the project";
  // The package itself, named for the role.
  fs::remove_all(dir_ / "src" / "bin");
  Write("src/main.rs", "fn main() {}\n");
  Write("Cargo.toml", "[package]\nname = \"client\"\n[dependencies]\n");
  auto client = FindSource(dir_, Entries(), "client");
  ASSERT_TRUE(client);
  EXPECT_EQ(client->program, dir_ / "target" / "release" / "client");
}

TEST_F(LanguagesTest, BuildsAGoFolderNamedForTheRoleOffline) {
  if (Lacks("go")) GTEST_SKIP() << "go is not installed";
  Write("server/main.go", "package main\nfunc main() {}\n");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kGo);
  EXPECT_EQ(found->program, dir_ / "server" / "server");
  EXPECT_TRUE(Has(found->build_argv, "server/server") && Has(found->build_argv, "./server"));
  EXPECT_TRUE(Has(found->build_env, "GOPROXY=off"));
}

// The missing compiler is the grading machine's, named with Debian's package.
TEST_F(LanguagesTest, AMissingCompilerIsNamedWithItsPackage) {
  fs::create_directories(dir_ / "empty-bin");
  ::setenv("PATH", (dir_ / "empty-bin").c_str(), 1);
  Write("TCPServer.java", "public class TCPServer {}\n");
  try {
    FindSource(dir_, Entries(), "TCPServer");
    FAIL() << "found a javac on an empty PATH";
  } catch (const MissingToolchain& e) {
    EXPECT_STREQ(e.what(),
                 "javac is not installed on this machine: `apt-get install default-jdk-headless`");
  }
}

// The user's own toolchain, the first on the PATH, wherever it is: its installation (the
// folder above bin/) is shown read-only to the build, and the report names it.
TEST_F(LanguagesTest, TakesTheUsersFirstToolchainAndShowsItsInstallation) {
  Write("tools/node-v20.1.0/bin/gcc", "#!/bin/sh\n");
  fs::path gcc = dir_ / "tools" / "node-v20.1.0" / "bin" / "gcc";
  fs::permissions(gcc, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  ::setenv("PATH", (gcc.parent_path().string() + ":" + path_).c_str(), 1);
  EXPECT_EQ(SystemTool("gcc"), gcc.string());
  Write("server.c");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->build_argv[0], gcc.string());
  EXPECT_EQ(found->read_only, std::vector<std::string>{(dir_ / "tools" / "node-v20.1.0").string()});
  EXPECT_EQ(found->toolchain, "gcc 20.1.0 (" + (dir_ / "tools" / "node-v20.1.0").string() + ")");
}

// Root grades each case as a user of its own: a compiler only root may reach is named as
// such, not as missing.
TEST_F(LanguagesTest, ACompilerTheCasesUsersCannotReachIsNamed) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root grades as other users";
  Write("private/jdk-17.0.2/bin/javac", "#!/bin/sh\n");
  fs::permissions(dir_ / "private/jdk-17.0.2/bin/javac", fs::perms::owner_all);
  fs::permissions(dir_ / "private", fs::perms::owner_all);
  ::setenv("PATH", (dir_ / "private/jdk-17.0.2/bin").c_str(), 1);
  Write("TCPServer.java", "public class TCPServer {}\n");
  try {
    FindSource(dir_, Entries(), "TCPServer");
    FAIL() << "took a javac the cases' users cannot reach";
  } catch (const MissingToolchain& e) {
    EXPECT_NE(std::string(e.what()).find("javac is not installed where the cases' users can "
                                         "reach it: javac 17.0.2 ("),
              std::string::npos)
        << e.what();
  }
}

// A compiler in the system's folders needs nothing more shown.
TEST_F(LanguagesTest, ASystemCompilerAddsNothingToShow) {
  if (Lacks("gcc")) GTEST_SKIP() << "gcc is not installed";
  ::setenv("PATH", "/usr/bin:/bin", 1);
  Write("server.c");
  auto found = FindSource(dir_, Entries(), "server");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->build_argv[0], "/usr/bin/gcc");
  EXPECT_TRUE(found->read_only.empty());
  EXPECT_EQ(found->toolchain.rfind("gcc ", 0), 0u) << found->toolchain;
  EXPECT_NE(found->toolchain.find("(/usr/bin/gcc)"), std::string::npos) << found->toolchain;
}

}  // namespace
}  // namespace netgrade::plan
