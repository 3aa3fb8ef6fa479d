// Removing a folder a student's program wrote in, whatever it made there: a chain of tens of
// thousands of nested folders, folders it made unreadable or unwritable (chmod 000), links
// (never followed), names with newlines. std::filesystem::remove_all holds a descriptor per
// level and fails with EMFILE past the descriptor limit; this walk holds at most three.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace netgrade {

struct RemoveOutcome {
  size_t removed = 0;  // files, links and folders removed
  size_t left = 0;     // entries that could not be removed (0: the whole tree is gone)
  size_t looked = 0;   // entries looked at (what max_entries bounds)
  // When something is left: the first failure, in the operator's words ("cannot remove
  // /tmp/x/a/a/…/b (25000 folders down): Permission denied"), its names escaped. "" else.
  std::string failure;
  bool stopped = false;  // at max_entries, the rest not looked at (then also in `failure`)
  bool ok() const { return left == 0 && failure.empty(); }
};

// Removes `path` and everything under it (a file or a link: just it), depth first, going down
// with openat(O_NOFOLLOW) and back up with "..", checked against the folder it came from
// (so a folder moved meanwhile stops the walk rather than leading it elsewhere). A folder it
// cannot enter or empty is made 0700 first (the owner may; root needs not). A missing `path`
// is no failure. `max_entries` bounds the work (0: none): past it the walk stops and says so.
RemoveOutcome RemoveTree(const std::filesystem::path& path, size_t max_entries = 0);

// What a folder holds, counted the same way (links not followed, at most three descriptors),
// while its programs may still be writing: the count is of what the walk saw.
struct TreeSize {
  uint64_t bytes = 0;    // blocks taken (st_blocks), so a sparse file counts what it uses
  uint64_t entries = 0;  // files, links and folders under the top
  bool over = false;     // past max_bytes or max_entries: the walk stopped there
};
// Stops as soon as either bound is passed; a folder moved meanwhile ends the walk with what
// it had counted.
TreeSize MeasureTree(const std::filesystem::path& path, uint64_t max_bytes, uint64_t max_entries);

}  // namespace netgrade
