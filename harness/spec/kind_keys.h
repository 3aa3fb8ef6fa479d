// The keys a lab kind of its own adds to a spec, one entry per kind (kind_keys.cc lists them,
// as kinds/kinds.cc lists the kinds): where they go (the top, a case, its `expect`), how each
// is loaded and the keys of the maps it holds. Each kind's are in its folder
// (kinds/<kind>/spec_keys.h, of this stage), its data in kinds/<kind>/spec_parts.h; the rest of
// spec/ reads them through this table alone.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

struct KindKeys {
  std::string name;  // the spec's `protocol:`
  Protocol protocol;
  std::vector<std::string> top_keys, case_keys, expect_keys;
  // The keys of each map its keys hold, named as an error names it ("path", "packet field").
  std::vector<std::pair<std::string, std::vector<std::string>>> maps;
  // Its top-level keys into `spec`, once the cases are read; `protocol_known`: false when the
  // spec's `protocol:` was unreadable (no error then about what that protocol would need).
  std::function<void(const YAML::Node& root, YamlReader&, bool protocol_known, Spec*)> load_spec;
  // Its keys of case `n` into `c` (of a spec whose protocol is `spec.protocol`, whichever).
  std::function<void(const YAML::Node& n, YamlReader&, const Spec& spec, Case* c)> load_case;
  // Its keys of `expect` node `n` into `e`.
  std::function<void(const YAML::Node& n, YamlReader&, Expect* e)> load_expect;
  // The diagnosis codes a case of the kind may give its own words for, `hints: {CODE: TEXT}`
  // (the names of kinds/<kind>/codes.h), told with the diagnosis of that code; and whether an
  // `expect` is the kind's (it holds the kind's part), where they may be given.
  std::vector<std::string> hint_codes;
  std::function<bool(const Expect&)> owns_expect;
};

// The kinds with keys of their own, in the order their keys are listed.
const std::vector<const KindKeys*>& AllKindKeys();

}  // namespace netgrade::spec
