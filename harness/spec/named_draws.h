// Named values drawn from the run's seed (`draws:`, specs/FORMAT.md "Named draws"): a host
// name, an IPv4 address, words or a number, drawn once per run and named wherever a spec
// writes text as {draw:NAME}, or {draw:NAME|upper}, |lower, |mixed for the same value in
// other letters. A table file (`hosts.txt`) and the steps that ask for its names then change
// together with the seed, so a program with the public spec's table written in it fails.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

using DrawnValues = std::map<std::string, std::string>;

// The map `draws:` of `NAME: {draw: ...}` into `out`; errors go to `r`.
void LoadNamedDraws(const YAML::Node& n, YamlReader& r, std::vector<NamedDraw>* out);

// Every {draw:NAME} of the spec must name a value of `draws:` and a known letter case; each
// one that does not, an error at the place that writes it.
void CheckDrawRefs(const Spec& spec, YamlReader& r);

// The values of `draws` for `run_seed`, by name: each from the run's seed and its name, and no
// two host names nor two addresses of a run alike.
DrawnValues DrawNamedValues(const std::vector<NamedDraw>& draws, uint64_t run_seed);

// `text` with each {draw:NAME} (with its letter case) replaced by its value; in a pattern
// (`quote`), the value is quoted so that its dots match dots only. Unknown names stay.
std::string FillDrawRefs(const std::string& text, const DrawnValues& values, bool quote = false);

// Every text of `spec` that {draw:NAME} may stand in, each with where it is written and
// whether it is an RE2 pattern: given files, stdin lines, sends, replies, expects, hints.
void ForEachDrawText(Spec* spec,
                     const std::function<void(std::string* text, const Mark& at, bool pattern)>&);

// `spec` with its named values drawn for `run_seed`, put in every text.
void FillNamedDraws(Spec* spec, uint64_t run_seed);

}  // namespace netgrade::spec
