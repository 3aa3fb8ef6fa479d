// A Unix socket's address as a program gave it to connect(), and the socket file it names
// when, and only when, that file lies beneath one of the case's own folders.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

struct UnixAddress {
  enum class Kind { kNamed, kAbstract, kInvalid };
  Kind kind = Kind::kInvalid;
  std::string path;  // kNamed: as given (maybe relative); kAbstract: the name after its NUL
};

// Reads a sockaddr_un of `size` bytes as the kernel does: a name up to its first NUL (or the
// end), abstract when it starts with one; kInvalid when it is not AF_UNIX or holds no name.
UnixAddress ReadUnixAddress(const void* address, size_t size);

// `path` made absolute against `directory` (a relative path is the caller's to resolve).
std::string AgainstDirectory(const std::string& path, const std::string& directory);

// The socket file at absolute `path`, opened O_PATH, when it lies beneath one of `folders`
// (absolute, without links): every step of the path, the links it follows included, is
// resolved inside that folder (no "..", absolute link or /proc link leads out; openat2's
// RESOLVE_BENEATH). A connect() through "/proc/self/fd/N" then reaches that very socket, whatever
// the program renames meanwhile. Empty with errno: EACCES outside every folder (or through a link
// leading out), ENOENT when there is no such file, ECONNREFUSED when it is not a socket (as
// connect() says for a file that is none).
Fd OpenSocketBeneath(const std::vector<std::string>& folders, const std::string& path);

// "/proc/self/fd/N" for an O_PATH descriptor: a name connect() follows to its socket.
std::string ThroughDescriptor(const Fd& fd);

}  // namespace netgrade::sandbox
