// The catalogue's own logic, without grading anything: how a flaky verdict is worded, which
// fixture expectations could never be checked, and a reference solution that is not built;
// how expected.yaml gives the key sentence of each diagnosis (says:), and (grading one case)
// that a diagnosis without it fails the fixture.
#include "harness/validate/catalogue.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "harness/base/error.h"
#include "harness/spec/load.h"

namespace netgrade::validate {
namespace {
using namespace netgrade::plan;
using namespace netgrade::sandbox;
using namespace netgrade::check;
using namespace netgrade::run;
namespace fs = std::filesystem;

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

// The folders WriteExpected made, removed when the test program ends: nothing is left behind.
struct Scratch {
  std::vector<fs::path> dirs;
  ~Scratch() {
    for (const fs::path& d : dirs) fs::remove_all(d);
  }
};
Scratch g_scratch;

// An expected.yaml written to a folder of its own under the temporary directory.
fs::path WriteExpected(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("netgrade-catalogue-test-" + name);
  fs::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ofstream(dir / "expected.yaml") << text;
  return dir / "expected.yaml";
}

Fixture Load(const fs::path& file) {
  return LoadFixture(file, NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR);
}

// The UsageError's message, or "" when the file loads.
std::string LoadError(const fs::path& file) {
  try {
    Load(file);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

// A lab kept in a folder of its own (an instructor's, outside netgrade's tree): the programs of
// reference/ beside the spec are its reference solution; per language when so arranged.
TEST(Catalogue, AReferenceBesideTheSpecIsFoundInALabFolder) {
  fs::path lab = fs::temp_directory_path() / "netgrade-catalogue-test-lab";
  fs::remove_all(lab);
  g_scratch.dirs.push_back(lab);
  fs::create_directories(lab / "reference");
  std::ofstream(lab / "reference" / "server.py") << "print('hi')\n";
  std::vector<Fixture> flat = LoadCatalogue(lab, lab / "build", "dns-lite", lab);
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].name, "reference/");
  EXPECT_EQ(flat[0].dir, lab / "reference");

  fs::create_directories(lab / "reference" / "python");
  fs::create_directories(lab / "reference" / "c");
  std::vector<Fixture> by_language = LoadCatalogue(lab, lab / "build", "dns-lite", lab);
  ASSERT_EQ(by_language.size(), 2u);
  EXPECT_EQ(by_language[0].name, "reference/python");
  EXPECT_EQ(by_language[1].name, "reference/c");
  // In netgrade's own tree, reference/<exercise>/ is the place: the lab's folder is not looked at.
  fs::create_directories(lab / "reference" / "dns-lite" / "python");
  std::vector<Fixture> tree = LoadCatalogue(lab, lab / "build", "dns-lite", lab);
  ASSERT_EQ(tree.size(), 1u);
  EXPECT_EQ(tree[0].name, "reference/dns-lite/python");
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

TEST(ExpectedYaml, TheLongFormGivesTheCodeAndTheKeySentence) {
  Fixture f = Load(WriteExpected("long", R"yaml(spec: tcp-capitalize
fail:
  server-one-line: {code: echo, says: "the text came back unchanged"}
  server-conversation:
    code: first_letter_only
    says: "use upper()"
)yaml"));
  EXPECT_EQ(f.fail.at("server-one-line"), check::Code::kEcho);
  EXPECT_EQ(f.says.at("server-one-line"), "the text came back unchanged");
  EXPECT_EQ(f.fail.at("server-conversation"), check::Code::kFirstLetterOnly);
  EXPECT_EQ(f.says.at("server-conversation"), "use upper()");
}

TEST(ExpectedYaml, TheShortFormGivesTheCodeOnly) {
  Fixture f =
      Load(WriteExpected("short", "spec: tcp-capitalize\nfail:\n  server-one-line: echo\n"));
  EXPECT_EQ(f.fail.at("server-one-line"), check::Code::kEcho);
  EXPECT_TRUE(f.says.empty());
}

TEST(ExpectedYaml, AFixtureLevelSaysIsTheSentenceOfEveryCaseWithoutItsOwn) {
  Fixture f = Load(WriteExpected("fixture-level", R"yaml(spec: tcp-capitalize
says: "This looks like an echo"
fail:
  server-one-line: echo
  server-conversation: {code: echo}
  server-one-write: {code: echo, says: "came back unchanged"}
)yaml"));
  EXPECT_EQ(f.says.at("server-one-line"), "This looks like an echo");
  EXPECT_EQ(f.says.at("server-conversation"), "This looks like an echo");
  EXPECT_EQ(f.says.at("server-one-write"), "came back unchanged");
}

// `random: true`: a program with random numbers of its own; only its verdicts must repeat.
TEST(ExpectedYaml, RandomSaysTheProgramsOwnRandomnessIsExpected) {
  EXPECT_TRUE(Load(WriteExpected("random", "spec: udp-capitalize\nrandom: true\n")).random);
  EXPECT_FALSE(Load(WriteExpected("not-random", "spec: udp-capitalize\n")).random);
}

// `settles: true`: every case of the fixture must end before its timeout, failing or not.
TEST(ExpectedYaml, SettlesSaysEveryCaseMustEndBeforeItsTimeout) {
  EXPECT_TRUE(Load(WriteExpected("settles", "spec: tcp-capitalize\nsettles: true\n")).settles);
  EXPECT_FALSE(Load(WriteExpected("may-wait", "spec: tcp-capitalize\n")).settles);
}

TEST(ExpectedYaml, TheLongFormWithoutSaysIsAnError) {
  fs::path file = WriteExpected("no-says", R"yaml(spec: tcp-capitalize
fail:
  server-one-line: echo
  server-conversation: {code: echo}
)yaml");
  std::string error = LoadError(file);
  EXPECT_NE(error.find(file.string() + ":4: case 'server-conversation' has no says:"),
            std::string::npos)
      << error;
}

TEST(ExpectedYaml, AMisspelledOrEmptySaysIsAnError) {
  std::string misspelled = LoadError(WriteExpected(
      "say", "spec: tcp-capitalize\nfail:\n  server-one-line: {code: echo, say: \"x\"}\n"));
  EXPECT_NE(misspelled.find("case 'server-one-line' has 'say'; its keys are code and says"),
            std::string::npos)
      << misspelled;
  std::string empty = LoadError(WriteExpected(
      "empty-says", "spec: tcp-capitalize\nfail:\n  server-one-line: {code: echo, says: \"\"}\n"));
  EXPECT_NE(empty.find("must be the key sentence the diagnosis must contain"), std::string::npos)
      << empty;
  std::string no_code = LoadError(
      WriteExpected("no-code", "spec: tcp-capitalize\nfail:\n  server-one-line: {says: \"x\"}\n"));
  EXPECT_NE(no_code.find("case 'server-one-line' has no code:"), std::string::npos) << no_code;
  std::string nothing_fails =
      LoadError(WriteExpected("says-no-fail", "spec: tcp-capitalize\nsays: \"x\"\n"));
  EXPECT_NE(nothing_fails.find("but fail: lists none"), std::string::npos) << nothing_fails;
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

// Every fixture in the repository, hostile/ included, names the key sentence of the
// diagnosis of each case it must fail.
TEST(ExpectedYaml, EveryFixtureSaysTheKeySentenceOfEachFailure) {
  int fixtures = 0;
  for (const auto& e :
       fs::recursive_directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / "tests/submissions")) {
    if (e.path().filename() != "expected.yaml") continue;
    Fixture f = Load(e.path());
    ++fixtures;
    for (const auto& [name, code] : f.fail)
      EXPECT_TRUE(f.says.count(name)) << e.path().string() << ": case '" << name << "' must fail ["
                                      << check::CodeName(code) << "] but has no says:";
  }
  EXPECT_GT(fixtures, 60);
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

TEST(Catalogue, TextbookExercisesHaveAReferenceSolution) {
  for (const char* exercise : {"tcp-capitalize-textbook", "udp-capitalize-textbook"}) {
    std::vector<Fixture> all = LoadCatalogue(NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR, exercise);
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Fixture& f) {
      return f.name.rfind("reference/", 0) == 0;
    })) << exercise;
  }
}

}  // namespace
}  // namespace netgrade::validate

namespace netgrade::validate {
namespace {

// A spec kept beside its fixtures (tests/submissions/build/, a build step's): they are found
// in the spec's folder by the spec: of their expected.yaml, and graded from the source tree
// (their Makefile, not CMake, builds them), as is the reference with a Makefile.
TEST(Catalogue, FixturesBesideASpecAreItsOwnAndGradedFromTheirSources) {
  const fs::path source(NETGRADE_SOURCE_DIR);
  std::vector<Fixture> all = LoadCatalogue(source, NETGRADE_BINARY_DIR, "tcp-capitalize-build",
                                           source / "tests/submissions/build");
  std::vector<std::string> names;
  for (const Fixture& f : all) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"reference/tcp-capitalize-build/cpp",
                                             "build/compile-error", "build/makefile-server"}));
  for (const Fixture& f : all) {
    EXPECT_TRUE(f.unavailable.empty()) << f.name << ": " << f.unavailable;
    EXPECT_TRUE(fs::exists(f.dir / "Makefile")) << f.name << " graded from " << f.dir;
  }
  // Without the spec's folder they are not found: they are not under tests/submissions/
  // <exercise>/.
  EXPECT_EQ(LoadCatalogue(source, NETGRADE_BINARY_DIR, "tcp-capitalize-build").size(), 1u);
  // A spec's folder holding fixtures of another exercise adds none of them.
  std::vector<Fixture> capitalize = LoadCatalogue(source, NETGRADE_BINARY_DIR, "tcp-capitalize",
                                                  source / "tests/submissions/build");
  EXPECT_EQ(capitalize.size(), LoadCatalogue(source, NETGRADE_BINARY_DIR, "tcp-capitalize").size());
}

}  // namespace
}  // namespace netgrade::validate
