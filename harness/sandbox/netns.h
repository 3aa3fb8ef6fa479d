// A private network namespace for one case: only a loopback interface, up, and no route
// anywhere else. While a Scope is alive the calling thread is inside it, so every socket the
// grader opens and every program it starts lives there; on leaving, the sockets stay inside.
// Fixed ports of different cases no longer collide, and a program cannot reach another host.
#pragma once

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

}  // namespace netgrade::sandbox
