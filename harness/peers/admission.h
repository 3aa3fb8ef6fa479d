// Where a case has a proxy, its faults are played there: a program that found the reference
// peer's own port (in /proc/net/udp, by a port scan) and talked to it straight would dodge
// every drop. So the peer takes traffic only from the proxy, refuses the rest (a connection is
// reset, a datagram goes unanswered) and counts it: the case fails with bypassed_proxy.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <utility>

#include "harness/base/address.h"

namespace netgrade::peers {

class Admission {
 public:
  // From now on only sources `from_proxy` says are the proxy's are admitted.
  void OnlyFrom(std::function<bool(const Address&)> from_proxy) {
    from_proxy_ = std::move(from_proxy);
  }
  // Whether traffic from `source` may be served; counted when it may not.
  bool Admits(const Address& source) {
    if (!from_proxy_ || from_proxy_(source)) return true;
    if (refused_++ == 0) first_refused_ = source.ToString();
    return false;
  }
  size_t refused() const { return refused_; }
  // The first source refused ("127.0.0.1:40000"), "" when none was.
  const std::string& first_refused() const { return first_refused_; }

 private:
  std::function<bool(const Address&)> from_proxy_;
  size_t refused_ = 0;
  std::string first_refused_;
};

}  // namespace netgrade::peers
