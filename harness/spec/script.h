// A case's `script:` (spec::Step) read from YAML: each step's action, the connection it acts
// on and its options, each problem at its file:line:col. The rules that tie a script to its
// case: script_rules.h. The syntax and what each step does: specs/FORMAT.md, "Scripts".
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys a step may hold: one action key and its options.
const std::vector<std::string>& ScriptStepKeys();

// The keys of an `expect:` map: text, matches, template, and those that read bytes
// (script_bytes.h).
const std::vector<std::string>& ScriptExpectKeys();

// The keys of a step's `hint:` given per kind of failure.
const std::vector<std::string>& ScriptHintKeys();

// Reads the list `n` into `out`; errors go to `r`. A step whose option is wrong is kept (what
// it does is known); one whose action cannot be read is left out, and `gaps` (when given)
// receives the index in `out` it would have had, so that CheckScript still checks the rest.
void LoadScript(const YAML::Node& n, YamlReader& r, std::vector<Step>* out,
                std::vector<size_t>* gaps = nullptr);

// `- repeat: N` with `steps: [...]` (script_repeat.h): the block's steps read as a script of
// their own, then appended N times over to `out`.
void LoadRepeatBlock(const YAML::Node& n, YamlReader& r, std::vector<Step>* out,
                     std::vector<size_t>* gaps = nullptr);

}  // namespace netgrade::spec
