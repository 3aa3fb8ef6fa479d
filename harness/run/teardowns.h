// The tearing down of finished cases, on a thread of its own, while the next cases run. A
// killed program's end takes the kernel milliseconds (its PID and mount namespaces: zap_pid_ns
// reaps every process, the jail's mounts go); waiting for it before the next case starts
// added that to every case's time. Work is done in the order it was given; at most
// `most_waiting` wait at once (each holds a namespace, a cgroup and a copy): past that,
// Give() waits for room.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace netgrade::run {

class Teardowns {
 public:
  explicit Teardowns(size_t most_waiting = 4);
  // Does what was given, then ends its thread; what one of them threw is dropped (Finish()
  // rethrows it).
  ~Teardowns();
  Teardowns(const Teardowns&) = delete;
  Teardowns& operator=(const Teardowns&) = delete;

  // `work` is done on the teardowns' thread (never the process's first), after the work given
  // before it.
  void Give(std::function<void()> work);
  // Returns once everything given so far is done; rethrows the first exception work threw.
  void Finish();

 private:
  void Loop();

  const size_t most_waiting_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> waiting_;
  bool busy_ = false;  // the thread is doing a work it took
  bool ending_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: started once the rest is made
};

}  // namespace netgrade::run
