#include "harness/observe/udp_stall.h"

#include <unistd.h>

#include <algorithm>
#include <string_view>

#include "harness/peers/udp_peers.h"

namespace netgrade::observe {

LossFeed ProxyLosses(const proxy::UdpProxy& proxy) {
  LossFeed feed;
  feed.last = [&proxy]() -> std::optional<Loss> {
    std::optional<TimePoint> up = proxy.last_drop(plan::Direction::kFromStudent);
    std::optional<TimePoint> down = proxy.last_drop(plan::Direction::kToStudent);
    if (up && (!down || *up > *down)) return Loss{*up, "its datagram", true, ""};
    if (down) return Loss{*down, "the server's answer", false, ""};
    return std::nullopt;
  };
  feed.sent_since = [&proxy] { return proxy.from_student_since_last_drop(); };
  return feed;
}

void ClosedPortLosses::Lost(const std::string& payload) {
  last_ =
      Loss{loop_.Now(), "its datagram", true, peers::DatagramText(payload.data(), payload.size())};
  delivered_then_ = delivered_();
}

LossFeed ClosedPortLosses::Feed() const {
  LossFeed feed;
  feed.last = [this] { return last_; };
  feed.sent_since = [this] { return static_cast<int>(delivered_() - delivered_then_); };
  return feed;
}

UdpStallWatch::UdpStallWatch(EventLoop& loop, const proxy::UdpProxy& proxy,
                             std::function<pid_t()> live_pid, std::chrono::milliseconds stall_after)
    : UdpStallWatch(loop, ProxyLosses(proxy), std::move(live_pid), stall_after) {}

UdpStallWatch::UdpStallWatch(EventLoop& loop, LossFeed feed, std::function<pid_t()> live_pid,
                             std::chrono::milliseconds stall_after)
    : loop_(loop),
      feed_(std::move(feed)),
      live_pid_(std::move(live_pid)),
      stall_after_(stall_after) {
  Schedule();
}

UdpStallWatch::~UdpStallWatch() {
  if (timer_) loop_.Cancel(timer_);
}

bool WaitsForInput(pid_t pid, const BlockedCall& blocked) {
  if (blocked.fd < 0) return false;
  char target[64] = {};
  std::string link = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(blocked.fd);
  ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
  // Out of the grader's sight (a default Docker container: no CAP_SYS_PTRACE over another
  // user's process): descriptor 0 is taken for the standard input it is.
  if (n <= 0) return blocked.fd == 0;
  return std::string_view(target, static_cast<size_t>(n)).rfind("socket:", 0) != 0;
}

bool UdpStallWatch::Stalled(const Loss& loss, pid_t pid) {
  BlockedCall blocked = BlockedIn(pid);
  // Reading its standard input (a script feeds the next line only once the lost one is
  // answered): it gave the line up and waits for the next, not for the answer.
  if (WaitsForInput(pid, blocked)) return false;
  stall_ = Stall{loss.what, loss.own, blocked, loss.closed_port_text};
  return true;
}

void UdpStallWatch::Schedule() {
  TimePoint next = loop_.Now() + std::chrono::milliseconds(50);
  if (std::optional<Loss> last = feed_.last(); last && last->at + stall_after_ > loop_.Now())
    next = std::min(next, last->at + stall_after_);
  timer_ = loop_.Look(next, [this] {
    timer_ = 0;
    pid_t pid = live_pid_();
    std::optional<Loss> last = feed_.last();
    if (pid > 0 && last && feed_.sent_since() == 0 && loop_.Now() - last->at >= stall_after_ &&
        Stalled(*last, pid))
      return;
    Schedule();
  });
}

bool UdpStallWatch::SettleAtRest(pid_t pid) {
  std::optional<Loss> last = feed_.last();
  if (stall_ || pid <= 0 || !last || feed_.sent_since() != 0) return false;
  return Stalled(*last, pid);
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
