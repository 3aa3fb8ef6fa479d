// A case's `script:` (spec::Step): read from YAML, then checked against the case it belongs
// to (which side connects, the protocol, the peer's other keys), each problem at its
// file:line:col. The syntax and what each step does: specs/FORMAT.md, "Scripts".
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys a step may hold: one action key and its options.
const std::vector<std::string>& ScriptStepKeys();

// The keys of a step's `hint:` given per kind of failure.
const std::vector<std::string>& ScriptHintKeys();

// Reads the list `n` into `out`; errors go to `r`. A step whose option is wrong is kept (what
// it does is known); one whose action cannot be read is left out, and `gaps` (when given)
// receives the index in `out` it would have had, so that CheckScript still checks the rest.
void LoadScript(const YAML::Node& n, YamlReader& r, std::vector<Step>* out,
                std::vector<size_t>* gaps = nullptr);

// The rules that tie a script to its case: `student_listens` is whether the case's role
// listens (the peer then connects), `listens_known` false when the role could not be read;
// `gaps` from LoadScript (after a step left out, what it might have changed is not judged).
void CheckScript(const Spec& spec, const Case& c, bool student_listens, bool listens_known,
                 const YAML::Node& node, YamlReader& r, const std::vector<size_t>& gaps = {});

// Whether the script itself checks something (an expect, a listening bound, a count the peer
// must receive), so that a case with it expects something.
bool ScriptChecks(const std::vector<Step>& script);

}  // namespace netgrade::spec
