// Reads typed values out of yaml-cpp nodes and records, instead of throwing, every problem
// with its position: what was expected, what was found, and the nearest valid key. Scalars
// are typed as a YAML 1.2 language server types them (scalar.h), so what the loader accepts
// is what specs/schema.json accepts.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/spec/load.h"

namespace netgrade::spec {

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<SpecError>* errors)
      : file_(std::move(file)), errors_(errors) {}

  static Mark MarkOf(const YAML::Node& node);
  // The spec's text, for AliasAfter (the tree holds no position of an alias: yaml-cpp gives an
  // aliased node its anchor's).
  void set_text(std::string_view text) { text_ = text; }
  // Where the first list entry that is an alias ("- *name") after `after` is written; nullopt
  // when there is none (or no text).
  std::optional<Mark> AliasAfter(Mark after) const;
  void Error(const YAML::Node& at, const std::string& message);
  void Error(Mark at, const std::string& message);
  // "a map", "a list", "'x'", "nothing".
  static std::string Found(const YAML::Node& node);
  size_t error_count() const { return errors_->size(); }

  // A map whose keys are all in `keys`, none given twice; what names it in messages
  // ("a case", "role 'server'"). False only when it is not a map.
  bool Map(const YAML::Node& node, const std::string& what, const std::vector<std::string>& keys);
  // Reports each key of a map given twice, with both positions.
  void NoDuplicateKeys(const YAML::Node& map, const std::string& what);
  // A missing key is an error, unless Map() already reported a misspelling of it.
  bool Required(const YAML::Node& map, const char* key, const std::string& what);

  std::optional<std::string> String(const YAML::Node& node, const std::string& key);
  std::optional<int64_t> Integer(const YAML::Node& node, const std::string& key, int64_t min,
                                 int64_t max);
  std::optional<bool> Bool(const YAML::Node& node, const std::string& key);
  // "5s", "500ms", "1.5s": a unit is required and the value is whole milliseconds.
  std::optional<int64_t> DurationMs(const YAML::Node& node, const std::string& key, int64_t min_ms,
                                    int64_t max_ms);
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node,
                                                     const std::string& key);
  std::optional<std::vector<int>> IndexList(const YAML::Node& node, const std::string& key);
  // A share from 0 to 1: a YAML number (0.3, .5, 1e-1) or a string that ends in '%' ("30%");
  // "0.3" in quotes is text, not a share.
  std::optional<double> Share(const YAML::Node& node, const std::string& key);
  // One of `allowed`, with a did-you-mean.
  std::optional<std::string> Enum(const YAML::Node& node, const std::string& key,
                                  const std::vector<std::string>& allowed);

  // Message bytes: YAML aliases repeat a string at no cost in the file, so a 2 KB spec could
  // otherwise ask for gigabytes. Spend() counts bytes towards the current case and the whole
  // spec; past a cap it reports once per case and returns false.
  static constexpr int64_t kMaxCaseBytes = int64_t{8} << 20;
  static constexpr int64_t kMaxSpecBytes = int64_t{32} << 20;
  void BeginCase() { case_bytes_ = 0, over_reported_ = false; }

  // While a case is read: an error placed before the case's own text is in something the case
  // reached through a YAML alias (yaml-cpp gives an aliased node its anchor's position), and
  // its message names the case, which the position alone does not. `name`: "" when the case
  // has none yet.
  void EnterCase(Mark at, std::string name) { case_at_ = at, case_name_ = std::move(name); }
  void LeaveCase() { case_at_ = Mark{}, case_name_.clear(); }
  bool Spend(const YAML::Node& at, size_t bytes);

 private:
  std::string file_;
  std::vector<SpecError>* errors_;
  // (line, column) of a map and a key it lacks that a misspelt key was taken for.
  std::set<std::pair<std::pair<int, int>, std::string>> misspelt_;
  int64_t case_bytes_ = 0;
  int64_t spec_bytes_ = 0;
  bool over_reported_ = false;
  bool spec_over_reported_ = false;
  std::string_view text_;  // the spec's, while it is loaded (set_text)
  Mark case_at_{};         // EnterCase: where the case being read starts (line 0: none)
  std::string case_name_;
};

}  // namespace netgrade::spec
