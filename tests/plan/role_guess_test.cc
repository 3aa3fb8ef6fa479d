// Which file is a role's program when none is named for it: found from what its source does,
// only when one file does it, never a file named for a role, never through a link.
#include "harness/plan/role_guess.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "harness/spec/load.h"
#include "tests/support/temp_dir.h"

namespace netgrade::plan {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSpec = R"(exercise: guess-test
title: guess test
protocol: tcp
roles:
  server: {listens: true, names: [server, tcpServer]}
  client: {listens: false, names: [client, tcpClient]}
cases:
  - {name: s, role: server, peer: {connections: [{send: [a]}]}, expect: {replies: upper}}
)";

constexpr const char* kServer =
    "from socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.bind(('', 5000))\n"
    "s.listen(1)\nwhile True:\n    c, a = s.accept()\n";
constexpr const char* kClient =
    "from socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.connect(('localhost', 5000))\n";

class RoleGuessTest : public testing::Test {
 protected:
  void SetUp() override {
    spec::LoadResult r = spec::LoadSpecString(kSpec, "guess-test.yaml");
    ASSERT_TRUE(r.ok());
    spec_ = std::move(*r.spec);
    dir_ = tmp_.path();
  }
  void Write(const std::string& name, const std::string& text, bool executable = false) {
    std::ofstream(dir_ / name) << text;
    if (executable) ::chmod((dir_ / name).c_str(), 0755);
  }
  const spec::Role& Server() { return *spec_.FindRole("server"); }
  const spec::Role& Client() { return *spec_.FindRole("client"); }

  spec::Spec spec_;
  testing_support::UniqueTempDir tmp_{"netgrade-role-guess"};
  fs::path dir_;
};

TEST_F(RoleGuessTest, TheOnlyPythonFileThatAcceptsIsTheServers) {
  Write("lab2.py", kServer);
  Write("lab2_part2.py", kClient);
  Write("notes.txt", "accept() blocks\n");
  std::optional<RoleGuess> g = GuessRoleProgram(dir_, Server(), spec_.roles);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->file, "lab2.py");
  EXPECT_EQ(DescribeGuess(*g, Server()),
            "'lab2.py' is the only Python program here that calls accept(), so it looks like the "
            "server's: run netgrade with --program server=lab2.py (its path), or rename it "
            "server.py.");
  g = GuessRoleProgram(dir_, Client(), spec_.roles);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->file, "lab2_part2.py");
  EXPECT_EQ(g->evidence, "calls connect()");
}

TEST_F(RoleGuessTest, TwoCandidatesOrACommentAreNoGuess) {
  Write("a.py", kServer);
  Write("b.py", kServer);
  EXPECT_FALSE(GuessRoleProgram(dir_, Server(), spec_.roles));
  fs::remove(dir_ / "b.py");
  Write("a.py", "# a server would call accept() here\nprint('todo')\n");
  EXPECT_FALSE(GuessRoleProgram(dir_, Server(), spec_.roles));
}

TEST_F(RoleGuessTest, AFileNamedForARoleOrALinkIsNeverGuessed) {
  Write("tcpClient.py", kServer);  // the client's name: FindProgram's business, not a guess
  EXPECT_FALSE(GuessRoleProgram(dir_, Server(), spec_.roles));
  fs::path elsewhere = dir_.string() + "-elsewhere.py";
  std::ofstream(elsewhere) << kServer;
  fs::create_symlink(elsewhere, dir_ / "link.py");
  EXPECT_FALSE(GuessRoleProgram(dir_, Server(), spec_.roles));
  fs::remove(elsewhere);
}

TEST_F(RoleGuessTest, AnExecutableBesideItsSourceIsNotToldToCompile) {
  Write("myserver.c", "int main() { int c = accept(fd, 0, 0); }\n");
  Write("myserver",
        "\x7f"
        "ELF",
        true);
  std::optional<RoleGuess> g = GuessRoleProgram(dir_, Server(), spec_.roles);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->file, "myserver");
  EXPECT_EQ(g->source, "myserver.c");
  std::string said = DescribeGuess(*g, Server());
  EXPECT_NE(said.find("compiled already: run netgrade with --program server=myserver"),
            std::string::npos)
      << said;
  // Not executable: not a program (NearMisses tells to compile the source).
  ::chmod((dir_ / "myserver").c_str(), 0644);
  EXPECT_FALSE(GuessRoleProgram(dir_, Server(), spec_.roles));
}

TEST_F(RoleGuessTest, AUdpServerBindsAndReceivesAUdpClientSends) {
  Write("srv.py", "s.bind(('', 5000))\nwhile True:\n    m, a = s.recvfrom(2048)\n");
  Write("cli.py", "s.sendto(b'hi', (host, port))\nm, a = s.recvfrom(2048)\n");
  ASSERT_TRUE(GuessRoleProgram(dir_, Server(), spec_.roles));
  EXPECT_EQ(GuessRoleProgram(dir_, Server(), spec_.roles)->file, "srv.py");
  ASSERT_TRUE(GuessRoleProgram(dir_, Client(), spec_.roles));
  EXPECT_EQ(GuessRoleProgram(dir_, Client(), spec_.roles)->file, "cli.py");
}

TEST_F(RoleGuessTest, OnlyTheServerWrittenIsToldAboutRole) {
  Write("server.py", kServer);
  EXPECT_EQ(OnlyRolesHint(dir_, Client(), spec_.roles, {"server"}),
            " If you wrote only the server, grade it alone: add --role server (the client's cases "
            "are then left out).");
  EXPECT_EQ(OnlyRolesHint(dir_, Client(), spec_.roles, {}), "");
  // A file that looks like the client's is named instead.
  Write("myclient.py", kClient);
  EXPECT_EQ(OnlyRolesHint(dir_, Client(), spec_.roles, {"server"}), "");
}

}  // namespace
}  // namespace netgrade::plan
