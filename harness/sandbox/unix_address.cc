#include "harness/sandbox/unix_address.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

namespace netgrade::sandbox {

UnixAddress ReadUnixAddress(const void* address, size_t size) {
  UnixAddress out;
  constexpr size_t kPath = offsetof(sockaddr_un, sun_path);
  if (size <= kPath || size > sizeof(sockaddr_un)) return out;
  sockaddr_un a{};
  std::memcpy(&a, address, size);
  if (a.sun_family != AF_UNIX) return out;
  const char* name = a.sun_path;
  size_t length = size - kPath;
  if (name[0] == '\0') {
    out.kind = UnixAddress::Kind::kAbstract;
    out.path.assign(name + 1, length - 1);
    return out;
  }
  out.kind = UnixAddress::Kind::kNamed;
  out.path.assign(name, strnlen(name, length));
  return out;
}

std::string AgainstDirectory(const std::string& path, const std::string& directory) {
  if (!path.empty() && path[0] == '/') return path;
  if (directory.empty()) return "";
  return directory == "/" ? "/" + path : directory + "/" + path;
}

Fd OpenSocketBeneath(const std::vector<std::string>& folders, const std::string& path) {
  for (const std::string& folder : folders) {
    if (folder.empty() || path.compare(0, folder.size() + 1, folder + "/") != 0) continue;
    std::string inside = path.substr(folder.size() + 1);
    while (!inside.empty() && inside.back() == '/') inside.pop_back();
    if (inside.empty()) continue;
    Fd root(::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!root) continue;
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;  // links followed, as connect() does, but never out
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    Fd file(static_cast<int>(::syscall(SYS_openat2, root.get(), inside.c_str(), &how, sizeof how)));
    if (!file) {
      if (errno == EXDEV || errno == ELOOP) errno = EACCES;  // a way out of the folder
      return Fd();
    }
    struct stat st{};
    if (::fstat(file.get(), &st) != 0) return Fd();
    if (!S_ISSOCK(st.st_mode)) {
      errno = ECONNREFUSED;
      return Fd();
    }
    return file;
  }
  errno = EACCES;
  return Fd();
}

std::string ThroughDescriptor(const Fd& fd) { return "/proc/self/fd/" + std::to_string(fd.get()); }

}  // namespace netgrade::sandbox
