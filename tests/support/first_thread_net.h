// The network namespace of the process's first thread, which /proc/net (that is,
// /proc/self/net) shows to every reader: watched from a thread of its own while a test grades,
// so that a case's namespace entered on the first thread, even for a moment, is seen.
#pragma once

#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

namespace netgrade::testing_support {

// The namespace `link` (/proc/self/ns/net, /proc/thread-self/ns/net) names: "net:[4026531840]".
inline std::string NetNamespaceOf(const std::string& link) {
  char target[64] = {};
  ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<size_t>(n)) : std::string();
}

class FirstThreadNetWatch {
 public:
  FirstThreadNetWatch() : own_(NetNamespaceOf("/proc/self/ns/net")) {
    watcher_ = std::thread([this] {
      while (!done_) {
        if (NetNamespaceOf("/proc/self/ns/net") != own_) ++elsewhere_;
        std::this_thread::yield();
      }
    });
  }
  ~FirstThreadNetWatch() { Stop(); }
  FirstThreadNetWatch(const FirstThreadNetWatch&) = delete;
  FirstThreadNetWatch& operator=(const FirstThreadNetWatch&) = delete;

  // Stops watching; the looks that found the first thread in another namespace.
  int Stop() {
    done_ = true;
    if (watcher_.joinable()) watcher_.join();
    return elsewhere_;
  }
  // The first thread's namespace when the watch began: the grader's own.
  const std::string& own() const { return own_; }

 private:
  const std::string own_;
  std::atomic<bool> done_{false};
  std::atomic<int> elsewhere_{0};
  std::thread watcher_;
};

}  // namespace netgrade::testing_support
