// What `netgrade batch` prints on stderr as it goes. On a terminal, one line redrawn in place:
// done/total, failed, elapsed, estimate. Piped (a log, a Slurm job), one plain line per
// finished submission. Folder names are the students': shown escaped, on one line.
#pragma once

#include <chrono>
#include <string>

#include "harness/run/batch.h"

namespace netgrade::cli {

// "42s", "3m05s", "1h02m".
std::string ShortDuration(std::chrono::steady_clock::duration d);

// What to write for one event: on a terminal it starts with "\r\033[K" (the old line erased)
// and has no newline unless it is a message that must stay; piped, whole lines.
std::string ProgressText(const run::BatchEvent& event, bool terminal);

// The estimate of what is left, from the pace of this run (what an earlier run graded is not
// timed): "" until this run has graded one.
std::string Estimate(const run::BatchEvent& event);

}  // namespace netgrade::cli
