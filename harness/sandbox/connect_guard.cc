#include "harness/sandbox/connect_guard.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "harness/sandbox/unix_address.h"
#include "harness/sandbox/user_notify.h"

namespace netgrade::sandbox {
namespace {

// One program's listener and what is under way for it.
struct Watched {
  Fd listener;
  std::vector<std::string> folders;
  std::string hosts_file;
  std::mutex mu;
  std::set<int> connecting;  // the grader's copies of sockets whose connect() waits
  bool ended = false;
};

// A connect() ready to be made: the program's socket and the address to give it.
struct Prepared {
  uint64_t id = 0;
  Fd socket;
  sockaddr_storage address{};
  socklen_t size = 0;
  Fd unix_target;  // a Unix socket's file, reached through /proc/self/fd
  int error = 0;   // when not 0: the answer, without connecting
};

void BlockSignals() {
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, nullptr);
}

// Everything about call `n` but the connect() itself: the address copied once from the
// program's memory, its socket taken, and for a Unix socket the file it may reach.
Prepared Prepare(const Watched& w, const Notification& n) {
  Prepared p;
  p.id = n.id;
  const int fd = static_cast<int>(n.args[0]);
  const uint64_t address = n.args[1];
  const int size = static_cast<int>(n.args[2]);
  if (size < 0 || static_cast<size_t>(size) > sizeof p.address) {
    p.error = EINVAL;
    return p;
  }
  p.size = static_cast<socklen_t>(size);
  if (size > 0 && !ReadCallerMemory(n.tid, address, &p.address, p.size)) {
    p.error = errno == EFAULT ? EFAULT : EACCES;
    return p;
  }
  p.socket = TakeCallerDescriptor(n.tid, fd);
  if (!p.socket) {
    p.error = errno == EBADF ? EBADF : EACCES;
    return p;
  }
  int domain = 0;
  socklen_t length = sizeof domain;
  if (::getsockopt(p.socket.get(), SOL_SOCKET, SO_DOMAIN, &domain, &length) != 0) {
    p.error = errno;  // ENOTSOCK: connect() on a file that is not a socket
    return p;
  }
  if (domain != AF_UNIX) return p;
  UnixAddress unix_address = ReadUnixAddress(&p.address, p.size);
  if (unix_address.kind == UnixAddress::Kind::kInvalid) return p;  // the kernel says why
  if (unix_address.kind == UnixAddress::Kind::kAbstract) {
    p.error = EACCES;
    return p;
  }
  std::string path = AgainstDirectory(unix_address.path, CallerDirectory(n.tid));
  p.unix_target = OpenSocketBeneath(w.folders, path);
  if (!p.unix_target) p.error = errno;
  return p;
}

// Makes the connect() and answers it. On a guard thread when it may wait.
void Connect(const std::shared_ptr<Watched>& w, Prepared p) {
  {
    std::lock_guard<std::mutex> lock(w->mu);
    if (w->ended) return;
    w->connecting.insert(p.socket.get());
  }
  int rc;
  if (p.unix_target) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::string through = ThroughDescriptor(p.unix_target);
    through.copy(a.sun_path, sizeof a.sun_path - 1);
    rc = ::connect(p.socket.get(), reinterpret_cast<sockaddr*>(&a), sizeof a);
  } else {
    rc = ::connect(p.socket.get(), p.size ? reinterpret_cast<sockaddr*>(&p.address) : nullptr,
                   p.size);
  }
  int error = rc == 0 ? 0 : errno;
  {
    std::lock_guard<std::mutex> lock(w->mu);
    w->connecting.erase(p.socket.get());
  }
  AnswerNotification(w->listener.get(), p.id, 0, error);
}

class Guard {
 public:
  static Guard& Get() {
    static Guard* guard = new Guard;  // never destroyed: its thread outlives exit's destructors
    return *guard;
  }

  void Add(Fd listener, std::vector<std::string> folders, std::string hosts_file) {
    auto w = std::make_shared<Watched>();
    w->listener = std::move(listener);
    w->folders = std::move(folders);
    w->hosts_file = std::move(hosts_file);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = w->listener.get();
    std::lock_guard<std::mutex> lock(mu_);
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, w->listener.get(), &event) == 0)
      watched_[w->listener.get()] = std::move(w);
  }

  int Count() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(watched_.size());
  }

 private:
  Guard() : epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
    std::thread([this] { Run(); }).detach();
  }

  void Run() {
    BlockSignals();
    epoll_event events[16];
    for (;;) {
      int n = ::epoll_wait(epoll_.get(), events, 16, -1);
      for (int i = 0; i < n; ++i) {
        std::shared_ptr<Watched> w;
        {
          std::lock_guard<std::mutex> lock(mu_);
          auto it = watched_.find(events[i].data.fd);
          if (it == watched_.end()) continue;
          w = it->second;
        }
        if (events[i].events & EPOLLIN) Serve(w);
        if (events[i].events & (EPOLLHUP | EPOLLERR)) End(w);
      }
    }
  }

  static void Serve(const std::shared_ptr<Watched>& w) {
    Notification n;
    if (!ReceiveNotification(w->listener.get(), &n)) return;  // its thread was killed
    if (n.nr != SYS_connect) return ServeOpen(*w, n);
    Prepared p = Prepare(*w, n);
    // What was read must have been the caller's: its thread still waits for this answer.
    if (!NotificationPending(w->listener.get(), n.id)) return;
    if (p.error) {
      AnswerNotification(w->listener.get(), n.id, 0, p.error);
      return;
    }
    int flags = ::fcntl(p.socket.get(), F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) {
      Connect(w, std::move(p));
      return;
    }
    std::thread([w, p = std::move(p)]() mutable {
      BlockSignals();
      Connect(w, std::move(p));
    }).detach();
  }

  // An open(), openat() or openat2(): /etc/hosts to read is answered with the case's hosts
  // file; anything else goes on as made.
  static void ServeOpen(const Watched& w, const Notification& n) {
    const int listener = w.listener.get();
    uint64_t path_at = 0;
    int dirfd = AT_FDCWD;
    int64_t flags = 0;
    if (n.nr == SYS_openat) {
      dirfd = static_cast<int>(n.args[0]);
      path_at = n.args[1];
      flags = static_cast<int64_t>(n.args[2]);
#ifdef SYS_open
    } else if (n.nr == SYS_open) {
      path_at = n.args[0];
      flags = static_cast<int64_t>(n.args[1]);
#endif
    } else if (n.nr == SYS_openat2) {
      dirfd = static_cast<int>(n.args[0]);
      path_at = n.args[1];
      uint64_t how_flags = 0;  // struct open_how's first field
      if (n.args[3] < sizeof how_flags ||
          !ReadCallerMemory(n.tid, n.args[2], &how_flags, sizeof how_flags))
        return (void)ContinueNotification(listener, n.id);
      flags = static_cast<int64_t>(how_flags);
    } else {
      AnswerNotification(listener, n.id, 0, ENOSYS);
      return;
    }
    std::optional<std::string> path = ReadCallerString(n.tid, path_at);
    const bool absolute = path && !path->empty() && (*path)[0] == '/';
    // The working directory (a look in /proc) only for a relative path that may end "hosts".
    const bool hosts =
        path && !w.hosts_file.empty() && (absolute || dirfd == AT_FDCWD) &&
        path->find("hosts") != std::string::npos &&
        OpensHostsFile(*path, absolute ? "/" : CallerDirectory(n.tid), static_cast<int>(flags));
    Fd file;
    if (hosts) file = Fd(::open(w.hosts_file.c_str(), O_RDONLY | O_CLOEXEC));
    // What was read must have been the caller's: its thread still waits for this answer.
    if (!NotificationPending(listener, n.id)) return;
    if (!file || !AnswerWithDescriptor(listener, n.id, file.get(), (flags & O_CLOEXEC) != 0))
      ContinueNotification(listener, n.id);
  }

  // Every process of the program is gone: its waiting connects end, and it is let go.
  void End(const std::shared_ptr<Watched>& w) {
    {
      std::lock_guard<std::mutex> lock(w->mu);
      w->ended = true;
      for (int socket : w->connecting) ::shutdown(socket, SHUT_RDWR);
    }
    std::lock_guard<std::mutex> lock(mu_);
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, w->listener.get(), nullptr);
    watched_.erase(w->listener.get());
  }

  Fd epoll_;
  std::mutex mu_;
  std::map<int, std::shared_ptr<Watched>> watched_;
};

// A folder as the kernel names it (links resolved), so that a path the program gives,
// made absolute against its working directory as /proc shows it, compares with it.
std::string Canonical(const std::string& folder) {
  char buf[PATH_MAX];
  return ::realpath(folder.c_str(), buf) ? std::string(buf) : folder;
}

}  // namespace

bool ConnectGuardAvailable(std::string* why) {
  static std::string reason;
  static const bool available = CanGuardCalls(&reason);
  if (why) *why = reason;
  return available;
}

void GuardConnects(Fd listener, const std::vector<std::string>& folders,
                   const std::string& hosts_file) {
  std::vector<std::string> canonical;
  for (const std::string& folder : folders)
    if (!folder.empty()) canonical.push_back(Canonical(folder));
  Guard::Get().Add(std::move(listener), std::move(canonical), hosts_file);
}

bool OpensHostsFile(const std::string& path, const std::string& cwd, int flags) {
  if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC | O_PATH | O_DIRECTORY)))
    return false;
  if (path.empty()) return false;
  std::filesystem::path full = path[0] == '/' ? std::filesystem::path(path)
                               : cwd.empty()  ? std::filesystem::path()
                                              : std::filesystem::path(cwd) / path;
  return full.lexically_normal() == "/etc/hosts";
}

int GuardedPrograms() { return Guard::Get().Count(); }

}  // namespace netgrade::sandbox
