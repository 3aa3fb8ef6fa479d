// The quantities a person writes, in a spec or on the command line, parsed one way
// everywhere: durations ("5s", "1.5s", "500ms") and rates ("30%", "0.3").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace netgrade {

// "5s", "1.5s", "500ms" -> milliseconds (a leading '-' is kept, for the caller to refuse
// with its own bounds); nullopt and an explanation in `why` ("such as 5s or 500ms") otherwise.
std::optional<int64_t> ParseDurationMs(const std::string& text, std::string* why);

// "30%", "0.3", "1e-1" -> a share from 0 to 1; nullopt otherwise, with *out_of_range true
// when the text was a number outside 0..1 (0%..100%) rather than no rate at all.
std::optional<double> ParseRate(const std::string& text, bool* out_of_range);

}  // namespace netgrade
