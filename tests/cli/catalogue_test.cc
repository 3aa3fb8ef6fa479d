// Every reference solution and every fixture under tests/submissions/ is graded twice (one,
// then two cases at a time), and must get exactly the verdicts and diagnoses its expected.yaml
// states, both times: each failing case's diagnosis code and the key sentence its message must
// contain (says:).
#include "harness/validate/catalogue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "harness/spec/load.h"

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

// Twice with the same seed, first one case at a time, then two at a time (each in namespaces
// of its own where the machine allows): the same verdicts and key sentences both times, and
// the same datagrams affected.
TEST_P(Catalogue, GetsItsVerdictsTwiceOneAndTwoCasesAtATime) {
  const Entry& e = GetParam();
  spec::LoadResult loaded = spec::LoadSpecFile(e.spec_file);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(fs::is_directory(e.fixture.dir)) << e.fixture.dir;
  if (std::string why = validate::SkipReason(e.fixture); !why.empty()) GTEST_SKIP() << why;
  std::vector<std::string> problems =
      validate::CheckFixture(*loaded.spec, e.fixture, 2, run::RunOptions{}, 1, false, 2);
  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  EXPECT_TRUE(problems.empty()) << e.fixture.name << " (" << e.fixture.about << "):" << all;
}

TEST(CatalogueSize, HasReferencesAndFixturesForEveryExercise) {
  std::map<std::string, std::pair<int, int>> counts;  // exercise -> (references, fixtures)
  std::set<std::string> names;
  for (const Entry& e : AllEntries()) {
    bool reference = e.fixture.name.rfind("reference/", 0) == 0;
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

std::string Name(const testing::TestParamInfo<Entry>& info) {
  std::string n = info.param.fixture.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(All, Catalogue, testing::ValuesIn(AllEntries()), Name);

}  // namespace
}  // namespace netgrade
