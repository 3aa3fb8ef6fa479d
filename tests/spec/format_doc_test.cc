// specs/FORMAT.md and specs/schema.json cannot drift from the loader: every key the loader
// accepts (AcceptedKeys, the very lists it checks maps against) is documented in FORMAT.md,
// named and shown in a YAML example, and is a property in the schema.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

std::string ReadDoc(const std::string& path) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text of the ```yaml blocks of a Markdown document.
std::string YamlExamples(const std::string& markdown) {
  std::string out;
  for (size_t at = markdown.find("```yaml"); at != std::string::npos;
       at = markdown.find("```yaml", at + 1)) {
    size_t start = markdown.find('\n', at);
    size_t end = markdown.find("```", start);
    if (start == std::string::npos || end == std::string::npos) break;
    out += markdown.substr(start, end - start) + "\n";
  }
  return out;
}

// `key:` as YAML writes a key: at a line's start, after '{', ',', '-' or blanks.
bool ShownAsKey(const std::string& yaml, const std::string& key) {
  return std::regex_search(yaml, std::regex("(^|[\\s{,-])" + key + ":"));
}

void PropertyNames(const nlohmann::json& j, std::set<std::string>* out) {
  if (j.is_object()) {
    if (j.contains("properties") && j["properties"].is_object())
      for (const auto& [k, v] : j["properties"].items()) out->insert(k);
    for (const auto& [k, v] : j.items()) PropertyNames(v, out);
  } else if (j.is_array()) {
    for (const auto& v : j) PropertyNames(v, out);
  }
}

TEST(FormatDoc, TheKeyListsAreTheLoadersOwn) {
  // Keys the loader refuses are not listed, and a key it reads is.
  std::vector<KeyGroup> groups = AcceptedKeys();
  ASSERT_GE(groups.size(), 10u);
  auto has = [&](const std::string& map, const std::string& key) {
    for (const KeyGroup& g : groups)
      if (g.map == map) return std::find(g.keys.begin(), g.keys.end(), key) != g.keys.end();
    return false;
  };
  EXPECT_TRUE(has("case", "visibility"));
  EXPECT_TRUE(has("expect", "received_lines"));
  EXPECT_TRUE(has("line count", "at_least"));
  EXPECT_FALSE(has("case", "script_of_mine"));
  // A key only one of the lists names is refused elsewhere: 'hint' is no key of a case.
  LoadResult r = LoadSpecString(
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
      "  - {name: a, role: server, hint: no, peer: {connections: [{send: [a]}]},"
      " expect: {replies: upper}}\n",
      "x.yaml");
  EXPECT_FALSE(r.ok());
}

TEST(FormatDoc, FormatMdNamesEveryKeyAndShowsItInAnExample) {
  const std::string doc = ReadDoc("specs/FORMAT.md");
  ASSERT_FALSE(doc.empty());
  const std::string examples = YamlExamples(doc);
  for (const KeyGroup& g : AcceptedKeys())
    for (const std::string& key : g.keys) {
      EXPECT_NE(doc.find("`" + key + "`"), std::string::npos)
          << "specs/FORMAT.md does not name the " << g.map << " key `" << key << "`";
      EXPECT_TRUE(ShownAsKey(examples, key))
          << "no ```yaml example of specs/FORMAT.md shows the " << g.map << " key '" << key << ":'";
    }
}

TEST(FormatDoc, SchemaJsonHasEveryKey) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/specs/schema.json");
  std::set<std::string> properties;
  PropertyNames(nlohmann::json::parse(in), &properties);
  ASSERT_FALSE(properties.empty());
  for (const KeyGroup& g : AcceptedKeys())
    for (const std::string& key : g.keys)
      EXPECT_TRUE(properties.count(key))
          << "specs/schema.json has no property '" << key << "' (" << g.map << ")";
}

}  // namespace
}  // namespace netgrade::spec
