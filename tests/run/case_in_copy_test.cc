// One case of a prepared submission: run in a fresh copy of the checked one (a link inside the
// submission runs as the copy's file), or, when it cannot run, the result that says why: a
// failed build, no program for its role, the grader's own failure (that case's ERROR alone).
#include "harness/run/case_in_copy.h"

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/run/grade.h"
#include "harness/run/prepared_submission.h"
#include "tests/support/inline_spec.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::run {
namespace {
using namespace netgrade::check;
using testing_support::ExpectWords;
using testing_support::kReferenceServer;
using testing_support::LoadInline;
using testing_support::SpecOfTheTree;
using testing_support::UniqueTempDir;
namespace fs = std::filesystem;

TEST(CaseInCopy, ACaseThatDidNotRunKeepsItsNameRolePointsAndSaysWhy) {
  spec::Case test;
  test.name = "server-one-line";
  test.role = "server";
  test.description = "one line";
  test.points = 3;
  CaseResult r = Unrun(test, Code::kBuildFailed, "make: *** [all] Error 1");
  EXPECT_EQ(r.name, "server-one-line");
  EXPECT_EQ(r.role, "server");
  EXPECT_EQ(r.description, "one line");
  EXPECT_EQ(r.max_score, 3);
  EXPECT_EQ(r.score, 0);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.code, Code::kBuildFailed);
  EXPECT_EQ(r.message, "make: *** [all] Error 1");
}

// A role not asked for by name whose program is missing: its cases fail with missing_program,
// saying where the program was looked for; the other role's are run.
TEST(CaseInCopy, ACaseOfARoleWithoutAProgramFailsWithMissingProgram) {
  UniqueTempDir only_server("netgrade-grade-test-only-server");
  fs::copy_file(kReferenceServer, only_server.path() / "server.py");
  spec::Spec spec = SpecOfTheTree("tcp-capitalize");
  GradeOptions o;
  std::unique_ptr<PreparedSubmission> p = PrepareSubmission(spec, o, only_server.path());
  const spec::Case* client_case = nullptr;
  for (const spec::Case* c : p->todo)
    if (c->role == "client") client_case = c;
  ASSERT_NE(client_case, nullptr);
  CaseResult r = RunInCopy(spec, o, *p, *client_case);
  EXPECT_EQ(r.code, Code::kMissingProgram) << r.message;
  ExpectWords(r);  // the role, and where its program was looked for
}

// A failure of the grader in one case (here: the peer's fixed port is taken, as it can be
// without namespaces) is that case's ERROR, and the next case is still graded.
TEST(CaseInCopy, TheGradersOwnFailureInOneCaseIsThatCasesError) {
  Fd holder = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(holder.get()).port();
  std::string yaml = fmt::format(R"(
exercise: tcp-capitalize
protocol: tcp
roles:
  client: {{listens: false, names: [client], argv: ["{{host}}", "{{port}}"], port_via: fixed, fixed_port: {}}}
cases:
  - name: client-port-taken
    role: client
    stdin: ["hello"]
    peer: {{reply: "{{upper}}"}}
    expect: {{received: stdin}}
  - name: client-port-taken-again
    role: client
    stdin: ["hello"]
    peer: {{reply: "{{upper}}"}}
    expect: {{received: stdin}}
)",
                                 port);
  spec::Spec s = LoadInline(yaml.c_str());
  GradeOptions o;
  o.submission = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
  o.run.isolate = false;
  auto start = std::chrono::steady_clock::now();
  GradeResult r = Grade(s, o);
  ASSERT_EQ(r.cases.size(), 2u);
  for (const CaseResult& c : r.cases) {
    EXPECT_EQ(c.verdict, check::Verdict::kGraderError) << c.message;
    ExpectWords(c, c.name);
  }
  EXPECT_TRUE(r.grader_error());
  // A port another program listens on is not waited for as a closing connection would be
  // (up to 65 s a case: that would free nothing).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

// server.py a link to src/server.py, inside the submission: graded, and what runs is the
// copy's file, never the student's folder. The program itself checks where it runs (it can
// tell no one outside its case) and exits with status 3 unless it is in this grader's copy.
TEST(CaseInCopy, ALinkInsideTheSubmissionRunsAsTheCopysFile) {
  namespace fs = std::filesystem;
  UniqueTempDir student("netgrade-grade-test-inside");
  // This grader's working copies: TempTemplate's names.
  std::string copies =
      (fs::temp_directory_path() / fmt::format("netgrade-{}-", ::getpid())).string();
  fs::create_directories(student.path() / "src");
  {
    std::ofstream out(student.path() / "src" / "server.py");
    out << "import os, sys\nhere = os.path.realpath(__file__)\n"
        << "if not here.startswith(" << fs::path(copies) << ") or " << student.path()
        << " in here or os.path.basename(here) != 'server.py':\n    sys.exit(3)\n";
    std::ifstream in(kReferenceServer);
    out << in.rdbuf();
  }
  fs::create_symlink("src/server.py", student.path() / "server.py");
  // Found in the folder, then named outright (--program server=<the link>).
  for (bool named : {false, true}) {
    GradeOptions o;
    o.submission = student.path();
    o.cases = {"server-one-line"};
    if (named) o.programs = {{"server", (student.path() / "server.py").string()}};
    GradeResult r = Grade(SpecOfTheTree("tcp-capitalize"), o);
    ASSERT_EQ(r.cases.size(), 1u);
    EXPECT_TRUE(r.cases[0].passed()) << (named ? "named: " : "found: ") << r.cases[0].message;
  }
}

}  // namespace
}  // namespace netgrade::run
