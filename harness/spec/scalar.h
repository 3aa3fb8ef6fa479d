// Plain scalars read the way a YAML 1.2 language server reads them (the core schema), so the
// loader and specs/schema.json agree on what `42`, `0x10`, `.5`, `yes` or `"3"` are; and
// placeholders scanned by hand, in linear time, whatever the length of the text.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netgrade::spec {

enum class ScalarKind { kString, kNull, kBool, kInt, kFloat };

// A quoted scalar is always a string; a plain one is typed by the YAML 1.2 core schema.
ScalarKind Classify(const YAML::Node& node);
ScalarKind ClassifyPlain(std::string_view text);

// YAML 1.2 core integers: 42, -7, +3, 0x1F, 0o17. nullopt for anything else or overflow.
std::optional<int64_t> ParseInt(std::string_view text);
// YAML 1.2 core floats and integers: 0.3, .5, 1e-1, 3. Not .inf or .nan.
std::optional<double> ParseNumber(std::string_view text);

// Every "{...}" in `text`, in order, braces included. An unclosed "{" is not one.
std::vector<std::string> Placeholders(std::string_view text);

// `text` cut to about 60 characters for a message.
std::string Cut(std::string_view text);

}  // namespace netgrade::spec
