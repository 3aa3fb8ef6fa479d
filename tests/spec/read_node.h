// What the spec tests share to call one reader of the loader on a YAML text: what it read, and
// the errors it reported.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/load.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec::read_node {

template <typename T>
struct Read {
  T value;
  std::vector<SpecError> errors;
};

// `load(node, reader, &value)` on the YAML text `yaml`, as the loader calls it in a case.
template <typename T, typename LoadFn>
Read<T> ReadNode(const std::string& yaml, LoadFn load) {
  Read<T> out;
  YamlReader r("node.yaml", &out.errors);
  r.BeginCase();
  load(YAML::Load(yaml), r, &out.value);
  return out;
}

// Every error, one per line, for a failed expectation's message.
inline std::string All(const std::vector<SpecError>& errors) {
  std::string out;
  for (const SpecError& e : errors) out += "\n  " + e.ToString();
  return out;
}
inline std::string All(const LoadResult& r) { return All(r.errors); }

}  // namespace netgrade::spec::read_node
