#include "harness/base/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/base/fd.h"
#include "harness/base/fork_lock.h"

namespace netgrade {

std::optional<std::string> ReadFile(const std::string& path, size_t max) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (!fd) return std::nullopt;
  return ReadRest(fd.get(), max);
}

std::optional<std::string> ReadRest(int fd, size_t max) {
  std::string out;
  char buf[4096];
  while (out.size() < max) {
    ssize_t n = ::read(fd, buf, std::min(sizeof buf, max - out.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool WriteFile(const std::string& path, const std::string& data, int mode) {
  auto writing = WritingGuard();  // the file may be a program: no fork inherits it (fork_lock.h)
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, mode));
  if (!fd) return false;
  for (size_t done = 0; done < data.size();) {
    ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

Dir OpenDir(const std::string& path) { return Dir(::opendir(path.c_str())); }

std::vector<std::string> DirNames(const std::string& path) {
  std::vector<std::string> out;
  Dir d = OpenDir(path);
  if (!d) return out;
  while (dirent* e = ::readdir(d.get())) {
    if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
    out.push_back(e->d_name);
  }
  return out;
}

}  // namespace netgrade
