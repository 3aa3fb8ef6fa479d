// An optional key of a YAML map, read with one of YamlReader's typed readers when it is there.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// `map[key]` read with `read` (&YamlReader::String, &YamlReader::Bool, ...); nullopt when the
// key is not there or its value could not be read (reported to `r`).
template <typename T>
std::optional<T> OptionalKey(YamlReader& r, const YAML::Node& map, const char* key,
                             std::optional<T> (YamlReader::*read)(const YAML::Node&,
                                                                  const std::string&)) {
  if (!map[key]) return std::nullopt;
  return (r.*read)(map[key], key);
}

}  // namespace netgrade::spec
