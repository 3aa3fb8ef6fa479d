// netgrade apparmor: prints the profile for this binary or another, and --install says in one
// sentence, with exit 2, why nothing was installed (this machine has no AppArmor).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/sandbox/apparmor.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

TEST(AppArmorCommand, PrintsTheProfileForThisBinaryOrTheOneNamed) {
  testing_cli::Ran ran = testing_cli::RunNetgrade({"apparmor"});
  EXPECT_EQ(ran.status, 0) << ran.err;
  const std::string self = fs::canonical(std::string(NETGRADE_BINARY_DIR) + "/netgrade").string();
  EXPECT_EQ(ran.out, sandbox::AppArmorProfile(self));
  ran = testing_cli::RunNetgrade({"apparmor", "--binary", "/usr/bin/netgrade"});
  EXPECT_EQ(ran.status, 0) << ran.err;
  EXPECT_NE(ran.out.find("profile netgrade /usr/bin/netgrade flags=(unconfined)"),
            std::string::npos)
      << ran.out;
  ran = testing_cli::RunNetgrade({"apparmor", "--binary", "netgrade"});
  EXPECT_EQ(ran.status, 2);
  EXPECT_NE(ran.err.find("--binary takes an absolute path"), std::string::npos) << ran.err;
}

TEST(AppArmorCommand, InstallWhereAppArmorDoesNotRunSaysSoAndWritesNothing) {
  if (fs::exists("/sys/kernel/security/apparmor")) GTEST_SKIP() << "AppArmor runs here";
  testing_cli::Ran ran = testing_cli::RunNetgrade({"apparmor", "--install"});
  EXPECT_EQ(ran.status, 2) << ran.out;
  EXPECT_NE(ran.err.find("AppArmor is not running on this machine"), std::string::npos) << ran.err;
  EXPECT_EQ(ran.err.find("internal error"), std::string::npos);
}

}  // namespace
}  // namespace netgrade
