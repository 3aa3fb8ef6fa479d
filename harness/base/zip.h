// A zip archive written whole in memory, store-only (no compression): enough for an
// upload such as a Gradescope autograder, readable by every unzip, and byte for byte the
// same for the same members (fixed timestamps), so a bundle can be compared and tested.
#pragma once

#include <string>
#include <vector>

namespace netgrade {

struct ZipMember {
  std::string name;      // relative, '/'-separated, e.g. "netgrade/ci/setup"
  std::string contents;  // the file's bytes
  int mode = 0644;       // the Unix permission bits unzip restores (0755: executable)
};

// The archive's bytes, members in the given order. Throws std::invalid_argument for a name
// that is empty, absolute, holds a "." or ".." part or repeats an earlier one, and
// std::length_error beyond what a zip without the zip64 extension holds (65535 members,
// 4 GiB).
std::string StoreZip(const std::vector<ZipMember>& members);

}  // namespace netgrade
