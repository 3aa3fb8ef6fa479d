#include "harness/report/rerun.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace netgrade::report {
namespace {

TEST(Rerun, PlainWordsStayAsTheyAre) {
  EXPECT_EQ(ShellQuote("specs/tcp-capitalize.yaml"), "specs/tcp-capitalize.yaml");
  EXPECT_EQ(ShellQuote("server=my_server.py"), "server=my_server.py");
}

TEST(Rerun, SpacesQuotesAndShellCharactersAreSingleQuoted) {
  EXPECT_EQ(ShellQuote("my work"), "'my work'");
  EXPECT_EQ(ShellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(ShellQuote("$(rm -rf ~)"), "'$(rm -rf ~)'");
  EXPECT_EQ(ShellQuote(""), "''");
  EXPECT_EQ(ShellQuote("élève"), "'élève'") << "printable UTF-8 is shown as it is";
}

TEST(Rerun, ControlBytesAreWrittenAsEscapes) {
  EXPECT_EQ(ShellQuote("a\nb"), "$'a\\x0ab'");
  EXPECT_EQ(ShellQuote("x\x1b[31m'"), "$'x\\x1b[31m\\''");
  EXPECT_EQ(ShellQuote("\xff"), "$'\\xff'");
}

TEST(Rerun, TheCommandNamesTheCaseAndTheSeed) {
  Rerun how;
  how.program = "build/netgrade";
  how.options = {"--program", "server=tcp server.py"};
  EXPECT_EQ(RerunCommand(how, "specs/tcp-capitalize.yaml", "Anna's work", "server-one-line", 7),
            "build/netgrade check specs/tcp-capitalize.yaml --submission 'Anna'\\''s work' "
            "--program 'server=tcp server.py' --case server-one-line --seed 7");
}

TEST(Rerun, FromAnywhereWithAbsolutePaths) {
  Rerun how;
  how.program = RerunProgram("build/../build/netgrade");
  how.absolute_paths = true;
  std::string here = std::filesystem::current_path().string();
  EXPECT_EQ(how.program, here + "/build/netgrade");
  EXPECT_EQ(RerunProgram("netgrade"), "netgrade") << "found on the PATH, it is found again";
  EXPECT_EQ(RerunCommand(how, "specs/x.yaml", "/home/ana/work", "one", 1),
            here + "/build/netgrade check " + here +
                "/specs/x.yaml --submission /home/ana/work --case one --seed 1");
  EXPECT_EQ(RerunIntro(how), "Rerun it: ");
}

TEST(Rerun, ABatchsCommandSaysWhereItRuns) {
  Rerun how = BatchRerun("tcp-capitalize.yaml", "Anna's work");
  EXPECT_EQ(RerunIntro(how),
            "Rerun it, in the folder that holds tcp-capitalize.yaml and 'Anna'\\''s work'/: ");
  EXPECT_EQ(RerunCommand(how, "tcp-capitalize.yaml", "Anna's work", "one", 3),
            "netgrade check tcp-capitalize.yaml --submission 'Anna'\\''s work' --case one "
            "--seed 3");
}

// What the shell makes of the quoted words: each one exactly as given.
TEST(Rerun, QuotedWordsPasteBackUnchanged) {
  for (std::string word : {"plain", "two words", "it's \"quoted\"", "tab\there", "new\nline",
                           "back\\slash", "$HOME `id`", "é\x1b"}) {
    std::string script = "printf '%s' " + ShellQuote(word);
    FILE* pipe = ::popen(("bash -c " + ShellQuote(script)).c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    char buf[256];
    for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    ASSERT_EQ(::pclose(pipe), 0);
    EXPECT_EQ(out, word) << ShellQuote(word);
  }
}

}  // namespace
}  // namespace netgrade::report
