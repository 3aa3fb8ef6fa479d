// netgrade verify OUT: whether a batch's OUT is as netgrade wrote it (run/gradebook_vouch.h):
// 0 when every file it wrote is unchanged and none was added, 1 naming each that differs, 2
// when no record of OUT is kept.
#include <fmt/core.h>

#include <filesystem>
#include <optional>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/cli/command.h"
#include "harness/run/gradebook_vouch.h"

namespace netgrade::cli {

Command AddVerifyCommand(CLI::App& root) {
  auto out = std::make_shared<std::string>();
  CLI::App* app = root.add_subcommand(
      "verify", "Say whether a batch's OUT is as netgrade wrote it (grades.csv, results/...)");
  app->add_option("out", *out, "The --out folder of a netgrade batch")->required();
  return {app, [out] {
            std::optional<run::Vouch> vouch = run::LoadVouch(*out);
            if (!vouch)
              throw UsageError(fmt::format(
                  "{}: no record of a netgrade batch writing there is kept in {} (a batch "
                  "keeps one for its --out, as the user who ran it)",
                  Visible(*out), run::VouchPath(*out).parent_path().string()));
            std::vector<std::string> differences = run::Differences(*vouch, *out);
            if (differences.empty()) {
              fmt::print("{}: as netgrade wrote it on {}: {} files unchanged, none added.\n",
                         Visible(*out), vouch->written, vouch->files.size());
              return static_cast<int>(kExitPassed);
            }
            fmt::print("{}: not as netgrade wrote it on {}:\n", Visible(*out), vouch->written);
            for (const std::string& line : differences) fmt::print("  {}\n", Visible(line));
            return static_cast<int>(kExitFailed);
          }};
}

}  // namespace netgrade::cli
