// The catalogue's own logic, without grading anything: how a flaky verdict is worded, which
// fixture expectations could never be checked, and a reference solution that is not built;
// how expected.yaml gives the key sentence of each diagnosis (says:), and (grading one case)
// that a diagnosis without it fails the fixture.
#include "harness/validate/catalogue.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "harness/base/error.h"
#include "harness/kinds/kind.h"
#include "harness/spec/load.h"
#include "tests/validate/expected_files.h"

namespace netgrade::validate {
namespace {
using namespace netgrade::plan;
using namespace netgrade::sandbox;
using namespace netgrade::check;
using namespace netgrade::run;
namespace fs = std::filesystem;
using namespace netgrade::validate::expected_files;

TEST(Catalogue, AFlakyVerdictSaysWhatHappenedInEachRun) {
  auto flake = DescribeFlake("server-one-line", {true, check::Code::kNone, 1, 1, "", 800},
                             {false, check::Code::kEcho, 2, 2, "Your server answered: 'hi'", 1250});
  ASSERT_TRUE(flake.has_value());
  EXPECT_EQ(*flake,
            "server-one-line: passed in run 1 (seed 1), failed [echo] in run 2 (seed 2): the "
            "verdict depends on timing or the seed\n"
            "    run 2, after 1.2 s: Your server answered: 'hi'");
}

TEST(Catalogue, TwoRunsThatAgreeAreNotFlaky) {
  EXPECT_FALSE(DescribeFlake("a", {false, check::Code::kEcho, 1, 1, "x", 1},
                             {false, check::Code::kEcho, 2, 2, "x", 1}));
  EXPECT_FALSE(DescribeFlake("a", {true, check::Code::kNone, 1, 1, "", 1},
                             {true, check::Code::kNone, 3, 3, "", 1}));
  EXPECT_TRUE(DescribeFlake("a", {false, check::Code::kEcho, 1, 1, "x", 1},
                            {false, check::Code::kTimeout, 2, 2, "x", 1}));
}

spec::Spec CapitalizeSpec() {
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/tcp-capitalize.yaml");
  EXPECT_TRUE(r.ok());
  return *r.spec;
}

// The catalogue test grades a fixture a second time only where that grading proves something:
// two cases or more (two at a time is not one at a time), faults or an emulated network that
// the seed draws, or a program drawing numbers of its own.
TEST(Catalogue, OneCaseOnPlainSocketsWithoutFaultsIsGradedOnce) {
  spec::Spec capitalize = CapitalizeSpec();
  Fixture one;
  one.cases = {"server-one-line"};
  EXPECT_FALSE(GradedTwice(capitalize, one));
  Fixture random = one;
  random.random = true;
  EXPECT_TRUE(GradedTwice(capitalize, random));
  Fixture two = one;
  two.cases.push_back("server-conversation");
  EXPECT_TRUE(GradedTwice(capitalize, two));
  Fixture faults;
  faults.cases = {"client-slow-answer"};  // to_student: delay
  EXPECT_TRUE(GradedTwice(capitalize, faults));
  Fixture role;  // every case of the role
  role.roles = {"client"};
  EXPECT_TRUE(GradedTwice(capitalize, role));
  Fixture reference;  // every case
  EXPECT_TRUE(GradedTwice(capitalize, reference));
  for (const char* lab : {"reliable-transfer", "icmp-pinger"}) {
    spec::LoadResult r =
        spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR "/specs/") + lab + ".yaml");
    ASSERT_TRUE(r.ok()) << lab;
    Fixture first;  // its first case alone: a link, a path
    first.cases = {r.spec->cases.at(0).name};
    EXPECT_TRUE(GradedTwice(*r.spec, first)) << lab << " " << first.cases[0];
  }
}

// A case that measures a speed runs alone whatever --jobs: a buggy fixture of such cases alone
// would get the same grading twice. A reference is graded twice all the same, and a fixture
// with one case that does not run alone too.
TEST(Catalogue, ABuggyFixtureWhoseCasesAllRunAloneIsGradedOnce) {
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/congestion-control.yaml");
  ASSERT_TRUE(r.ok());
  Fixture buggy;
  buggy.name = "congestion-control/fixed-window";
  buggy.cases = {"alone", "two-of-it"};
  ASSERT_TRUE(kinds::RunsAlone(*r.spec, r.spec->cases.at(0)));
  EXPECT_FALSE(GradedTwice(*r.spec, buggy));
  Fixture reference = buggy;
  reference.name = "reference/congestion-control/python";
  EXPECT_TRUE(GradedTwice(*r.spec, reference));

  spec::LoadResult rt = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/reliable-transfer.yaml");
  ASSERT_TRUE(rt.ok());
  Fixture mixed;
  mixed.name = "reliable-transfer/sender-stop-and-wait";
  mixed.cases = {"sender-clean-link", "sender-throughput"};
  ASSERT_FALSE(kinds::RunsAlone(*rt.spec, rt.spec->cases.at(0)));
  EXPECT_TRUE(GradedTwice(*rt.spec, mixed));
}

TEST(Catalogue, AFailureOutsideTheRolesFilterIsReportedAsNeverChecked) {
  Fixture f;
  f.roles = {"client"};
  f.fail = {{"server-one-line", check::Code::kEcho}};
  std::vector<std::string> problems = UngradedFailures(CapitalizeSpec(), f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(
      problems[0].find("'server-one-line' must fail [echo], but its roles: filter never grades it"),
      std::string::npos)
      << problems[0];
}

TEST(Catalogue, AFailureOutsideTheCasesFilterIsReportedAsNeverChecked) {
  Fixture f;
  f.cases = {"server-conversation"};
  f.fail = {{"server-one-line", check::Code::kEcho}, {"server-conversation", check::Code::kEcho}};
  std::vector<std::string> problems = UngradedFailures(CapitalizeSpec(), f);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("cases: filter"), std::string::npos) << problems[0];
}

// Two runs of one seed whose programs sent other messages drew something of their own; a run
// that sent fewer before its case ended is no difference.
TEST(Catalogue, AMessageThatDiffersAcrossRunsOfOneSeedIsNamed) {
  std::vector<std::vector<std::string>> first = {{"17 www.example.com", "18 ftp.example.org"}};
  std::vector<std::vector<std::string>> again = {{"17 www.example.com", "52113 ftp.example.org"}};
  std::optional<std::string> d = DifferentSends(first, again);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d,
            "'18 ftp.example.org' on the first run, '52113 ftp.example.org' on this one (message 2 "
            "on connection 1)");
  EXPECT_FALSE(DifferentSends(first, {{"17 www.example.com"}}).has_value());
  EXPECT_FALSE(DifferentSends(first, first).has_value());
}

TEST(ExpectedYaml, AWrongSentenceIsReportedWithWhatTheDiagnosisSays) {
  Fixture f;
  f.name = "tcp-capitalize/echo-server";
  f.says = {{"server-one-line", "prints the bytes object"}};
  std::string message =
      "Your server answered: for 'hello world' expected 'HELLO WORLD', got 'hello world'. This "
      "looks like an echo: the text came back unchanged.\n";
  auto missing = DescribeMissingSentence(f, "server-one-line", message);
  ASSERT_TRUE(missing.has_value());
  EXPECT_EQ(*missing,
            "fixture tcp-capitalize/echo-server case server-one-line: diagnosis does not say "
            "'prints the bytes object'; it says: 'Your server answered: for 'hello world' "
            "expected 'HELLO WORLD', got 'hello world'. This looks like an echo: the text came "
            "back unchanged.'");
  EXPECT_FALSE(DescribeMissingSentence(f, "server-one-line", "... prints the bytes object ..."));
  // The match is exact: case and spacing count.
  EXPECT_TRUE(DescribeMissingSentence(f, "server-one-line", "Prints the bytes object"));
  EXPECT_FALSE(DescribeMissingSentence(f, "server-conversation", message)) << "no says: for it";
}

// Grades one case of a real fixture: the right code with the wrong sentence fails it.
TEST(ExpectedYaml, AFixtureWhoseDiagnosisLacksItsSentenceFails) {
  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/tcp-capitalize/echo-server";
  Fixture f = Load(dir / "expected.yaml");
  f.cases = {"server-one-line"};
  f.fail = {{"server-one-line", check::Code::kEcho}};
  f.says = {{"server-one-line", f.says.at("server-one-line")}};
  EXPECT_TRUE(CheckFixture(CapitalizeSpec(), f, 1, RunOptions{}).empty());

  f.says["server-one-line"] = "prints the bytes object";
  std::vector<std::string> problems = CheckFixture(CapitalizeSpec(), f, 1, RunOptions{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rfind("fixture tcp-capitalize/echo-server case server-one-line: diagnosis "
                              "does not say 'prints the bytes object'; it says: 'Your server "
                              "answered: ",
                              0),
            0u)
      << problems[0];
  EXPECT_NE(problems[0].find("This looks like an echo"), std::string::npos) << problems[0];
}

// Each run's results are handed back, for the golden files of the words to read without
// grading the fixture again.
TEST(Catalogue, EachRunsResultsAreHandedBack) {
  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/tcp-capitalize/echo-server";
  Fixture f = Load(dir / "expected.yaml");
  f.cases = {"server-one-line"};
  f.fail = {{"server-one-line", check::Code::kEcho}};
  f.says = {{"server-one-line", f.says.at("server-one-line")}};
  std::vector<std::vector<check::CaseResult>> runs;
  EXPECT_TRUE(CheckFixture(CapitalizeSpec(), f, 2, RunOptions{}, 1, false, 0, &runs).empty());
  ASSERT_EQ(runs.size(), 2u);
  for (const std::vector<check::CaseResult>& run : runs) {
    ASSERT_EQ(run.size(), 1u);
    EXPECT_EQ(run[0].code, check::Code::kEcho);
  }
}

// A wrong verdict says how long its case ran: one that turns on the time a case had (a
// loaded machine) shows it.
TEST(Catalogue, AWrongVerdictSaysHowLongItsCaseRan) {
  fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions/tcp-capitalize/echo-server";
  Fixture f = Load(dir / "expected.yaml");
  f.cases = {"server-one-line"};
  f.fail = {{"server-one-line", check::Code::kNeverListened}};
  f.says.clear();
  std::vector<std::string> problems = CheckFixture(CapitalizeSpec(), f, 1, RunOptions{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(std::regex_search(
      problems[0], std::regex("server-one-line: should fail \\[never_listened\\], but failed "
                              "\\[echo\\] after [0-9]+\\.[0-9] s: Your server answered")))
      << problems[0];
}

TEST(Catalogue, AnUnbuiltCppReferenceIsListedAsNotBuilt) {
  fs::path empty_build = fs::temp_directory_path() / "netgrade-catalogue-test-no-build";
  std::vector<Fixture> all = LoadCatalogue(NETGRADE_SOURCE_DIR, empty_build, "tcp-capitalize");
  auto cpp = std::find_if(all.begin(), all.end(), [](const Fixture& f) {
    return f.name == "reference/tcp-capitalize/cpp";
  });
  ASSERT_NE(cpp, all.end());
  EXPECT_NE(cpp->unavailable.find("not built"), std::string::npos);
  std::vector<std::string> problems = CheckFixture(CapitalizeSpec(), *cpp, 1, RunOptions{});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not built"), std::string::npos);
  // Configured and not built (the README's first command builds netgrade alone): CMake made
  // the folder, nothing is in it. It was graded as a submission with "no program for any role".
  fs::create_directories(empty_build / "reference" / "tcp-capitalize" / "cpp" / "CMakeFiles");
  all = LoadCatalogue(NETGRADE_SOURCE_DIR, empty_build, "tcp-capitalize");
  cpp = std::find_if(all.begin(), all.end(),
                     [](const Fixture& f) { return f.name == "reference/tcp-capitalize/cpp"; });
  ASSERT_NE(cpp, all.end());
  EXPECT_NE(cpp->unavailable.find("holds no program yet (build with: ninja -C"), std::string::npos)
      << cpp->unavailable;
  fs::remove_all(empty_build);
}

// A client that draws its query ids at random sends other datagrams every run of one seed:
// validate names the two messages and asks for random: true, which then quiets it. (The
// verdict does not turn on the draw here: only the messages differ.)
TEST(Catalogue, AFixtureThatDrawsItsOwnIdsIsFlagged) {
  fs::path dir = fs::temp_directory_path() / "netgrade-catalogue-test-random-ids";
  fs::remove_all(dir);
  fs::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ifstream in(NETGRADE_SOURCE_DIR "/reference/dns-lite/python/client.py");
  std::string client((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string counted = "qid = (qid + 1) % 65536";
  ASSERT_NE(client.find(counted), std::string::npos) << "the reference counts its ids";
  client.replace(client.find(counted), counted.size(), "qid = random.randint(0, 65535)");
  std::ofstream(dir / "client.py") << "import random\n" << client;
  spec::LoadResult r = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/dns-lite.yaml");
  ASSERT_TRUE(r.ok());
  Fixture f;
  f.name = "dns-lite/random-ids";
  f.dir = dir;
  f.spec = "dns-lite";
  f.roles = {"client"};
  f.cases = {"client-two-names"};
  // Twice with one seed, as validate does by default.
  std::vector<std::string> problems = CheckFixture(*r.spec, f, 2, RunOptions{}, 1, false);
  ASSERT_EQ(problems.size(), 1u) << (problems.empty() ? "" : problems[0]);
  EXPECT_NE(problems[0].find("client-two-names: the same seed gave other messages"),
            std::string::npos)
      << problems[0];
  EXPECT_NE(problems[0].find("say random: true"), std::string::npos) << problems[0];
  f.random = true;
  EXPECT_TRUE(CheckFixture(*r.spec, f, 2, RunOptions{}, 1, false).empty());
}

}  // namespace
}  // namespace netgrade::validate
