#include "harness/sandbox/netns.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "harness/base/error.h"
#include "harness/base/fork_lock.h"
#include "harness/sandbox/copy_space.h"
#include "harness/sandbox/netns_pool.h"

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

namespace {

// Sets a sysctl of the calling thread's network namespace; false when it is not there (an
// older kernel) or cannot be written.
bool SetNetSysctl(const char* path, const char* value) {
  Fd fd(::open(path, O_WRONLY | O_CLOEXEC));
  return fd &&
         ::write(fd.get(), value, std::strlen(value)) == static_cast<ssize_t>(std::strlen(value));
}

// The namespace the cases' namespaces are made from: one whose tcp_child_ehash_entries and
// udp_child_hash_entries (Linux 6.1 and 6.2) give each of them tables of its own. Otherwise
// they share the machine's: a dump of a case's TCP sockets (sock_diag.h), or a read of its
// /proc/net/tcp, walks every bucket of the machine's 262144, and of its UDP sockets, 16384.
// An invalid Fd when the kernel has neither: the cases are made from the grader's own.
// *tried: false when no namespace could be made here (not yet allowed: not root and before
// EnterUserNamespace), so that it is tried again.
Fd MakeNursery(bool* tried) {
  Fd original = OpenCurrentNetNs();
  *tried = ::unshare(CLONE_NEWNET) == 0;
  if (!*tried) return Fd();
  Fd nursery = OpenCurrentNetNs();
  // Room for a flood of connections (peers::kMostConnections) without long chains.
  bool tcp = SetNetSysctl("/proc/sys/net/ipv4/tcp_child_ehash_entries", "1024");
  bool udp = SetNetSysctl("/proc/sys/net/ipv4/udp_child_hash_entries", "256");
  CheckSys(::setns(original.get(), CLONE_NEWNET), "setns back to the grader's network namespace");
  return tcp || udp ? std::move(nursery) : Fd();
}

}  // namespace

std::unique_ptr<NetNamespace> NetNamespace::Create(std::string* why) {
  Fd original = OpenCurrentNetNs();
  // Made once, in the grader's namespace (inside the user namespace of EnterUserNamespace when
  // the grader is not root).
  static std::mutex mutex;
  static Fd nursery;
  static bool tried = false;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!tried) nursery = MakeNursery(&tried);
  }
  if (nursery && ::setns(nursery.get(), CLONE_NEWNET) != 0) {
    if (why)
      *why = std::string("cannot enter the namespace cases are made from: ") + std::strerror(errno);
    return nullptr;
  }
  if (::unshare(CLONE_NEWNET) != 0) {
    if (why) *why = std::string("cannot create a network namespace: ") + std::strerror(errno);
    if (nursery) ::setns(original.get(), CLONE_NEWNET);
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
// the first probe, which the CLI makes before starting any thread. Throws SystemError naming
// the step that failed.
void EnterUserNamespace() {
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  CheckSys(::unshare(CLONE_NEWUSER | CLONE_NEWNET), "unshare(CLONE_NEWUSER)");
  WriteProcFile("/proc/self/setgroups", "deny");
  WriteProcFile("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1");
  WriteProcFile("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1");
  BringUp("lo");
}

// Whether EnterUserNamespace and a network namespace inside it work here, tried in a child
// first: where unshare(CLONE_NEWUSER) succeeds and the uid_map write is then refused (Ubuntu
// 24.04's AppArmor rule for unprivileged users), a grader that tried it itself would be left
// half inside, in a network whose loopback is down, as a user with no name. *why: the step
// that failed and how.
bool UserNamespaceWorksInAChild(std::string* why) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    *why = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
  pid_t child;
  {
    auto forking = ForkGuard();  // never while a case writes its program (fork_lock.h)
    child = ::fork();
  }
  if (child < 0) {
    *why = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (child == 0) {
    std::string failure;
    try {
      EnterUserNamespace();
      if (::unshare(CLONE_NEWNET) != 0) throw SystemError("unshare(CLONE_NEWNET) inside it", errno);
      BringUp("lo");
    } catch (const std::exception& e) {
      failure = e.what();
    }
    if (!failure.empty()) {
      ssize_t ignored = ::write(write_end.get(), failure.data(), failure.size());
      (void)ignored;
    }
    ::_exit(failure.empty() ? 0 : 1);
  }
  write_end.Reset();
  std::string failure;
  char buf[512];
  for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    failure.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  *why = failure.empty() ? "the trial in a child process ended abnormally" : failure;
  return false;
}

// Whether a program's mounts can be kept from the machine's: a new mount namespace whose root
// can be made private, tried in a child. In a chroot (a root that is no mount point) it cannot,
// and root's mounts there would propagate to the machine's own tree: no jail then, and so no
// namespaces for the cases (their hosts file and root need one).
bool MountsCanBePrivate(std::string* why) {
  pid_t child;
  {
    auto forking = ForkGuard();  // never while a case writes its program (fork_lock.h)
    child = ::fork();
  }
  if (child < 0) {
    *why = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (child == 0) {
    if (::unshare(CLONE_NEWNS) != 0) ::_exit(1);
    ::_exit(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 ? 0 : 2);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  *why = WIFEXITED(status) && WEXITSTATUS(status) == 2
             ? "the root of this system is not a mount point (netgrade runs in a chroot), so the "
               "programs' mounts could not be kept from the machine's"
             : "cannot create a mount namespace";
  return false;
}

}  // namespace

bool NetNamespace::Available(std::string* why) {
  static std::once_flag once;
  static bool available = false;
  static std::string reason;
  std::call_once(once, [] {
    std::unique_ptr<NetNamespace> probe = Create(&reason);
    available = probe != nullptr;
    if (available) {
      if (std::string mounts; !MountsCanBePrivate(&mounts)) {
        available = false;
        reason = mounts;
        return;
      }
      TakePrivateMounts();  // the case copies on size-limited tmpfs mounts (copy_space.h)
      KeepNewNamespace(std::move(probe));  // the first case's
      return;
    }
    if (::geteuid() == 0) return;
    std::string user_ns;
    if (!UserNamespaceWorksInAChild(&user_ns)) {
      reason += "; nor a user namespace: " + user_ns;
      return;
    }
    // It worked in the child: the same steps here cannot fail but through a fault of the
    // machine's, which is the grader's problem (an exception, exit 3), not a weaker run.
    EnterUserNamespace();
    probe = Create(&reason);
    available = probe != nullptr;
    if (available) {
      TakePrivateMounts();
      KeepNewNamespace(std::move(probe));
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

void OffTheFirstThread(const std::function<void()>& work) {
  if (::gettid() != ::getpid()) {
    work();
    return;
  }
  std::exception_ptr failure;
  std::thread off([&] {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  off.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace netgrade::sandbox
