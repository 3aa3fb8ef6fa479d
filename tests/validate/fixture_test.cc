// The catalogue found and read (validate/fixture.cc): expected.yaml's forms and its errors,
// every fixture's key sentences, reference solutions beside a spec or in netgrade's tree.
#include "harness/validate/fixture.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "harness/base/error.h"
#include "tests/validate/expected_files.h"

namespace netgrade::validate {
namespace {
namespace fs = std::filesystem;
using namespace netgrade::validate::expected_files;

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

TEST(Catalogue, TextbookExercisesHaveAReferenceSolution) {
  for (const char* exercise : {"tcp-capitalize-textbook", "udp-capitalize-textbook"}) {
    std::vector<Fixture> all = LoadCatalogue(NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR, exercise);
    EXPECT_TRUE(std::any_of(all.begin(), all.end(), [](const Fixture& f) { return f.reference(); }))
        << exercise;
  }
}

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
