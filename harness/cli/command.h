// Every subcommand of the netgrade CLI adds itself to the root CLI11 app; when the user
// picks it, its run() returns the exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace netgrade::cli {

enum ExitStatus : int {
  kExitPassed = 0,    // every graded case passed
  kExitFailed = 1,    // a case failed
  kExitUsage = 2,     // usage, spec or submission-layout error
  kExitInternal = 3,  // the grader itself failed
};

// argv[0] as netgrade was invoked ("netgrade", "build/netgrade"), for the commands a report
// tells the user to run. Set by Main().
const std::string& InvokedAs();

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// --pcap-max MIB of `check` and `batch` (a capture file's bound, 1 to 1024, default 16), which
// needs their --pcap (`pcap`). In spec_arg.cc, with the rest they share.
void AddPcapMax(CLI::App* app, size_t* mib, CLI::Option* pcap);

Command AddCheckCommand(CLI::App& root);             // check_command.cc
Command AddProxyCommand(CLI::App& root);             // proxy_command.cc
Command AddValidateCommand(CLI::App& root);          // validate_command.cc
Command AddExplainCommand(CLI::App& root);           // explain_command.cc
Command AddBatchCommand(CLI::App& root);             // batch_command.cc
Command AddMergeCommand(CLI::App& root);             // merge_command.cc
Command AddGradescopeBundleCommand(CLI::App& root);  // gradescope_bundle_command.cc
Command AddPeerCommand(CLI::App& root);              // peer_command.cc
Command AddVerifyCommand(CLI::App& root);            // verify_command.cc
Command AddAppArmorCommand(CLI::App& root);          // apparmor_command.cc

}  // namespace netgrade::cli
