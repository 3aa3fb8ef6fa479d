#include "harness/cli/cli.h"

#include <fmt/core.h>
#include <sys/resource.h>

#include <cstring>
#include <vector>

#include "harness/base/error.h"
#include "harness/cli/command.h"

namespace netgrade::cli {

namespace {
std::string g_invoked_as = "netgrade";

// The grader's descriptors are its own to spend, never a program's to exhaust: as many as the
// machine lets it have (the hard limit; commonly 1024 soft, 4096 to 1048576 hard), while a case
// costs it at most a few per connection and connections are capped (peers::kMostConnections).
// The students' programs get their own, smaller limit (sandbox/spawn.cc).
void RaiseDescriptorLimit() {
  rlimit r{};
  if (::getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
    r.rlim_cur = r.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &r);
  }
}
}  // namespace

const std::string& InvokedAs() { return g_invoked_as; }

std::vector<std::string> HideCommandLine(int argc, char** argv) {
  std::vector<std::string> copy(argv, argv + argc);
  if (argc > 2) {
    char* from = argv[2];
    char* end = argv[argc - 1] + std::strlen(argv[argc - 1]);
    std::memset(from, 0, static_cast<size_t>(end - from));
  }
  return copy;
}

int Main(int argc, char** argv) {
  if (argc > 0 && argv[0] != nullptr && argv[0][0] != '\0') g_invoked_as = argv[0];
  RaiseDescriptorLimit();
  CLI::App app{"netgrade: grades socket-programming exercises against reference peers"};
  app.require_subcommand(1);
  std::vector<Command> commands;
  commands.push_back(AddCheckCommand(app));
  commands.push_back(AddValidateCommand(app));
  commands.push_back(AddExplainCommand(app));
  commands.push_back(AddProxyCommand(app));
  commands.push_back(AddPeerCommand(app));
  commands.push_back(AddBatchCommand(app));
  commands.push_back(AddMergeCommand(app));
  commands.push_back(AddVerifyCommand(app));
  commands.push_back(AddGradescopeBundleCommand(app));
  commands.push_back(AddAppArmorCommand(app));
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
    // A spec error already starts with its file:line:col.
    fmt::print(stderr, "netgrade: error: {}\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "netgrade: internal error (not your program's fault): {}\n", e.what());
    return kExitInternal;
  }
  return kExitUsage;
}

}  // namespace netgrade::cli
