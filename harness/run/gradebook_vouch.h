// A gradebook netgrade vouches for. A batch records the SHA-256 of every file it wrote in OUT
// (run/batch.h's WrittenUnder) in netgrade's state folder, where no program of the class can
// write: the jail does not show it, and Landlock lets a program write only its copy. Before it
// exits the batch compares OUT with what it wrote, and `netgrade verify OUT` does so again at
// any time after: a grades.csv or results/NAME.json changed, removed or added since is named.
// A batch resumed (--resume) keeps the files of the earlier run that are still as that run
// recorded them.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace netgrade::run {

struct Vouch {
  std::string out;                           // OUT's absolute path
  std::string written;                       // when, UTC ("2026-11-25T17:35:09Z")
  std::map<std::string, std::string> files;  // path in OUT -> SHA-256
};

// Where the vouches are kept: $NETGRADE_STATE_DIR, else /var/lib/netgrade for root, else
// $XDG_STATE_HOME/netgrade, else ~/.local/state/netgrade; one file per OUT in gradebooks/.
std::filesystem::path VouchPath(const std::filesystem::path& out);

// The vouch on record for `out`, or nullopt (none, or not readable as one).
std::optional<Vouch> LoadVouch(const std::filesystem::path& out);
// Writes `vouch` to VouchPath(vouch.out). Throws SystemError.
void SaveVouch(const Vouch& vouch);
// Removes the record for `out`: a batch that starts in an empty or new `out` whose path an
// earlier batch used (its folder removed since) must not be judged by that batch's record.
void ForgetVouch(const std::filesystem::path& out);

// Every file in `out`, by its path in it, and its SHA-256 ("unreadable" for a link or another
// kind: no file netgrade wrote).
using Digests = std::map<std::string, std::string>;
Digests DigestsIn(const std::filesystem::path& out);

// What differs between OUT's files (`disk`, DigestsIn's) and `vouch`, one line a file, sorted:
// "grades.csv: changed since netgrade wrote it", "results/bob.json: removed", "notes.txt: not
// written by netgrade". Empty: OUT is as netgrade wrote it.
std::vector<std::string> Differences(const Vouch& vouch, const Digests& disk);
std::vector<std::string> Differences(const Vouch& vouch, const std::filesystem::path& out);

// The vouch of a batch that has just written `out` (whose files are `disk`): what this process
// wrote there, with the files an earlier vouch (`earlier`, a resumed run's) holds that are
// still as it says.
Vouch VouchForBatch(const std::filesystem::path& out, const std::optional<Vouch>& earlier,
                    const Digests& disk);

}  // namespace netgrade::run
