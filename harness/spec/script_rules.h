// The rules that tie a case's script to its case, checked after it is read (script.h): which
// side connects, the protocol, what is open at each step, the peer's other keys; each problem
// at its step's file:line:col. specs/FORMAT.md, "Scripts".
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The rules that tie a script to its case: `student_listens` is whether the case's role
// listens (the peer then connects), `listens_known` false when the role could not be read;
// `gaps` from LoadScript (after a step left out, what it might have changed is not judged).
void CheckScript(const Spec& spec, const Case& c, bool student_listens, bool listens_known,
                 const YAML::Node& node, YamlReader& r, const std::vector<size_t>& gaps = {});

// Whether the script itself checks something (an expect, a listening bound, a count the peer
// must receive), so that a case with it expects something.
bool ScriptChecks(const std::vector<Step>& script);

}  // namespace netgrade::spec
