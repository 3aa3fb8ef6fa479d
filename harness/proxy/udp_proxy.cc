#include "harness/proxy/udp_proxy.h"

#include <fmt/core.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"

namespace netgrade::proxy {
namespace {

// Each slot of the receive batch (UdpProxy::kBatchSize) takes the largest datagram;
// untouched pages of the slots cost no memory.
constexpr size_t kSlotBytes = 65536;
// A program spraying datagrams from new ports: the first ones get flows; datagrams from
// the others are not forwarded, and counted as the grader's loss.
constexpr size_t kMaxFlows = 256;

void TuneSocket(int fd, int bytes) {
  // As root the buffers can exceed rmem_max; otherwise the kernel caps what we ask.
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof bytes) != 0)
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
}

// The kernel's count of datagrams dropped on the socket (sk_drops), when it will say.
std::optional<uint32_t> AskDropCount(int fd) {
  uint32_t mem[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof mem;
  if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, mem, &length) != 0 ||
      length <= SK_MEMINFO_DROPS * sizeof mem[0])
    return std::nullopt;
  return mem[SK_MEMINFO_DROPS];
}

uint32_t KernelDropCount(int fd) { return AskDropCount(fd).value_or(0); }

// The kernel's drop count is asked for when it matters (kernel_drops). Only where it cannot
// be asked (SO_MEMINFO, Linux 4.6) does every datagram carry it (SO_RXQ_OVFL), which costs
// the proxy's path a control message per datagram.
void CountDrops(int fd) {
  if (AskDropCount(fd)) return;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
}

}  // namespace

// Up to kBatchSize datagrams received with one recvmmsg, with their senders and the kernel's
// drop counter (SO_RXQ_OVFL) each carries.
class UdpProxy::Batch {
 public:
  Batch() : slots_(new char[kBatchSize * kSlotBytes]) {}

  // Receives what is waiting on fd, up to `width` (at most kBatchSize) datagrams; how many
  // (0: none).
  int Receive(int fd, int width) {
    for (int i = 0; i < width; ++i) {
      iov_[i] = {slots_.get() + i * kSlotBytes, kSlotBytes};
      msghdr& h = msgs_[i].msg_hdr;
      h = {};
      h.msg_name = from_[i].sa();
      h.msg_namelen = sizeof from_[i].storage;
      h.msg_iov = &iov_[i];
      h.msg_iovlen = 1;
      h.msg_control = control_[i];
      h.msg_controllen = sizeof control_[i];
    }
    int n = ::recvmmsg(fd, msgs_, width, MSG_DONTWAIT, nullptr);
    if (n <= 0) return 0;
    for (int i = 0; i < n; ++i) from_[i].length = msgs_[i].msg_hdr.msg_namelen;
    return n;
  }
  std::string_view data(int i) const { return {slots_.get() + i * kSlotBytes, msgs_[i].msg_len}; }
  const Address& from(int i) const { return from_[i]; }
  // The kernel's drop counter of the socket when datagram i was queued, when it came along.
  std::optional<uint32_t> drop_count(int i) {
    msghdr& h = msgs_[i].msg_hdr;
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
        uint32_t dropped;
        std::memcpy(&dropped, CMSG_DATA(c), sizeof dropped);
        return dropped;
      }
    }
    return std::nullopt;
  }
  // The address datagram i was sent to (the listening socket only).
  std::string dialled(int i) { return DestinationOf(msgs_[i].msg_hdr); }

 private:
  std::unique_ptr<char[]> slots_;  // not initialised: only what the kernel writes is touched
  mmsghdr msgs_[kBatchSize];
  iovec iov_[kBatchSize];
  Address from_[kBatchSize];
  alignas(cmsghdr) char control_[kBatchSize]
                                [CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(in_pktinfo))];
};

UdpProxy::UdpProxy(EventLoop& loop, const ProxyOptions& options)
    : loop_(loop), options_(options), batch_(std::make_unique<Batch>()) {
  listen_fd_ = UdpBind(options.listen);
  TuneSocket(listen_fd_.get(), options_.udp_buffer_bytes);
  CountDrops(listen_fd_.get());
  listen_address_ = LocalAddress(listen_fd_.get());
  AskDestination(listen_fd_.get());
  loop_.Watch(listen_fd_.get(), POLLIN, [this](short) { OnReadable(listen_fd_.get(), nullptr); });
}

UdpProxy::~UdpProxy() {
  for (uint64_t t : timers_) loop_.Cancel(t);
  loop_.Unwatch(listen_fd_.get());
  for (auto& f : flows_) loop_.Unwatch(f->upstream.get());
}

std::optional<TimePoint> UdpProxy::last_drop(plan::Direction d) const {
  return last_drop_[static_cast<int>(d)];
}

plan::Direction UdpProxy::Way(bool upstream) const {
  bool to_student = (options_.upstream_is == plan::Direction::kToStudent) == upstream;
  return to_student ? plan::Direction::kToStudent : plan::Direction::kFromStudent;
}

uint64_t UdpProxy::kernel_drops() const {
  uint64_t total = send_failures_;
  auto add = [&](int fd) {
    auto seen = overflow_seen_.find(fd);
    total += std::max(seen == overflow_seen_.end() ? 0 : seen->second, KernelDropCount(fd));
  };
  add(listen_fd_.get());
  for (const auto& f : flows_) add(f->upstream.get());
  return total;
}

void UdpProxy::NoteDrops(int fd, uint32_t kernel_count) {
  uint32_t& seen = overflow_seen_[fd];
  seen = std::max(seen, kernel_count);
}

// Reads fd, one datagram or a batch at a time (ReceiveWidth): the listening socket (flow ==
// nullptr, from clients) or a flow's upstream socket (from the server). Anything short of a
// full batch means the queue was empty, so the next receive waits for poll instead of
// failing with EAGAIN.
void UdpProxy::OnReadable(int fd, Flow* flow) {
  ReceiveWidth& width = flow != nullptr ? flow->width : listen_width_;
  for (;;) {
    int asked = width.Ask();
    int n = batch_->Receive(fd, asked);
    for (int i = 0; i < n; ++i) {
      if (std::optional<uint32_t> drops = batch_->drop_count(i)) NoteDrops(fd, *drops);
      if (flow != nullptr) {
        if (options_.follow_server) flow->server = batch_->from(i);
        Forward(false, batch_->data(i), listen_fd_.get(), flow->client);
      } else if (Flow* f = FlowOf(batch_->from(i))) {
        if (dialled_.empty()) {
          dialled_ = batch_->dialled(i);
          // Only the first datagram's destination is kept: the others need not carry it.
          int zero = 0;
          ::setsockopt(listen_fd_.get(), IPPROTO_IP, IP_PKTINFO, &zero, sizeof zero);
        }
        Forward(true, batch_->data(i), f->upstream.get(), f->server ? *f->server : options_.target);
      } else {  // the grader's limit, not the plan: counted as its loss
        ++send_failures_;
        transcript_.Add(
            Way(true), ++count_[0], batch_->data(i).data(), batch_->data(i).size(),
            Action::kNotForwarded,
            fmt::format("not forwarded: sent from more than {} ports (the grader's limit)",
                        kMaxFlows));
      }
    }
    Flush();
    width.Got(asked, n);
    if (!width.More(asked, n)) return;
  }
}

UdpProxy::Flow* UdpProxy::FlowOf(const Address& from) {
  auto same = [&](const Flow* f) {
    return f->client.length == from.length &&
           std::memcmp(f->client.sa(), from.sa(), from.length) == 0;
  };
  if (last_flow_ != nullptr && same(last_flow_)) return last_flow_;
  for (auto& f : flows_)
    if (same(f.get())) return last_flow_ = f.get();
  if (flows_.size() >= kMaxFlows) return nullptr;
  auto f = std::make_unique<Flow>();
  f->client = from;
  f->upstream = UdpBind(Address::Parse(options_.target.family() == AF_INET6 ? "::" : "0.0.0.0", 0));
  TuneSocket(f->upstream.get(), options_.udp_buffer_bytes);
  CountDrops(f->upstream.get());
  own_ports_.insert(LocalAddress(f->upstream.get()).port());
  Flow* flow = f.get();
  loop_.Watch(flow->upstream.get(), POLLIN,
              [this, flow](short) { OnReadable(flow->upstream.get(), flow); });
  flows_.push_back(std::move(f));
  return last_flow_ = flow;
}

void UdpProxy::Flush() {
  mmsghdr msgs[kBatchSize];
  iovec iov[kBatchSize];
  for (size_t i = 0; i < out_.size();) {
    int fd = out_[i].fd;
    int n = 0;
    for (; n < kBatchSize && i + n < out_.size() && out_[i + n].fd == fd; ++n) {
      Outgoing& o = out_[i + n];
      iov[n] = {const_cast<char*>(o.data.data()), o.data.size()};
      msgs[n] = {};
      msgs[n].msg_hdr.msg_name = o.to.sa();
      msgs[n].msg_hdr.msg_namelen = o.to.length;
      msgs[n].msg_hdr.msg_iov = &iov[n];
      msgs[n].msg_hdr.msg_iovlen = 1;
    }
    for (int sent = 0; sent < n;) {
      // One datagram, the common case in a conversation: sendmsg, without sendmmsg's loop.
      int r = n - sent == 1 ? (::sendmsg(fd, &msgs[sent].msg_hdr, 0) >= 0 ? 1 : -1)
                            : ::sendmmsg(fd, msgs + sent, n - sent, 0);
      if (r > 0) {
        sent += r;
      } else if (errno != EINTR) {  // this one could not go: the grader's loss, counted
        if (errno != ECONNREFUSED) ++send_failures_;
        ++sent;
      }
    }
    i += n;
  }
  out_.clear();
  owned_.clear();
}

void UdpProxy::Forward(bool upstream, std::string_view data, int fd, const Address& to) {
  int way = upstream ? 0 : 1;
  int index = ++count_[way];
  plan::Direction dir = Way(upstream);
  const spec::DirectionFaults& f = upstream ? options_.upstream : options_.downstream;
  plan::Decision d = plan::Decide(f, options_.seed, dir, index);
  // This side sends again: what came late the other way goes out first, as an answer that
  // arrives after its client gave up waiting and asked again.
  if (!late_[1 - way].empty())
    ReleaseLate(1 - way, fmt::format("released: #{} came the other way", index));
  if (dir == plan::Direction::kFromStudent) ++since_drop_;
  if (d.drop) {
    transcript_.Add(dir, index, data.data(), data.size(), Action::kDropped,
                    d.drop_by_rate
                        ? fmt::format("dropped (drop_rate, seed {})", options_.shown_seed)
                        : fmt::format("dropped (plan: #{})", index));
    last_drop_[static_cast<int>(dir)] = loop_.Now();
    since_drop_ = 0;
    return;
  }
  if (d.late) {
    transcript_.Add(dir, index, data.data(), data.size(), Action::kHeld,
                    d.copies > 1 ? "late: held back until the other side sends again (then "
                                   "duplicated)"
                                 : "late: held back until the other side sends again");
    late_[way].push_back(Held{std::string(data), fd, to, index, d.copies, 0});
    return;
  }
  if (d.hold) {
    transcript_.Add(dir, index, data.data(), data.size(), Action::kHeld,
                    d.copies > 1 ? "held back until the next one has passed (then duplicated)"
                                 : "held back until the next one has passed");
    // A held datagram waits for the next one of its direction at most this long (beyond the
    // direction's delay): the last datagram of an exchange is held too, and must not be lost.
    auto bound =
        options_.thresholds.hold_bound + std::chrono::milliseconds(f.delay_ms + f.jitter_ms);
    uint64_t timer = loop_.At(loop_.Now() + bound, [this, way, index, bound] {
      ReleaseHeld(
          way, index,
          fmt::format("released after {} ms: nothing came after it",
                      std::chrono::duration_cast<std::chrono::milliseconds>(bound).count()));
      Flush();
    });
    timers_.push_back(timer);
    held_[way].push_back(Held{std::string(data), fd, to, index, d.copies, timer});
    return;
  }
  if (!transcript_.full()) {
    std::string action = d.copies > 1 ? "duplicated" : "passed";
    if (d.delay_ms > 0) action += fmt::format(", delayed {} ms", d.delay_ms);
    transcript_.Add(dir, index, data.data(), data.size(),
                    d.copies > 1 ? Action::kDuplicated : Action::kPassed, std::move(action));
  }
  if (d.delay_ms == 0) {  // the common case: straight into the batch, no copy
    for (int i = 0; i < d.copies; ++i) Emit(fd, to, data);
    if (!held_[way].empty()) ReleaseHeld(way, 0, fmt::format("released after #{}", index));
    return;
  }
  auto deliver = [this, copy = std::string(data), fd, to, way, index, copies = d.copies]() {
    for (int i = 0; i < copies; ++i) Emit(fd, to, copy);
    // Held datagrams go out right after the next one.
    if (!held_[way].empty()) ReleaseHeld(way, 0, fmt::format("released after #{}", index));
    Flush();
  };
  timers_.push_back(
      loop_.At(loop_.Now() + std::chrono::milliseconds(d.delay_ms), std::move(deliver)));
}

void UdpProxy::ReleaseLate(int way, const std::string& why) {
  plan::Direction dir = Way(way == 0);
  for (Held& h : late_[way]) {
    transcript_.Add(dir, h.index, h.data.data(), h.data.size(), Action::kReleased,
                    h.copies > 1 ? why + ", duplicated" : why);
    owned_.push_back(std::move(h.data));  // until Flush()
    for (int i = 0; i < h.copies; ++i) Emit(h.fd, h.to, owned_.back());
  }
  late_[way].clear();
}

void UdpProxy::ReleaseHeld(int way, int last_index, const std::string& why) {
  plan::Direction dir = Way(way == 0);
  while (!held_[way].empty()) {
    Held h = std::move(held_[way].front());
    held_[way].pop_front();
    loop_.Cancel(h.timer);  // a no-op for the timer that is firing now
    transcript_.Add(dir, h.index, h.data.data(), h.data.size(), Action::kReleased,
                    h.copies > 1 ? why + ", duplicated" : why);
    owned_.push_back(std::move(h.data));  // until Flush()
    for (int i = 0; i < h.copies; ++i) Emit(h.fd, h.to, owned_.back());
    if (h.index == last_index) break;
  }
}

}  // namespace netgrade::proxy
