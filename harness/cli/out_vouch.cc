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
  const run::Digests disk = run::DigestsIn(out);  // OUT read once, for both
  run::Vouch vouch = run::VouchForBatch(out, earlier, disk);
  std::vector<std::string> differences = run::Differences(vouch, disk);
  // A run resumed from one that kept no record (killed first, or an older netgrade): when all
  // that differs is files it kept, they are vouched for as they are.
  if (resume && !earlier) {
    run::Digests kept;
    for (const auto& [name, digest] : disk)
      if (!vouch.files.count(name)) kept.emplace(name, digest);
    if (!kept.empty() && kept.size() == differences.size()) {
      vouch.files.insert(kept.begin(), kept.end());
      fmt::print(stderr,
                 "netgrade: kept from an earlier run of which no record was kept: {} "
                 "file(s), vouched for as they are now\n",
                 kept.size());
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
