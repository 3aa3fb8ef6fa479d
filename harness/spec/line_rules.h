// The instructor's own checks on lines of text, read from `expect:`: a pattern or a text that
// must come (stdout_matches, stdout_contains), and how many lines, or lines matching a pattern,
// there must be (stdout_lines); the same with received_ for what the reference server received.
// A pattern is RE2 syntax; one that does not compile is an error at its position.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys LoadLineRules reads for `prefix` ("stdout" or "received").
std::vector<std::string> LineRuleKeys(const std::string& prefix);
// The keys of an item of _matches ({pattern, hint}) or _contains ({text, hint}).
std::vector<std::string> LineRuleItemKeys();
// The keys of a count of _lines ({matching, exactly, at_least, at_most, hint}).
std::vector<std::string> LineCountKeys();

// Reads PREFIX_matches, PREFIX_contains and PREFIX_lines of the expect map `expect` into
// `out`, in that order; errors go to `r`.
void LoadLineRules(const YAML::Node& expect, const std::string& prefix, YamlReader& r,
                   std::vector<LineRule>* out);

}  // namespace netgrade::spec
