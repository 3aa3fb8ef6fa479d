// Every reference solution and every fixture under tests/submissions/ is graded, and must get
// exactly the verdicts and diagnoses its expected.yaml states: each failing case's diagnosis
// code and the key sentence its message must contain (says:). Twice (one, then two cases at a
// time, the same seed) where the second grading proves something (validate::GradedTwice):
// every reference, each fixture of two cases or more, and those whose case has faults, an
// emulated network or a program drawing its own numbers. A fixture of one case on plain
// sockets without faults is graded once (68 of the 350 references and fixtures at 60b44961,
// 38 of them tcp-capitalize's): one case at a time and two are the same there, so its second
// grading was the same run again, a second sample of its verdict and of what it sent (which
// would catch a program drawing numbers of its own without random: true), 39 s of the 79 the
// 68 took. The first run's diagnoses must read as the lab's golden file says, word for word
// (tests/cli/diagnosis_golden.h; NETGRADE_UPDATE_GOLDEN=1 rewrites it).
#include "harness/validate/catalogue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "harness/spec/load.h"
#include "tests/cli/diagnosis_golden.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

struct Entry {
  std::string spec_file;
  validate::Fixture fixture;
};

std::vector<Entry> AllEntries() {
  std::vector<Entry> out;
  std::vector<fs::path> specs;
  for (const auto& e : fs::directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / "specs"))
    if (e.path().extension() == ".yaml") specs.push_back(e.path());
  std::sort(specs.begin(), specs.end());
  for (const fs::path& p : specs) {
    spec::LoadResult loaded = spec::LoadSpecFile(p.string());
    if (!loaded.ok()) continue;  // the spec tests report it
    for (validate::Fixture& f :
         validate::LoadCatalogue(NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR, loaded.spec->exercise))
      out.push_back({p.string(), std::move(f)});
  }
  return out;
}

void PrintTo(const Entry& e, std::ostream* os) { *os << e.fixture.name; }

class Catalogue : public testing::TestWithParam<Entry> {};

// The words of each case the fixture must fail, against its block of the lab's golden file; a
// case not run here keeps the golden file's words (another machine runs it), and one whose
// words differed between two runs of one seed (a program that prints the clock, a timing the
// words follow) is held as such, its words not pinned (its code is, by the catalogue).
void ExpectDiagnosesAsGolden(const validate::Fixture& fixture,
                             const std::vector<std::vector<check::CaseResult>>& runs) {
  if (runs.empty()) return;
  std::string name = golden_file::BlockName(fixture);
  fs::path file = golden_file::DiagnosesFile(fixture.spec);
  std::map<std::string, std::string> want = golden_file::ParseLab(golden_file::Read(file))[name];
  std::map<std::string, std::string> now;
  for (const check::CaseResult& c : runs[0]) {
    if (!fixture.fail.count(c.name) || c.passed()) continue;
    auto held = want.find(c.name);
    if (held != want.end() &&
        (c.not_run() || (golden_file::Varies(held->second) && !golden_file::Updating()))) {
      now[c.name] = held->second;
      continue;
    }
    now[c.name] = golden_file::CaseBlock(c);
    for (size_t r = 1; r < runs.size(); ++r)
      for (const check::CaseResult& again : runs[r])
        if (again.name == c.name && golden_file::CaseBlock(again) != now[c.name])
          now[c.name] = golden_file::VaryingBlock(c);
    // Its words varied between this run's two gradings: compared by its code alone, as a
    // case the file holds as varying is (a note that turns on timing, pinned where both of
    // the file's runs agreed, would otherwise fail at random).
    if (!golden_file::Updating() && held != want.end() && golden_file::Varies(now[c.name]) &&
        held->second.substr(0, held->second.find('\n')) ==
            now[c.name].substr(0, now[c.name].find('\n')))
      now[c.name] = held->second;
  }
  if (golden_file::Updating()) return golden_file::UpdateFixture(fixture.spec, name, now);
  std::string a = golden_file::JoinCases(want), b = golden_file::JoinCases(now);
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  EXPECT_EQ(a, b) << fixture.name << ": its diagnoses differ from " << file << " (=== " << name
                  << "):\n"
                  << golden_file::UnifiedExcerpt(a, b)
                  << "If the new words are meant, NETGRADE_UPDATE_GOLDEN=1 rewrites the file: "
                     "build/tests/cli_tests --gtest_filter='"
                  << test->test_suite_name() << "." << test->name() << "' (then review its diff)";
}

// Twice with the same seed, first one case at a time, then two at a time (each in namespaces
// of its own where the machine allows): the same verdicts and key sentences both times, and
// the same datagrams affected. Once where the second grading would be the first again
// (validate::GradedTwice: one case, no faults, no draws of its own).
TEST_P(Catalogue, GetsItsVerdictsTwiceOneAndTwoCasesAtATime) {
  const Entry& e = GetParam();
  spec::LoadResult loaded = spec::LoadSpecFile(e.spec_file);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(fs::is_directory(e.fixture.dir)) << e.fixture.dir;
  if (std::string why = validate::SkipReason(e.fixture); !why.empty()) GTEST_SKIP() << why;
  std::vector<std::vector<check::CaseResult>> runs;
  std::vector<std::string> problems = validate::CheckFixture(
      *loaded.spec, e.fixture, validate::GradedTwice(*loaded.spec, e.fixture) ? 2 : 1,
      run::RunOptions{}, 1, false, 2, &runs);
  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << e.fixture.name << " (" << e.fixture.about << "):" << all;
  ExpectDiagnosesAsGolden(e.fixture, runs);
}

TEST(CatalogueSize, HasReferencesAndFixturesForEveryExercise) {
  std::map<std::string, std::pair<int, int>> counts;  // exercise -> (references, fixtures)
  std::set<std::string> names;
  for (const Entry& e : AllEntries()) {
    bool reference = e.fixture.reference();
    (reference ? counts[e.fixture.spec].first : counts[e.fixture.spec].second)++;
    names.insert(e.fixture.name);
  }
  for (const char* exercise :
       {"tcp-capitalize", "tcp-sender-receiver", "udp-capitalize", "udp-sender-receiver",
        "tcp-capitalize-restart", "udp-capitalize-restart", "web-server", "smtp-client", "dns-lite",
        "web-proxy"}) {
    EXPECT_GE(counts[exercise].first, 2) << exercise << ": a C++ and a Python reference";
    EXPECT_GE(counts[exercise].second, 4) << exercise << ": fixtures";
  }
  // The four base exercises in the languages courses teach most, beside Python and C++.
  for (const char* exercise :
       {"tcp-capitalize", "tcp-sender-receiver", "udp-capitalize", "udp-sender-receiver"})
    for (const char* language : {"cpp", "python", "java", "c"})
      EXPECT_TRUE(names.count(std::string("reference/") + exercise + "/" + language))
          << exercise << " has no " << language << " reference";
  // The labs of issue 33: Python, C and Java.
  for (const char* language : {"python", "java", "c"})
    EXPECT_TRUE(names.count(std::string("reference/dns-lite/") + language))
        << "dns-lite has no " << language << " reference";
}

// A golden file's block of a fixture since removed, or of a case it no longer must fail, would
// pin words nothing says: each block is a fixture's, each case one its expected.yaml fails.
TEST(DiagnosesGolden, HoldsOnlyTheCasesTheFixturesMustFail) {
  std::map<std::string, std::map<std::string, std::set<std::string>>> failing;  // lab, fixture
  for (const Entry& e : AllEntries())
    for (const auto& [name, code] : e.fixture.fail)
      failing[e.fixture.spec][golden_file::BlockName(e.fixture)].insert(name);
  fs::path dir = golden_file::DiagnosesFile("x").parent_path();
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string lab = entry.path().stem().string();
    EXPECT_TRUE(failing.count(lab)) << entry.path() << ": no lab of that name has fixtures";
    for (const auto& [fixture, cases] : golden_file::ParseLab(golden_file::Read(entry.path())))
      for (const auto& [name, block] : cases)
        EXPECT_TRUE(failing[lab][fixture].count(name))
            << entry.path() << ": " << fixture << " case " << name
            << " is not in the fixture's fail: (NETGRADE_UPDATE_GOLDEN=1 leaves it; delete it)";
  }
  for (const auto& [lab, fixtures] : failing)
    EXPECT_TRUE(fs::exists(golden_file::DiagnosesFile(lab))) << lab << " has no golden file";
}

std::string Name(const testing::TestParamInfo<Entry>& info) {
  std::string n = info.param.fixture.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(All, Catalogue, testing::ValuesIn(AllEntries()), Name);

}  // namespace
}  // namespace netgrade
