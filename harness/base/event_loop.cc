#include "harness/base/event_loop.h"

#include <cerrno>

#include "harness/base/error.h"

namespace netgrade {

void EventLoop::Watch(int fd, short events, FdCallback cb) {
  fds_[fd] = {events, std::move(cb), next_generation_++};
}

void EventLoop::WatchAside(int fd, short events, FdCallback cb) {
  fds_[fd] = {events, std::move(cb), next_generation_++, true};
}

void EventLoop::SetEvents(int fd, short events) {
  auto it = fds_.find(fd);
  if (it != fds_.end()) it->second.events = events;
}

void EventLoop::Unwatch(int fd) { fds_.erase(fd); }

uint64_t EventLoop::At(TimePoint when, TimerCallback cb) { return Add(when, std::move(cb), false); }

uint64_t EventLoop::Look(TimePoint when, TimerCallback cb) {
  return Add(when, std::move(cb), true);
}

uint64_t EventLoop::Add(TimePoint when, TimerCallback cb, bool look) {
  uint64_t id = next_timer_id_++;
  timers_.emplace(std::make_pair(when, id), std::move(cb));
  pending_.emplace(id, std::make_pair(when, look));
  if (!look) ++actions_pending_;
  return id;
}

void EventLoop::Cancel(uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;  // fired already, or cancelled
  timers_.erase({it->second.first, id});
  if (!it->second.second) --actions_pending_;
  pending_.erase(it);
}

void EventLoop::RunOnce(TimePoint limit) {
  TimePoint wake = limit;
  if (!timers_.empty() && timers_.begin()->first.first < wake) wake = timers_.begin()->first.first;

  std::vector<pollfd> nested_pfds;
  std::vector<uint64_t> nested_generations;
  bool outermost = depth_ == 0;
  std::vector<pollfd>& pfds = outermost ? pfds_ : nested_pfds;
  std::vector<uint64_t>& generations = outermost ? generations_ : nested_generations;
  pfds.clear();
  generations.clear();
  ++depth_;
  struct Leave {
    int& depth;
    ~Leave() { --depth; }
  } leave{depth_};
  for (const auto& [fd, w] : fds_) {
    if (w.events == 0) continue;
    pfds.push_back({fd, w.events, 0});
    generations.push_back(w.generation);
  }

  auto now = Now();
  int timeout_ms = 0;
  if (wake == TimePoint::max() && clock_ == nullptr) {
    timeout_ms = -1;  // no limit and no timer: until an event
  } else if (wake > now && clock_ == nullptr) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(wake - now).count();
    timeout_ms = static_cast<int>((us + 999) / 1000);  // round up: never spin before a deadline
  }
  int n = ::poll(pfds.data(), pfds.size(), timeout_ms);
  if (n < 0 && errno != EINTR) throw SystemError("poll", errno);

  for (size_t i = 0; i < pfds.size(); ++i) {
    const pollfd& p = pfds[i];
    if (p.revents == 0) continue;
    auto it = fds_.find(p.fd);  // a previous callback may have unwatched or replaced it
    if (it == fds_.end() || it->second.events == 0 || it->second.generation != generations[i])
      continue;
    FdCallback cb = it->second.cb;  // the callback may Unwatch (and so destroy) itself
    cb(p.revents);
  }

  if (timers_.empty()) return;  // no clock to read: the proxy's path, round after round
  now = Now();
  while (!timers_.empty() && timers_.begin()->first.first <= now) {
    auto node = timers_.extract(timers_.begin());
    auto it = pending_.find(node.key().second);
    if (!it->second.second) --actions_pending_;
    pending_.erase(it);
    node.mapped()();
  }
}

bool EventLoop::AnyWatchedReady() const {
  std::vector<pollfd> pfds;
  pfds.reserve(fds_.size());
  for (const auto& [fd, w] : fds_)
    if (w.events != 0 && !w.aside) pfds.push_back({fd, w.events, 0});
  if (pfds.empty()) return false;
  return ::poll(pfds.data(), pfds.size(), 0) > 0;
}

bool EventLoop::RunUntil(const std::function<bool()>& done, TimePoint deadline) {
  while (!done()) {
    if (Now() >= deadline) return done();
    RunOnce(deadline);
  }
  return true;
}

}  // namespace netgrade
