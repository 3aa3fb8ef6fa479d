#include "harness/cli/cli.h"

#include <fmt/core.h>

#include <vector>

#include "harness/cli/command.h"
#include "harness/sys/error.h"

namespace netgrade::cli {

int Main(int argc, char** argv) {
  CLI::App app{"netgrade: grades socket-programming exercises against reference peers"};
  app.require_subcommand(1);
  std::vector<Command> commands;
  // Commands are added here as they are written.
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? kExitPassed : kExitUsage;
  }
  try {
    for (const Command& command : commands)
      if (command.app->parsed()) return command.run();
  } catch (const UsageError& e) {
    fmt::print(stderr, "netgrade: {}\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "netgrade: internal error (not your program's fault): {}\n", e.what());
    return kExitInternal;
  }
  return kExitUsage;
}

}  // namespace netgrade::cli
