// Reads typed values out of yaml-cpp nodes and records, instead of throwing, every problem
// with its position: what was expected, what was found, and the nearest valid key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/spec/load.h"

namespace netgrade::spec {

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<SpecError>* errors) : file_(std::move(file)), errors_(errors) {}

  static Mark MarkOf(const YAML::Node& node);
  void Error(const YAML::Node& at, const std::string& message);
  void Error(Mark at, const std::string& message);
  // "a map", "a list", "the string 'x'", "nothing".
  static std::string Found(const YAML::Node& node);

  // A map whose keys are all in `keys`; what names it in messages ("a case", "role 'server'").
  bool Map(const YAML::Node& node, const std::string& what, const std::vector<std::string>& keys);
  bool Required(const YAML::Node& map, const char* key, const std::string& what);

  std::optional<std::string> String(const YAML::Node& node, const std::string& key);
  std::optional<int64_t> Integer(const YAML::Node& node, const std::string& key, int64_t min, int64_t max);
  std::optional<bool> Bool(const YAML::Node& node, const std::string& key);
  // "5s", "500ms", "1.5s", or a whole number of milliseconds.
  std::optional<int64_t> DurationMs(const YAML::Node& node, const std::string& key, int64_t max_ms);
  std::optional<std::vector<std::string>> StringList(const YAML::Node& node, const std::string& key);
  std::optional<std::vector<int>> IndexList(const YAML::Node& node, const std::string& key);
  // One of `allowed`, with a did-you-mean.
  std::optional<std::string> Enum(const YAML::Node& node, const std::string& key, const std::vector<std::string>& allowed);

 private:
  std::string file_;
  std::vector<SpecError>* errors_;
};

}  // namespace netgrade::spec
