#include "harness/sandbox/netns.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <mutex>

#include "harness/base/error.h"

namespace netgrade::sandbox {
namespace {

Fd OpenCurrentNetNs() {
  return Fd(CheckSys(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC),
                     "open /proc/thread-self/ns/net"));
}

}  // namespace

void BringUp(const char* name) {
  Fd s(CheckSys(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), "socket"));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  CheckSys(::ioctl(s.get(), SIOCGIFFLAGS, &ifr), "SIOCGIFFLAGS");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  CheckSys(::ioctl(s.get(), SIOCSIFFLAGS, &ifr), "SIOCSIFFLAGS");
}

std::unique_ptr<NetNamespace> NetNamespace::Create(std::string* why) {
  Fd original = OpenCurrentNetNs();
  if (::unshare(CLONE_NEWNET) != 0) {
    if (why) *why = std::string("cannot create a network namespace: ") + std::strerror(errno);
    return nullptr;
  }
  Fd created = OpenCurrentNetNs();
  try {
    BringUp("lo");
  } catch (...) {
    ::setns(original.get(), CLONE_NEWNET);
    throw;
  }
  CheckSys(::setns(original.get(), CLONE_NEWNET), "setns back to the grader's network namespace");
  return std::unique_ptr<NetNamespace>(new NetNamespace(std::move(created)));
}

namespace {

void WriteProcFile(const char* path, const std::string& text) {
  Fd fd(CheckSys(::open(path, O_WRONLY | O_CLOEXEC), path));
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throw SystemError(std::string("write ") + path, errno);
}

// Not root: a user namespace of our own (our uid mapped to itself, so nothing changes for
// files or the programs we start, which lose its capabilities at exec) holding a network
// namespace that becomes the grader's own. In it the grader may create and enter further
// network namespaces. Only a single-threaded process may do this, so it is tried once, on
// the first probe, which the CLI makes before starting any thread.
bool EnterUserNamespace(std::string* why) {
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    *why += std::string("; nor a user namespace: ") + std::strerror(errno);
    return false;
  }
  WriteProcFile("/proc/self/setgroups", "deny");
  WriteProcFile("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1");
  WriteProcFile("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1");
  BringUp("lo");
  return true;
}

}  // namespace

bool NetNamespace::Available(std::string* why) {
  static std::once_flag once;
  static bool available = false;
  static std::string reason;
  std::call_once(once, [] {
    available = Create(&reason) != nullptr;
    if (!available && ::geteuid() != 0) {
      try {
        available = EnterUserNamespace(&reason) && Create(&reason) != nullptr;
      } catch (const std::exception& e) {
        reason += std::string("; nor a user namespace: ") + e.what();
      }
    }
  });
  if (why) *why = reason;
  return available;
}

NetNamespace::Scope::Scope(const NetNamespace* ns) {
  if (ns == nullptr) return;
  original_ = OpenCurrentNetNs();
  CheckSys(::setns(ns->fd(), CLONE_NEWNET), "setns into the case's network namespace");
}

NetNamespace::Scope::~Scope() {
  if (original_) ::setns(original_.get(), CLONE_NEWNET);
}

}  // namespace netgrade::sandbox
