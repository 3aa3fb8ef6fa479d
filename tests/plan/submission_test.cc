// What a student is told when netgrade finds no program for a role.
#include "harness/plan/submission.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "harness/base/error.h"

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

class NearMissesTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netgrade-nearmiss-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    role_.name = "client";
    role_.names = {"client", "UDPClient"};
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Touch(const std::string& name) { std::ofstream(dir_ / name) << "x\n"; }

  fs::path dir_;
  spec::Role role_;
};

TEST_F(NearMissesTest, SaysNothingForAnEmptyFolder) { EXPECT_EQ(NearMisses(dir_, role_), ""); }

TEST_F(NearMissesTest, NamesAProgramThatIsNotExecutable) {
  Touch("client");
  fs::permissions(dir_ / "client", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(FindProgram(dir_, role_, {}));
  EXPECT_NE(
      NearMisses(dir_, role_).find("'client' is there but is not executable: run chmod +x client"),
      std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, TellsToCompileSourceCode) {
  Touch("client.c");
  EXPECT_NE(NearMisses(dir_, role_)
                .find("compile it into an executable named 'client' (gcc -o client client.c)"),
            std::string::npos)
      << NearMisses(dir_, role_);
}

// Source code named for the role is the role's program, built from it (languages.h); with the
// spec's own build step (build_sources false) only what that build made is.
TEST_F(NearMissesTest, TakesSourceCodeNamedForTheRole) {
  Touch("UDPClient.c");
  auto found = FindProgram(dir_, role_, {});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->path, dir_ / "UDPClient");
  EXPECT_EQ(found->language, Language::kC);
  EXPECT_FALSE(found->build_argv.empty());
  EXPECT_EQ(found->display_name, "UDPClient.c");
  EXPECT_FALSE(FindProgram(dir_, role_, {}, false));
}

// The handout's `make`, then an edit to the source: the old executable is not graded, the
// source is built again and the note says why. An executable newer than its source is run.
TEST_F(NearMissesTest, AnExecutableOlderThanItsSourceIsBuiltAgainAndToldSo) {
  Touch("client.c");
  Touch("client");
  fs::permissions(dir_ / "client", fs::perms::owner_all);
  auto set_age = [&](const std::string& name, int seconds_ago) {
    fs::last_write_time(dir_ / name,
                        fs::file_time_type::clock::now() - std::chrono::seconds(seconds_ago));
  };
  set_age("client", 60);
  set_age("client.c", 10);
  auto found = FindProgram(dir_, role_, {});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kC);
  EXPECT_FALSE(found->build_argv.empty()) << "built again";
  EXPECT_NE(found->note.find("'client' is older than 'client.c'"), std::string::npos)
      << found->note;
  set_age("client", 11);  // a second apart: written together (a clone, an upload), not edited
  found = FindProgram(dir_, role_, {});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kExecutable);
  set_age("client", 5);  // built after the last edit: that executable is the program
  found = FindProgram(dir_, role_, {});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kExecutable);
  EXPECT_EQ(found->note, "");
  set_age("client", 60);  // a spec with its own build step takes executables as they are
  found = FindProgram(dir_, role_, {}, false);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kExecutable);
}

// Whatever its name, a source file left uncompiled is told so: the one whose name holds the
// role's, or the only one; another role's source never is.
TEST_F(NearMissesTest, TellsToCompileSourceCodeWhateverItsName) {
  Touch("myclient.c");
  Touch("notes.txt");
  EXPECT_NE(NearMisses(dir_, role_)
                .find("'myclient.c' is source code: name it 'client.c' (netgrade builds it), or "
                      "compile it into an executable named 'client' (gcc -o client myclient.c)."),
            std::string::npos)
      << NearMisses(dir_, role_);
  Touch("helpers.cpp");
  EXPECT_EQ(NearMisses(dir_, role_).find("helpers.cpp"), std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, TellsToCompileTheOnlySourceAndListsSeveral) {
  Touch("main.cpp");
  EXPECT_NE(NearMisses(dir_, role_)
                .find("'main.cpp' is source code: name it 'client.cpp' (netgrade builds it), or "
                      "compile it into an executable named 'client' (g++ -o client main.cpp)."),
            std::string::npos)
      << NearMisses(dir_, role_);
  Touch("net.cc");
  EXPECT_NE(NearMisses(dir_, role_)
                .find("'main.cpp' and 'net.cc' are source code: compile the "
                      "client's into an executable named 'client'."),
            std::string::npos)
      << NearMisses(dir_, role_);
  spec::Role server{.name = "server",
                    .names = {"server"},
                    .listens = true,
                    .argv = {},
                    .port_env = {},
                    .mark = {}};
  Touch("server.c");
  Touch("myserver2.c");
  EXPECT_EQ(NearMisses(dir_, role_, {role_, server}).find("server.c'"), std::string::npos)
      << NearMisses(dir_, role_, {role_, server});
}

// --program ROLE=FILE naming source code builds it as found source code is (running a .c file
// would be "Permission denied", blamed on the student); only at the top of the folder, where
// the build runs, and not when the spec has a build step of its own.
TEST_F(NearMissesTest, AProgramGivenAsSourceCodeIsBuiltWhereTheBuildRuns) {
  if (SystemTool("gcc").empty()) GTEST_SKIP() << "gcc is not installed";
  Touch("my_client.c");
  auto found = FindProgram(dir_, role_, {{"client", (dir_ / "my_client.c").string()}});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->language, Language::kC);
  EXPECT_EQ(found->path, dir_ / "my_client");
  EXPECT_EQ(found->display_name, "my_client.c");
  EXPECT_FALSE(found->build_argv.empty());
  fs::create_directories(dir_ / "sub");
  Touch("sub/my_client.c");
  try {
    FindProgram(dir_, role_, {{"client", (dir_ / "sub" / "my_client.c").string()}});
    ADD_FAILURE() << "a source below the top was taken";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("at the top of the submission's folder"),
              std::string::npos)
        << e.what();
  }
  EXPECT_THROW(FindProgram(dir_, role_, {{"client", (dir_ / "my_client.c").string()}}, false),
               UsageError);
  // A script is run as it is.
  Touch("my_client.py");
  auto script = FindProgram(dir_, role_, {{"client", (dir_ / "my_client.py").string()}});
  ASSERT_TRUE(script);
  EXPECT_EQ(script->language, Language::kPython);
  EXPECT_TRUE(script->build_argv.empty());
}

TEST_F(NearMissesTest, SpotsAMisspeltName) {
  Touch("UPDClient.py");
  EXPECT_NE(
      NearMisses(dir_, role_).find("'UPDClient.py' looks like a misspelling of 'UDPClient.py'"),
      std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, FindsAPythonProgramThatIsAFile) {
  Touch("UDPClient.py");
  auto found = FindProgram(dir_, role_, {});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->path, dir_ / "UDPClient.py");
  EXPECT_EQ(found->command_prefix, std::vector<std::string>{Python3()});
}

// A link may lead anywhere (a classmate's file): a program is only ever a file itself. (The
// grader looks in its checked copy, where a link inside the submission became a file.)
TEST_F(NearMissesTest, NeverTakesALinkForAProgramAndSaysWhy) {
  fs::path theirs = dir_.string() + "-classmate.py";
  std::ofstream(theirs) << "print('theirs')\n";
  fs::create_symlink(theirs, dir_ / "UDPClient.py");
  fs::create_symlink("/bin/true", dir_ / "client");  // executable, through the link
  EXPECT_FALSE(FindProgram(dir_, role_, {}));
  std::string why = NearMisses(dir_, role_);
  fs::remove(theirs);
  EXPECT_NE(why.find("'UDPClient.py' is a link, and netgrade never runs a program through a "
                     "link: put the file itself in the folder."),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("'client' is a link"), std::string::npos) << why;
}

TEST_F(NearMissesTest, NeverTakesAnotherRolesProgramForAMisspelling) {
  // tcpServer.py is the receiver of sender-receiver; it is two edits from tcpSender.
  spec::Role sender{}, receiver{};
  sender.name = "sender";
  sender.names = {"sender", "tcpSender"};
  receiver.name = "receiver";
  receiver.names = {"receiver", "tcpServer"};
  Touch("tcpServer.py");
  EXPECT_EQ(NearMisses(dir_, sender, {sender, receiver}),
            " The folder holds: tcpServer.py (the receiver's program).");
  // Without the other roles the same file is taken for a misspelling: the test can fail.
  EXPECT_NE(NearMisses(dir_, sender).find("misspelling of 'tcpSender.py'"), std::string::npos);
}

TEST_F(NearMissesTest, StillSpotsAMisspellingNearerToThisRole) {
  spec::Role receiver{};
  receiver.name = "receiver";
  receiver.names = {"receiver", "UDPReceiver"};
  Touch("UDP_Recevier.py");
  role_.names = {"client", "UDPClient"};
  EXPECT_NE(NearMisses(dir_, receiver, {role_, receiver})
                .find("'UDP_Recevier.py' looks like a misspelling of 'UDPReceiver.py'"),
            std::string::npos)
      << NearMisses(dir_, receiver, {role_, receiver});
}

TEST_F(NearMissesTest, NamesAnEndingWrittenTwice) {
  Touch("client.py.py");
  EXPECT_NE(NearMisses(dir_, role_).find("'client.py.py' ends in .py twice"), std::string::npos)
      << NearMisses(dir_, role_);
}

TEST_F(NearMissesTest, ListsWhatTheFolderHoldsWhenNothingComesClose) {
  Touch("notes.txt");
  Touch("homework3.py");
  EXPECT_EQ(NearMisses(dir_, role_), " The folder holds: homework3.py, notes.txt.");
}

// What the spec put in the folder (a table, a web server's pages) is netgrade's, not the
// student's: it is not listed as what the student handed in.
TEST_F(NearMissesTest, TheSpecsOwnFilesAreNotListedAsTheStudents) {
  Touch("notes.txt");
  Touch("hosts.txt");
  fs::create_directories(dir_ / "web");
  Touch("index.html");
  spec::Spec spec;
  spec.files = {{"hosts.txt", "", false, "", std::nullopt, {}},
                {"web/index.html", "", false, "", std::nullopt, {}},
                {"./index.html", "", false, "", std::nullopt, {}}};
  EXPECT_EQ(SpecFileNames(spec), (std::vector<std::string>{"hosts.txt", "web", "index.html"}));
  EXPECT_EQ(NearMisses(dir_, role_, {}, SpecFileNames(spec)), " The folder holds: notes.txt.");
}

// A name with a line break (a student can make one) must not start a line of the report:
// in a GitHub Actions log, '::notice ...' at the start of a line is a command to the runner.
TEST_F(NearMissesTest, ALineBreakInANameNeverStartsALine) {
  Touch("a\n::notice title=score::12 of 12");
  Touch("server.c\n::add-mask::x");
  std::string hints = NearMisses(dir_, role_);
  EXPECT_EQ(hints.find('\n'), std::string::npos) << hints;
  EXPECT_NE(hints.find("a\\n::notice title=score::12 of 12"), std::string::npos) << hints;
}

}  // namespace
}  // namespace netgrade::plan
