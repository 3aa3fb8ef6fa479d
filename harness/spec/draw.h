// Messages drawn from the case's seed instead of written out in the spec (FORMAT.md, "Drawn
// messages"): words in mixed letters, a long line of them, a number. The spec is public, so
// every constant in it can be answered from a table by a program with no logic at all; a
// drawn message cannot, while the same seed still gives the same messages (and verdict).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of a drawn message (for the catalogue of keys and its did-you-mean).
const std::vector<std::string>& DrawKeys();

// `{draw: words, ...}` or `{draw: number, ...}`: nullopt after reporting what is wrong.
std::optional<Draw> LoadDraw(const YAML::Node& node, YamlReader& r);

// What the message is, in words ("2 to 5 words in mixed letters, drawn from the seed"): the
// text a spec holds until DrawMessages, and what `explain` shows beside the drawn one.
std::string DescribeDraw(const Draw& draw);

// The most bytes `draw` can give (what the loader counts against its caps).
size_t MostBytes(const Draw& draw);

// The message `draw` gives with `seed` (a message's own seed, see DrawMessages).
std::string DrawText(const Draw& draw, uint64_t seed);

// `spec` with every drawn message of every case drawn for the run's seed: each case from its
// own seed (the run's mixed with the case's name, as its faults), each message from its place
// in the case, so adding a case or a message moves no other.
Spec DrawMessages(const Spec& spec, uint64_t run_seed);

// Whether any case of `spec` draws a message.
bool DrawsMessages(const Spec& spec);

}  // namespace netgrade::spec
