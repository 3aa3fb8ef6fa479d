// A private network namespace for one case: only a loopback interface, up, and no route
// anywhere else. While a Scope is alive the calling thread is inside it, so every socket the
// grader opens and every program it starts lives there; on leaving, the sockets stay inside.
// The grader's first thread never enters one for longer than a look (OffTheFirstThread).
// Fixed ports of different cases no longer collide, and a program cannot reach another host.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

class NetNamespace {
 public:
  // A new namespace with loopback up; nullptr when the machine does not allow it (not root
  // and no unprivileged user namespaces): *why says so.
  static std::unique_ptr<NetNamespace> Create(std::string* why);
  // Whether namespaces can be made here, probed once.
  static bool Available(std::string* why = nullptr);

  int fd() const { return fd_.get(); }

  // Enters the namespace for the calling thread until destroyed.
  class Scope {
   public:
    explicit Scope(const NetNamespace* ns);  // nullptr: stays where it is
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Fd original_;
  };

 private:
  explicit NetNamespace(Fd fd) : fd_(std::move(fd)) {}
  Fd fd_;
};

// Brings the interface `name` up in the calling thread's namespace.
void BringUp(const char* name);

// Runs `work` where entering a case's namespaces (a Scope) changes the network of no one but
// itself: on the calling thread, unless that is the process's first thread, then on a thread
// of its own, joined before it returns. /proc/net is /proc/self/net, the network of the
// process's first thread: were that thread inside a case's namespace, any reader of /proc/net
// (the grader's other threads, a library, a test) would see the case's sockets and not the
// grader's. What `work` throws is thrown here.
void OffTheFirstThread(const std::function<void()>& work);

}  // namespace netgrade::sandbox
