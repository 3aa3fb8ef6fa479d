// Where netgrade keeps what outlives a run: the override, else root's system folder, else the
// XDG variable's, else the home folder's.
#include "harness/base/user_folder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <optional>

#include "tests/support/environment.h"

namespace netgrade {
namespace {

TEST(NetgradeFolder, IsTheOverrideElseRootsElseXdgsElseTheHomeFolders) {
  testing_support::Environment env;
  env.Set("NETGRADE_TEST_DIR", "/somewhere/else");
  EXPECT_EQ(NetgradeFolder("NETGRADE_TEST_DIR", "/var/lib/x", "XDG_TEST_HOME", ".local/x"),
            "/somewhere/else");
  env.Set("NETGRADE_TEST_DIR", std::nullopt);
  env.Set("XDG_TEST_HOME", "/xdg");
  env.Set("HOME", "/home/alice");
  const auto folder = [] {
    return NetgradeFolder("NETGRADE_TEST_DIR", "/var/lib/x", "XDG_TEST_HOME", ".local/x");
  };
  if (::geteuid() == 0) {
    EXPECT_EQ(folder(), "/var/lib/x");
    return;
  }
  EXPECT_EQ(folder(), "/xdg/netgrade");
  env.Set("XDG_TEST_HOME", "relative");  // not absolute: ignored, as the rules say
  EXPECT_EQ(folder(), "/home/alice/.local/x/netgrade");
  env.Set("XDG_TEST_HOME", std::nullopt);
  EXPECT_EQ(folder(), "/home/alice/.local/x/netgrade");
}

}  // namespace
}  // namespace netgrade
