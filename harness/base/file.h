// Small files read and written whole, and directories listed, through descriptors opened
// close-on-exec: a student's program started meanwhile on another thread inherits none of
// them. (std::ifstream/ofstream do not open close-on-exec.)
#pragma once

#include <dirent.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace netgrade {

// The file's bytes, at most `max`; nullopt when it cannot be opened or read.
std::optional<std::string> ReadFile(const std::string& path, size_t max = 1 << 20);
// An open file's bytes from where it stands to its end, at most `max`; nullopt on a read
// error. (A /proc file kept open is read again by seeking it to 0 first.)
std::optional<std::string> ReadRest(int fd, size_t max = 1 << 20);

// Replaces the file's contents (creating it with `mode`); false on any failure.
bool WriteFile(const std::string& path, const std::string& data, int mode = 0644);

// The one owner of a DIR*.
struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};
using Dir = std::unique_ptr<DIR, DirCloser>;
Dir OpenDir(const std::string& path);  // null when it cannot be opened

// The names in a directory, "." and ".." left out; empty when it cannot be read.
std::vector<std::string> DirNames(const std::string& path);

}  // namespace netgrade
