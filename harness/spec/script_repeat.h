// `repeat` in a script: one step done N times (`repeat: 3` beside its action) or a block of
// steps (`- repeat: 3` with `steps: [...]`), written once and played N times over. The copies
// are made as the script is read: the player and the rules see a plain list of steps, each
// copy draws its own messages (drawn by place), and each knows its round for the report
// (specs/FORMAT.md, "Scripts").
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

inline constexpr int kMostRepeats = 1000;
inline constexpr size_t kMostScriptSteps = 10000;

// Whether `n` is a block of steps to repeat (a map with `repeat` and no action of its own).
bool IsRepeatBlock(const YAML::Node& n);

// The keys of a block: `repeat` and `steps`.
const std::vector<std::string>& RepeatBlockKeys();

// `repeat: N` (1 to kMostRepeats); nullopt after reporting.
std::optional<int> ReadRepeatCount(const YAML::Node& v, YamlReader& r);

// Appends `steps` `times` over to `out`, each copy told its round; the copies' messages are
// counted against the case's and the spec's caps. False (reported at `at`) when the script
// would grow past kMostScriptSteps, or the caps are reached.
bool AppendRounds(const std::vector<Step>& steps, int times, const YAML::Node& at, YamlReader& r,
                  std::vector<Step>* out);

// ", round 2 of 3" (", round 2 of 3, 1 of 4" for a block within a block); "" for a step no
// `repeat` copied: what a report adds after the step's line.
std::string RoundWords(const Step& s);

}  // namespace netgrade::spec
