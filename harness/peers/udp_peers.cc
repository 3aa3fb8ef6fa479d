#include "harness/peers/udp_peers.h"

#include <fmt/core.h>
#include <sys/socket.h>

#include <algorithm>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/spec/captures.h"
#include "harness/spec/reply.h"

namespace netgrade::peers {

std::string DatagramText(const char* data, size_t size) {
  std::string text(data, size);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  return text;
}

UdpClientPeer::UdpClientPeer(EventLoop& loop, const std::vector<spec::Connection>& plan,
                             bool expect_replies, bool interleave, Address target)
    : loop_(loop),
      plan_(plan),
      expect_replies_(expect_replies),
      interleave_(interleave),
      target_(target) {}

UdpClientPeer::~UdpClientPeer() {
  for (Flow& f : flows_) {
    if (f.fd) loop_.Unwatch(f.fd.get());
    if (f.timer) loop_.Cancel(f.timer);
  }
}

void UdpClientPeer::SetReliable(std::string frame, std::optional<std::string> await,
                                int resend_ms) {
  frame_ = std::move(frame);
  await_ = std::move(await);
  resend_ms_ = resend_ms;
}

// The answer to the flow's last message has not come within resend_ms: it goes again, as a
// reference sender does after a loss (its own message or the answer).
void UdpClientPeer::Resend(size_t i) {
  Flow& flow = flows_[i];
  flow.timer = 0;
  if (hushed_ || flow.acked >= log_[i].sent.size() || flow.resends >= kMostResends) return;
  if (hold_ && hold_()) {
    Hush();
    return;
  }
  ++flow.resends;
  ::sendto(flow.fd.get(), flow.wire.data(), flow.wire.size(), 0, target_.sa(), target_.length);
  log_[i].Note(Moment::Kind::kSent, flow.wire);
  flow.timer =
      loop_.At(loop_.Now() + std::chrono::milliseconds(resend_ms_), [this, i] { Resend(i); });
}

void UdpClientPeer::Hush() {
  hushed_ = true;
  for (Flow& f : flows_) {
    if (f.timer) loop_.Cancel(f.timer);
    f.timer = 0;
  }
}

int UdpClientPeer::unanswered_resends() const {
  int most = 0;
  for (size_t i = 0; i < flows_.size(); ++i)
    if (log_[i].datagrams.empty()) most = std::max(most, flows_[i].resends);
  return most;
}

void UdpClientPeer::Start() {
  Address local = Address::Parse(target_.family() == AF_INET6 ? "::" : "0.0.0.0", 0);
  for (size_t i = 0; i < plan_.size(); ++i) {
    flows_.emplace_back();
    flows_.back().fd = UdpBind(local);
    log_.emplace_back();
    log_.back().connected = true;
    loop_.Watch(flows_.back().fd.get(), POLLIN, [this, i](short) { Receive(i); });
  }
  SendNext();
}

bool UdpClientPeer::FlowWaiting(size_t i) const {
  if (await_) return flows_[i].acked < log_[i].sent.size();
  return expect_replies_ && log_[i].datagrams.size() < flows_[i].awaited;
}

bool UdpClientPeer::done() const {
  for (size_t i = 0; i < flows_.size(); ++i)
    if (flows_[i].next < plan_[i].send.size() || FlowWaiting(i)) return false;
  return !flows_.empty() || plan_.empty();
}

// The flow that sends next: in order, each to its end; or interleaved, in turns.
size_t UdpClientPeer::PickFlow() const {
  if (!interleave_) {
    for (size_t i = 0; i < flows_.size(); ++i)
      if (flows_[i].next < plan_[i].send.size() || FlowWaiting(i)) return i;
    return flows_.size();
  }
  for (size_t k = 0; k < flows_.size(); ++k) {
    size_t i = (turn_ + k) % flows_.size();
    if (flows_[i].next < plan_[i].send.size()) return i;
  }
  return flows_.size();
}

void UdpClientPeer::SendNext() {
  for (; !hushed_;) {
    size_t i = PickFlow();
    if (i >= flows_.size()) return;
    // A conversation waits for the answer of every flow's last message before going on.
    for (size_t j = 0; j < flows_.size(); ++j)
      if (FlowWaiting(j) && (interleave_ || j == i)) return;
    Flow& flow = flows_[i];
    const spec::Connection& c = plan_[i];
    if (flow.next >= c.send.size()) return;
    const std::string& m = c.send[flow.next++];
    std::string wire = spec::ApplyFrame(frame_, m, static_cast<int>(flow.next));
    ::sendto(flow.fd.get(), wire.data(), wire.size(), 0, target_.sa(), target_.length);
    log_[i].sent.push_back(m);
    log_[i].Note(Moment::Kind::kSent, wire);
    if (await_) {
      flow.wire = std::move(wire);
      flow.resends = 0;
      if (resend_ms_ > 0)
        flow.timer =
            loop_.At(loop_.Now() + std::chrono::milliseconds(resend_ms_), [this, i] { Resend(i); });
    }
    if (expect_replies_ && c.mode == spec::SendMode::kConversation)
      flow.awaited = log_[i].sent.size();
    turn_ = i + 1;
  }
}

// With await: the answer acknowledges the flow's last message when it is the one awaited.
void UdpClientPeer::Acknowledged(size_t i, const std::string& answer) {
  Flow& flow = flows_[i];
  size_t n = log_[i].sent.size();
  if (!await_ || flow.acked >= n) return;
  if (answer != spec::ApplyFrame(*await_, log_[i].sent.back(), static_cast<int>(n))) return;
  flow.acked = n;
  if (flow.timer) loop_.Cancel(flow.timer);
  flow.timer = 0;
}

void UdpClientPeer::Receive(size_t i) {
  char buf[65536];
  // A flood is taken in turns with the case's other work (as ReadInto does).
  for (size_t read = 0; read < kReadPerCall;) {
    Address from;
    from.length = sizeof from.storage;
    ssize_t n = ::recvfrom(flows_[i].fd.get(), buf, sizeof buf, 0, from.sa(), &from.length);
    if (n < 0) break;  // EAGAIN, or ECONNREFUSED from an ICMP port unreachable
    read += static_cast<size_t>(n) + 1;
    if (!admission_.Admits(from)) continue;
    log_[i].Note(Moment::Kind::kReceived, std::string_view(buf, static_cast<size_t>(n)));
    if (received_budget_.Fits(static_cast<size_t>(n))) {
      received_budget_.Take(static_cast<size_t>(n), 1);
      log_[i].datagrams.push_back(DatagramText(buf, static_cast<size_t>(n)));
      log_[i].datagram_sources.push_back(from.ToString());
      Acknowledged(i, log_[i].datagrams.back());
    } else {
      log_[i].received_cut = true;
    }
  }
  SendNext();
}

std::string UdpClientPeer::Describe() const {
  for (size_t i = 0; i < flows_.size(); ++i) {
    if (FlowWaiting(i) && !log_[i].sent.empty())
      return fmt::format("the reference client{} was waiting for the answer to {}",
                         flows_.size() > 1 ? fmt::format(" #{}", i + 1) : "",
                         Quote(log_[i].sent.back()));
  }
  return done() ? "the reference client had sent everything"
                : "the reference client was still sending";
}

UdpServerPeer::UdpServerPeer(EventLoop& loop, const Address& address,
                             std::optional<std::string> reply, std::optional<std::string> matches)
    : loop_(loop), fd_(UdpBind(address)), reply_(std::move(reply)), matches_(std::move(matches)) {
  address_ = LocalAddress(fd_.get());
  AskDestination(fd_.get());
  loop_.Watch(fd_.get(), POLLIN, [this](short) { Receive(); });
}

UdpServerPeer::~UdpServerPeer() { Close(); }

void UdpServerPeer::Close() {
  if (!fd_) return;
  loop_.Unwatch(fd_.get());
  fd_.Reset();
}

void UdpServerPeer::Receive() {
  char buf[65536];
  // A flood is taken in turns with the case's other work (as ReadInto does).
  for (size_t read = 0; read < kReadPerCall;) {
    Address from;
    std::string dialled;
    ssize_t n = ReceiveDialled(fd_.get(), buf, sizeof buf, &from, &dialled);
    if (n < 0) return;
    read += static_cast<size_t>(n) + 1;
    if (!admission_.Admits(from)) continue;
    std::string source = from.ToString();
    ConnectionLog* log = nullptr;
    for (ConnectionLog& l : log_)
      if (!l.datagram_sources.empty() && l.datagram_sources.front() == source) log = &l;
    if (log == nullptr) {
      if (log_.size() >= 1000) continue;  // a flood from ever-new ports: keep the first ones
      log_.emplace_back();
      log = &log_.back();
      log->connected = true;
      log->dialled = dialled;
    }
    std::string text = DatagramText(buf, static_cast<size_t>(n));
    log->Note(Moment::Kind::kReceived, std::string_view(buf, static_cast<size_t>(n)));
    if (received_budget_.Fits(text.size())) {
      received_budget_.Take(text.size(), 1);
      log->datagrams.push_back(text);
      log->datagram_sources.push_back(source);
      log->datagram_sizes.push_back(static_cast<size_t>(n));
    } else {
      log->received_cut = true;  // a flood: answered, but no longer recorded
    }
    if (!reply_) continue;
    std::optional<std::string> computed =
        spec::ComputeReply(*reply_, matches_, text, answered_ + 1);
    if (!computed) continue;  // `matches` not found in it: no answer
    ++answered_;
    std::string answer = std::move(*computed);
    ::sendto(fd_.get(), answer.data(), answer.size(), 0, from.sa(), from.length);
    log->Note(Moment::Kind::kSent, answer);
    if (replies_budget_.Fits(answer.size())) {
      replies_budget_.Take(answer.size(), 1);
      log->replies_sent.push_back(std::move(answer));
    } else {
      log->replies_cut = true;
    }
  }
}

}  // namespace netgrade::peers
