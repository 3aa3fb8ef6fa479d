// expected.yaml files written for the validate tests, in folders of their own under the
// temporary directory, removed when the test program ends; and a fixture loaded from one.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/validate/fixture.h"

namespace netgrade::validate::expected_files {
namespace fs = std::filesystem;

// The folders WriteExpected made, removed when the test program ends: nothing is left behind.
struct Scratch {
  std::vector<fs::path> dirs;
  ~Scratch() {
    for (const fs::path& d : dirs) fs::remove_all(d);
  }
};
inline Scratch g_scratch;

// An expected.yaml written to a folder of its own under the temporary directory.
inline fs::path WriteExpected(const std::string& name, const std::string& text) {
  fs::path dir = fs::temp_directory_path() / ("netgrade-catalogue-test-" + name);
  fs::create_directories(dir);
  g_scratch.dirs.push_back(dir);
  std::ofstream(dir / "expected.yaml") << text;
  return dir / "expected.yaml";
}

inline Fixture Load(const fs::path& file) {
  return LoadFixture(file, NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR);
}

// The UsageError's message, or "" when the file loads.
inline std::string LoadError(const fs::path& file) {
  try {
    Load(file);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace netgrade::validate::expected_files
