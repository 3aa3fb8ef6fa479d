// Whether another user (the tests' uid 65534) can reach the tree: every folder from / down to
// the source and build folders lets others through. A clone in root's home (/root is 0700 on
// Debian) is not: the tests that run netgrade as a normal user then skip, saying which folder
// stops them; ci/matrix.sh's user lanes, which grade a copy of the tree open to their user,
// cover those modes there.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>

namespace netgrade::testing_support {

// "" when others can reach both folders, else the first folder that stops them.
inline std::string ClosedToOthers() {
  for (const char* top : {NETGRADE_SOURCE_DIR, NETGRADE_BINARY_DIR}) {
    std::filesystem::path walked = "/";
    for (const std::filesystem::path& part : std::filesystem::path(top).relative_path()) {
      walked /= part;
      struct stat st{};
      if (::stat(walked.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return walked.string();
    }
  }
  return "";
}

inline std::string ClosedToOthersReason() {
  return "the tree is not open to other users (" + ClosedToOthers() +
         " lets no other user through): ci/matrix.sh's user lanes cover these modes";
}

}  // namespace netgrade::testing_support
