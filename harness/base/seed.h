// The one mixer every seeded decision goes through: SplitMix64, and a hash to turn a name
// into a number to mix. Pure functions: the same input, the same output, on every machine.
#pragma once

#include <cstdint>
#include <string_view>

namespace netgrade {

// SplitMix64's output function applied to z + the golden gamma: consecutive inputs give
// unrelated outputs.
uint64_t SplitMix(uint64_t z);

// A name as a number to mix: FNV-1a's steps (64 bits), but started from 1469598103934665603,
// a digit short of FNV's offset basis. Kept as it was, so that a seed still replays the faults
// it gave before; it is a hash of names, not a published FNV value.
uint64_t NameHash(std::string_view s);

}  // namespace netgrade
