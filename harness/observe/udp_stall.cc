#include "harness/observe/udp_stall.h"

#include <algorithm>

#include "harness/peers/udp_peers.h"

namespace netgrade::observe {

UdpStallWatch::UdpStallWatch(EventLoop& loop, const proxy::UdpProxy& proxy,
                             std::function<pid_t()> live_pid, std::chrono::milliseconds stall_after)
    : loop_(loop), proxy_(proxy), live_pid_(std::move(live_pid)), stall_after_(stall_after) {
  Schedule();
}

UdpStallWatch::~UdpStallWatch() {
  if (timer_) loop_.Cancel(timer_);
}

std::optional<TimePoint> UdpStallWatch::LastDrop() const {
  std::optional<TimePoint> up = proxy_.last_drop(plan::Direction::kFromStudent);
  std::optional<TimePoint> down = proxy_.last_drop(plan::Direction::kToStudent);
  return up && (!down || *up > *down) ? up : down;
}

void UdpStallWatch::Schedule() {
  TimePoint next = loop_.Now() + std::chrono::milliseconds(50);
  if (std::optional<TimePoint> last = LastDrop(); last && *last + stall_after_ > loop_.Now())
    next = std::min(next, *last + stall_after_);
  timer_ = loop_.Look(next, [this] {
    timer_ = 0;
    pid_t pid = live_pid_();
    std::optional<TimePoint> last = LastDrop();
    if (pid > 0 && last && proxy_.from_student_since_last_drop() == 0 &&
        loop_.Now() - *last >= stall_after_) {
      bool up = last == proxy_.last_drop(plan::Direction::kFromStudent);
      stall_ = Stall{up ? "its datagram" : "the server's answer", BlockedIn(pid)};
      return;
    }
    Schedule();
  });
}

bool UdpStallWatch::SettleAtRest(pid_t pid) {
  std::optional<TimePoint> last = LastDrop();
  if (stall_ || pid <= 0 || !last || proxy_.from_student_since_last_drop() != 0) return false;
  bool up = last == proxy_.last_drop(plan::Direction::kFromStudent);
  stall_ = Stall{up ? "its datagram" : "the server's answer", BlockedIn(pid)};
  return true;
}

std::vector<std::string> DroppedNotResent(const proxy::Transcript& transcript) {
  std::vector<std::string> lost, out;
  std::vector<std::string> sent;  // every line the student sent, in order
  for (const proxy::TranscriptEntry& e : transcript.entries()) {
    bool from = e.direction == plan::Direction::kFromStudent;
    std::string text = peers::DatagramText(e.text.data(), e.text.size());
    if (from) sent.push_back(text);
    if (e.action == proxy::Action::kDropped && !sent.empty())
      lost.push_back(from ? text : sent.back());
  }
  for (const std::string& l : lost)
    if (std::count(sent.begin(), sent.end(), l) <= 1 &&
        std::find(out.begin(), out.end(), l) == out.end())
      out.push_back(l);
  return out;
}

}  // namespace netgrade::observe
