// YAML text -> a yaml-cpp tree ready for the loader: binary files and syntax errors reported
// at a useful line:col (an unclosed quote where it opens, not at the end of the file), and
// YAML merge keys (`<<: *base`), which yaml-cpp leaves as a plain key, merged.
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>
#include <vector>

#include "harness/spec/load.h"

namespace netgrade::spec {

// The root node, or nullopt with the reason in `errors`.
std::optional<YAML::Node> ParseYaml(std::string_view text, const std::string& file,
                                    std::vector<SpecError>* errors);

// The position of a quote that is never closed, if the text has one ("key: "hi" on line 3).
std::optional<Mark> UnclosedQuote(std::string_view text);

}  // namespace netgrade::spec
