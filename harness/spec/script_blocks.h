// The script steps that read a protocol's framing rather than one line: `lines:` (a block of
// lines, an HTTP head), `end:` (how the program leaves a connection), and the options
// `line_end:` (a step's, or its case's: "\r\n" required) and `within:` (end's bound). Read
// here so that script.cc stays the steps' common syntax. specs/FORMAT.md, "Scripts".
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of a `lines:` map.
const std::vector<std::string>& LineBlockKeys();

// `lines: {matching, until, at_least, at_most}` or `end: closed|reset|open` into `s`.
bool ReadBlockStep(const YAML::Node& v, const std::string& key, YamlReader& r, Step* s);

// The options `line_end` (send, expect, lines) and `within` (end) of the step `n` whose
// action is `key`. False when one is wrong (reported).
bool ReadBlockOptions(const YAML::Node& n, const std::string& key, YamlReader& r, Step* s);

// `crlf`, `lf` or `any`.
std::optional<LineEnd> ReadLineEnd(const YAML::Node& v, YamlReader& r);

// The case's `line_end` given to each step of its script that sets none.
void ApplyCaseLineEnd(Case* c);

// "\r\n", "\n", "\n or \r\n": how a diagnosis names a line end.
const char* LineEndWords(LineEnd e);

}  // namespace netgrade::spec
