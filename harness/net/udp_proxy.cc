#include "harness/net/udp_proxy.h"

#include <fmt/core.h>
#include <sys/socket.h>

#include <cstring>

#include "harness/sys/error.h"

namespace netgrade::net {
namespace {

constexpr int kBufferBytes = 4 << 20;
// How long a held datagram waits for the next one of its direction (beyond the direction's
// delay): the last datagram of an exchange is held too, and must not be lost.
constexpr auto kHoldBound = std::chrono::milliseconds(200);

void TuneSocket(int fd) {
  // As root the buffers can exceed rmem_max; otherwise the kernel caps what we ask.
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kBufferBytes, sizeof kBufferBytes) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kBufferBytes, sizeof kBufferBytes);
  if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kBufferBytes, sizeof kBufferBytes) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &kBufferBytes, sizeof kBufferBytes);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
}

}  // namespace

UdpProxy::UdpProxy(EventLoop& loop, const ProxyOptions& options) : loop_(loop), options_(options) {
  listen_fd_ = UdpBind(options.listen);
  TuneSocket(listen_fd_.get());
  listen_address_ = LocalAddress(listen_fd_.get());
  loop_.Watch(listen_fd_.get(), POLLIN, [this](short) { OnListen(); });
}

UdpProxy::~UdpProxy() {
  for (uint64_t t : timers_) loop_.Cancel(t);
  loop_.Unwatch(listen_fd_.get());
  for (auto& f : flows_) loop_.Unwatch(f->upstream.get());
}

std::optional<TimePoint> UdpProxy::last_drop(faults::Direction d) const {
  return last_drop_[static_cast<int>(d)];
}

faults::Direction UdpProxy::Way(bool upstream) const {
  bool to_student = (options_.upstream_is == faults::Direction::kToStudent) == upstream;
  return to_student ? faults::Direction::kToStudent : faults::Direction::kFromStudent;
}

ssize_t UdpProxy::Receive(int fd, char* buf, size_t size, Address* from) {
  iovec iov{buf, size};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(uint32_t))];
  msghdr msg{};
  msg.msg_name = from->sa();
  msg.msg_namelen = sizeof from->storage;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n = ::recvmsg(fd, &msg, 0);
  if (n < 0) return n;
  from->length = msg.msg_namelen;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
      uint32_t dropped;
      std::memcpy(&dropped, CMSG_DATA(c), sizeof dropped);
      uint32_t& seen = overflow_seen_[fd];
      if (dropped > seen) kernel_drops_ += dropped - seen;
      seen = dropped;
    }
  }
  return n;
}

void UdpProxy::OnListen() {
  char buf[65536];
  for (;;) {
    Address from;
    ssize_t n = Receive(listen_fd_.get(), buf, sizeof buf, &from);
    if (n < 0) return;
    Flow* flow = nullptr;
    for (auto& f : flows_)
      if (f->client.length == from.length && std::memcmp(f->client.sa(), from.sa(), from.length) == 0) flow = f.get();
    if (flow == nullptr) {
      if (flows_.size() >= 256) continue;  // a program spraying from new ports: keep the first ones
      auto f = std::make_unique<Flow>();
      f->client = from;
      f->upstream = UdpBind(Address::Parse(options_.target.family() == AF_INET6 ? "::" : "0.0.0.0", 0));
      TuneSocket(f->upstream.get());
      flow = f.get();
      loop_.Watch(flow->upstream.get(), POLLIN, [this, flow](short) { OnUpstream(flow); });
      flows_.push_back(std::move(f));
    }
    Forward(true, buf, static_cast<size_t>(n), flow->upstream.get(), options_.target);
  }
}

void UdpProxy::OnUpstream(Flow* flow) {
  char buf[65536];
  for (;;) {
    Address from;
    ssize_t n = Receive(flow->upstream.get(), buf, sizeof buf, &from);
    if (n < 0) return;
    Forward(false, buf, static_cast<size_t>(n), listen_fd_.get(), flow->client);
  }
}

void UdpProxy::Send(int fd, const std::string& data, const Address& to) {
  if (::sendto(fd, data.data(), data.size(), 0, to.sa(), to.length) < 0 && errno != ECONNREFUSED) ++kernel_drops_;
}

void UdpProxy::Forward(bool upstream, const char* data, size_t size, int fd, const Address& to) {
  int way = upstream ? 0 : 1;
  int index = ++count_[way];
  faults::Direction dir = Way(upstream);
  const spec::DirectionFaults& f = upstream ? options_.upstream : options_.downstream;
  faults::Decision d = faults::Decide(f, options_.seed, dir, index);
  if (dir == faults::Direction::kFromStudent) ++since_drop_;
  if (d.drop) {
    transcript_.Add(dir, index, data, size,
                    d.drop_by_rate ? fmt::format("dropped (drop_rate, seed {})", options_.seed)
                                   : fmt::format("dropped (plan: #{})", index));
    last_drop_[static_cast<int>(dir)] = Clock::now();
    since_drop_ = 0;
    return;
  }
  std::string copy(data, size);
  if (d.hold) {
    transcript_.Add(dir, index, data, size,
                    d.copies > 1 ? "held back until the next one has passed (then duplicated)"
                                 : "held back until the next one has passed");
    auto bound = kHoldBound + std::chrono::milliseconds(f.delay_ms + f.jitter_ms);
    uint64_t timer = loop_.At(Clock::now() + bound, [this, way, index, bound] {
      ReleaseHeld(way, index,
                  fmt::format("released after {} ms: nothing came after it",
                              std::chrono::duration_cast<std::chrono::milliseconds>(bound).count()));
    });
    timers_.push_back(timer);
    held_[way].push_back(Held{std::move(copy), fd, to, index, d.copies, timer});
    return;
  }
  auto deliver = [this, copy, fd, to, way, index, copies = d.copies]() {
    for (int i = 0; i < copies; ++i) Send(fd, copy, to);
    // Held datagrams go out right after the next one.
    if (!held_[way].empty()) ReleaseHeld(way, 0, fmt::format("released after #{}", index));
  };
  std::string action = d.copies > 1 ? "duplicated" : "passed";
  if (d.delay_ms > 0) action += fmt::format(", delayed {} ms", d.delay_ms);
  transcript_.Add(dir, index, data, size, action);
  if (d.delay_ms > 0)
    timers_.push_back(loop_.At(Clock::now() + std::chrono::milliseconds(d.delay_ms), deliver));
  else
    deliver();
}

void UdpProxy::ReleaseHeld(int way, int last_index, const std::string& why) {
  faults::Direction dir = Way(way == 0);
  while (!held_[way].empty()) {
    Held h = std::move(held_[way].front());
    held_[way].pop_front();
    loop_.Cancel(h.timer);  // a no-op for the timer that is firing now
    for (int i = 0; i < h.copies; ++i) Send(h.fd, h.data, h.to);
    transcript_.Add(dir, h.index, h.data.data(), h.data.size(), h.copies > 1 ? why + ", duplicated" : why);
    if (h.index == last_index) break;
  }
}

}  // namespace netgrade::net
