// netgrade apparmor [--install] [--binary PATH]: prints netgrade's own AppArmor profile, which
// lets it (and no other program) make user namespaces where AppArmor restricts them (Ubuntu
// 23.10 and later), or installs and loads it (sandbox/apparmor.h). 0 when printed or in place;
// 2 with one sentence when nothing was installed.
#include <fmt/core.h>

#include <filesystem>
#include <memory>

#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/sandbox/apparmor.h"

namespace netgrade::cli {

Command AddAppArmorCommand(CLI::App& root) {
  struct Args {
    bool install = false;
    std::string binary;
  };
  auto args = std::make_shared<Args>();
  CLI::App* app = root.add_subcommand(
      "apparmor",
      "Print netgrade's AppArmor profile (user namespaces on Ubuntu 23.10 and later), or "
      "--install it (as root)");
  app->add_flag("--install", args->install,
                "Write it to /etc/apparmor.d and load it (where AppArmor runs)");
  app->add_option("--binary", args->binary,
                  "The netgrade it is for (default: this one), e.g. /usr/bin/netgrade");
  return {app, [args] {
            std::string binary = args->binary;
            if (binary.empty()) binary = std::filesystem::read_symlink("/proc/self/exe").string();
            if (binary.empty() || binary[0] != '/')
              throw UsageError("--binary takes an absolute path: " + binary);
            if (!args->install) {
              fmt::print("{}", sandbox::AppArmorProfile(binary));
              return static_cast<int>(kExitPassed);
            }
            sandbox::AppArmorInstall install;
            install.binary = binary;
            std::string why = sandbox::InstallAppArmorProfile(install);
            if (!why.empty()) throw UsageError(why);
            fmt::print(
                "netgrade: AppArmor profile {} loaded from /etc/apparmor.d/{}: {} may make "
                "user namespaces\n",
                sandbox::AppArmorProfileName(binary), sandbox::AppArmorProfileName(binary), binary);
            return static_cast<int>(kExitPassed);
          }};
}

}  // namespace netgrade::cli
