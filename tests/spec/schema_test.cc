// The JSON Schema editors use and the loader agree: every bundled spec passes both, and the
// broken specs the schema can see (structure, types, values) fail both.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <vector>

#include "harness/spec/load.h"
#include "tests/spec/mini_schema.h"

namespace netgrade::spec {
namespace {
namespace fs = std::filesystem;
using testing_schema::ToJson;
using testing_schema::Validator;

Validator Schema() {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/specs/schema.json");
  return Validator(nlohmann::json::parse(in));
}

// Broken specs whose fault is outside what a schema can express (positions of YAML syntax
// errors, cross-field rules, duplicates, newlines inside messages, a value's range beyond
// what a pattern says).
const std::set<std::string> kSemanticOnly = {
    "binary-file", "connections-on-client", "duplicate-case-name", "empty-file",
    "fixed-without-port", "listening-role-no-peer", "newline-in-stdin", "slice-on-udp",
    "syntax-bad-indent", "syntax-tab", "syntax-unclosed-quote", "unknown-placeholder",
    "unknown-role", "timeout-too-long", "answers-without-newline-on-udp", "drop-and-duplicate",
    "drop-and-hold", "drop-and-late", "late-on-tcp", "drop-on-tcp", "points-on-non-ascii-letters",
    // A pattern's RE2 syntax, and keys a role cannot use, or that contradict one another.
    "bad-regex", "received-matches-on-server", "exit-status-running",
    // JSON has no duplicate keys: the language server keeps one of them.
    "duplicate-top-key", "duplicate-role", "duplicate-case-key", "duplicate-expect",
    // `exit: any` alone is a property; that it expects nothing is a rule across values.
    "expect-nothing",
    // A script's rules follow its steps in order (what is open, stopped, which side connects);
    // that a step holds one action only is beyond the schema's keywords too.
    "script-two-actions", "script-not-open", "script-answer-on-server",
    "script-answer-without-reply", "script-start-before-stop", "script-reserved-name",
    "script-with-connections", "script-no-checks", "script-bad-pattern"};

std::vector<fs::path> Yaml(const std::string& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / dir))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

// The bundled specs, and specs written to probe YAML 1.2 typing (0x10, .5, 1e-1, merge keys).
TEST(Schema, AcceptsEveryBundledAndEveryGoodSpecAsTheLoaderDoes) {
  Validator v = Schema();
  std::vector<fs::path> files = Yaml("specs");
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& p : Yaml("tests/spec/good")) files.push_back(p);
  for (const fs::path& p : files) {
    LoadResult r = LoadSpecFile(p.string());
    EXPECT_TRUE(r.ok()) << p << Errors(r);
    EXPECT_TRUE(v.Valid(ToJson(YAML::LoadFile(p.string())))) << p << " fails the schema";
  }
}

TEST(Schema, RejectsWhatTheLoaderRejectsWhereASchemaCanSee) {
  Validator v = Schema();
  int checked = 0;
  for (const fs::path& p : Yaml("tests/spec/broken")) {
    std::string name = p.stem().string();
    ASSERT_FALSE(LoadSpecFile(p.string()).ok()) << name;
    if (kSemanticOnly.count(name)) continue;
    EXPECT_FALSE(v.Valid(ToJson(YAML::LoadFile(p.string())))) << name << " passes the schema";
    ++checked;
  }
  EXPECT_GE(checked, 45);
}

TEST(Schema, TheSemanticOnlyListNamesRealFiles) {
  for (const std::string& name : kSemanticOnly)
    EXPECT_TRUE(fs::exists(fs::path(NETGRADE_SOURCE_DIR) / "tests/spec/broken" / (name + ".yaml")))
        << name;
}

}  // namespace
}  // namespace netgrade::spec
