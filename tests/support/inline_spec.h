// Specs for tests that grade: one written in the test as YAML text, or one of specs/.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness/spec/load.h"
#include "harness/spec/spec.h"

namespace netgrade::testing_support {

// The spec in `yaml` (a test failure when it does not load).
inline spec::Spec LoadInline(const char* yaml) {
  spec::LoadResult loaded = spec::LoadSpecString(yaml, "inline.yaml");
  EXPECT_TRUE(loaded.ok());
  return loaded.ok() ? *loaded.spec : spec::Spec{};
}

// specs/NAME.yaml of this source tree.
inline spec::Spec SpecOfTheTree(const std::string& name) {
  spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/" + name + ".yaml");
  EXPECT_TRUE(loaded.ok()) << name;
  return loaded.ok() ? *loaded.spec : spec::Spec{};
}

// The reference solution's server of tcp-capitalize, in Python.
inline constexpr char kReferenceServer[] =
    NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python/server.py";

}  // namespace netgrade::testing_support
