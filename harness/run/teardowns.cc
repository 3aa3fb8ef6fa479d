#include "harness/run/teardowns.h"

#include <utility>

namespace netgrade::run {

Teardowns::Teardowns(size_t most_waiting)
    : most_waiting_(most_waiting == 0 ? 1 : most_waiting), thread_([this] { Loop(); }) {}

Teardowns::~Teardowns() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ending_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void Teardowns::Give(std::function<void()> work) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return waiting_.size() < most_waiting_; });
  waiting_.push_back(std::move(work));
  changed_.notify_all();
}

void Teardowns::Finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return waiting_.empty() && !busy_; });
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
}

void Teardowns::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return !waiting_.empty() || ending_; });
    if (waiting_.empty()) return;  // ending, and nothing left to do
    std::function<void()> work = std::move(waiting_.front());
    waiting_.pop_front();
    busy_ = true;
    changed_.notify_all();  // room for one more
    lock.unlock();
    try {
      work();
    } catch (...) {
      lock.lock();
      if (!failure_) failure_ = std::current_exception();
      lock.unlock();
    }
    work = nullptr;  // what it holds goes here, on this thread
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace netgrade::run
