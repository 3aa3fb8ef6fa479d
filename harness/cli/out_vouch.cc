#include "harness/cli/out_vouch.h"

#include <fmt/core.h>

#include <string>
#include <vector>

#include "harness/base/text.h"
#include "harness/cli/command.h"

namespace netgrade::cli {
namespace fs = std::filesystem;

int VouchForOut(const fs::path& out, const std::optional<run::Vouch>& earlier, bool resume,
                int status) {
  run::Vouch vouch = run::VouchForBatch(out, earlier);
  std::vector<std::string> differences = run::Differences(vouch, out);
  // A run resumed from one no record was kept of (an older netgrade): what it kept, as it is.
  if (resume && !earlier && !differences.empty()) {
    size_t kept = 0;
    for (const std::string& line : differences)
      if (line.size() > 25 && line.compare(line.size() - 25, 25, ": not written by netgrade") == 0)
        ++kept;
    if (kept == differences.size()) {
      vouch = run::VouchForBatch(out, run::Vouch{vouch.out, "", {}});
      for (const std::string& line : differences) {
        std::string name = line.substr(0, line.size() - 25);
        vouch.files[name] = run::DigestOf(out / name);
      }
      fmt::print(stderr,
                 "netgrade: kept from an earlier run of which no record was kept: {} "
                 "file(s), vouched for as they are now\n",
                 kept);
      differences.clear();
    }
  }
  run::SaveVouch(vouch);
  if (differences.empty()) {
    fmt::print(stderr,
               "netgrade: {} is as netgrade wrote it: {} files, their digests kept in {} "
               "(`netgrade verify {}` checks them again)\n",
               out.string(), vouch.files.size(), run::VouchPath(out).string(), out.string());
    return status;
  }
  fmt::print(stderr, "netgrade: {} changed after netgrade wrote it, while the class ran:\n",
             out.string());
  for (const std::string& line : differences) fmt::print(stderr, "  {}\n", Visible(line));
  return kExitInternal;
}

}  // namespace netgrade::cli
