#include "harness/sandbox/case_user.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace netgrade::sandbox {
namespace {

// A directory only root can write, so nobody can plant a lock file (or a link) in it.
bool OwnDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st{};
  return ::lstat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
         (st.st_mode & 022) == 0;
}

// Never throws: a TMPDIR that names no folder leaves only /run (Available() is asked before
// any case, where a throw would be the whole run's internal error).
std::string LockDirectory() {
  std::vector<std::string> dirs = {"/run/netgrade-uids"};
  std::error_code ec;
  std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (!ec) dirs.push_back((tmp / "netgrade-uids").string());
  for (const std::string& dir : dirs)
    if (OwnDirectory(dir)) return dir;
  return "";
}

}  // namespace

bool CaseUser::Available() {
  if (::geteuid() != 0) return false;
  static const bool made = !LockDirectory().empty();
  return made;
}

std::optional<CaseUser> CaseUser::Claim(std::string* why) {
  if (::geteuid() != 0) {
    *why = "not running as root";
    return std::nullopt;
  }
  static const std::string dir = LockDirectory();
  if (dir.empty()) {
    *why = "cannot make a root-only directory for uid locks in /run or the temporary directory";
    return std::nullopt;
  }
  // Start where this grader's last claim ended, offset by its pid: graders on one machine
  // rarely try the same uids.
  static std::atomic<uint32_t> next{static_cast<uint32_t>(::getpid()) * 16};
  for (uid_t tried = 0; tried < kCount; ++tried) {
    uid_t slot = next++ % kCount;
    std::string path = fmt::format("{}/{}", dir, kFirst + slot);
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!fd) continue;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return CaseUser(std::move(fd), kFirst + slot);
  }
  *why = fmt::format("all {} case uids are in use", kCount);
  return std::nullopt;
}

}  // namespace netgrade::sandbox
