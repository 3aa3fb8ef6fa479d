// The JSON Schema editors use and the loader agree: every bundled spec passes both, and the
// broken specs the schema can see (structure, types, values) fail both.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

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
// errors, cross-field rules, duplicates, newlines inside messages).
const std::set<std::string> kSemanticOnly = {
    "binary-file", "connections-on-client", "duplicate-case-name", "empty-file", "fixed-without-port",
    "listening-role-no-peer", "newline-in-stdin", "slice-on-udp", "syntax-bad-indent", "syntax-tab",
    "syntax-unclosed-quote", "unknown-placeholder", "unknown-role", "timeout-too-long",
    "drop-and-duplicate", "drop-and-hold", "drop-on-tcp"};

TEST(Schema, AcceptsEveryBundledSpec) {
  Validator v = Schema();
  for (const auto& e : fs::directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / "specs")) {
    if (e.path().extension() != ".yaml") continue;
    ASSERT_TRUE(LoadSpecFile(e.path().string()).ok()) << e.path();
    EXPECT_TRUE(v.Valid(ToJson(YAML::LoadFile(e.path().string())))) << e.path();
  }
}

TEST(Schema, RejectsWhatTheLoaderRejectsWhereASchemaCanSee) {
  Validator v = Schema();
  int checked = 0;
  for (const auto& e : fs::directory_iterator(fs::path(NETGRADE_SOURCE_DIR) / "tests/spec/broken")) {
    std::string name = e.path().stem().string();
    ASSERT_FALSE(LoadSpecFile(e.path().string()).ok()) << name;
    if (kSemanticOnly.count(name)) continue;
    EXPECT_FALSE(v.Valid(ToJson(YAML::LoadFile(e.path().string())))) << name << " passes the schema";
    ++checked;
  }
  EXPECT_GE(checked, 25);
}

}  // namespace
}  // namespace netgrade::spec
