// Changes to the files of some folders, for `netgrade check --watch`: inotify on each folder
// and every subfolder (one made later is watched as it appears). What editors and tools leave
// beside the files (vim's .swp and its 4913 probe, backup~ files, emacs's .#locks and #autosaves#,
// __pycache__, .git) is no change to the submission and is ignored.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/fd.h"

namespace netgrade {

// Whether a file or folder of that name (the last component) is an editor's or a tool's,
// whose changes are ignored.
bool IgnoredChange(std::string_view name);

// Of the paths a burst of changes named, those still there: a file made and renamed away within
// it (sed -i's sedXXXXXX, an editor's temporary) is no change of its own, the file it became is.
// When none is left (files removed), all of them.
std::vector<std::filesystem::path> WhatRemains(std::vector<std::filesystem::path> changed);

class FileWatch {
 public:
  // Watches every folder under each root (recursively, but not into ignored ones). Throws
  // SystemError when inotify cannot be set up.
  explicit FileWatch(const std::vector<std::filesystem::path>& roots);

  int fd() const { return fd_.get(); }

  // The changed paths among the events pending now (none: empty); never blocks.
  std::vector<std::filesystem::path> Drain();

  // Blocks until a file changes, then until the burst of changes is over: no new change for
  // `quiet`, or `max_settle` after the first (an editor saving writes, renames and deletes
  // several files in a row). Returns the changed paths, without repeats, in the order of
  // their first change; nullopt when `stop_fd` (-1: none) became readable first.
  std::optional<std::vector<std::filesystem::path>> WaitForChange(
      std::chrono::milliseconds quiet, std::chrono::milliseconds max_settle, int stop_fd = -1);

 private:
  void AddTree(const std::filesystem::path& dir);

  Fd fd_;
  std::map<int, std::filesystem::path> dirs_;  // watch descriptor -> folder
};

}  // namespace netgrade
