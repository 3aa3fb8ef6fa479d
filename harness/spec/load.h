// Loading a spec from YAML: every problem found is reported at once, each with its
// file:line:col, what was expected and what was found. Never throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/spec/spec.h"

namespace netgrade::spec {

struct SpecError {
  std::string file;
  Mark mark;
  std::string message;
  // "file:line:col: message" ("file: message" without a position).
  std::string ToString() const;
};

// At most this many errors are listed (in file order), then one saying how many more.
inline constexpr size_t kMostErrors = 50;

struct LoadResult {
  std::optional<Spec> spec;  // set only when there is no error
  std::vector<SpecError> errors;
  bool ok() const { return spec.has_value() && errors.empty(); }
};

LoadResult LoadSpecFile(const std::string& path);
LoadResult LoadSpecString(std::string_view yaml, const std::string& file_name);

// Every key the loader accepts, grouped by the map it belongs in ("top level", "case",
// "expect", ...): the lists it checks maps against, so that a test can hold specs/FORMAT.md
// and specs/schema.json to them.
struct KeyGroup {
  std::string map;
  std::vector<std::string> keys;
};
std::vector<KeyGroup> AcceptedKeys();

}  // namespace netgrade::spec
