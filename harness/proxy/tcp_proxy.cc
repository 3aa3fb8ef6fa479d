#include "harness/proxy/tcp_proxy.h"

#include <fmt/core.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstdlib>
#include <deque>

#include "harness/base/error.h"
#include "harness/base/proc.h"
#include "harness/base/sock_diag.h"
#include "harness/peers/peer_log.h"

namespace netgrade::proxy {
namespace {

constexpr auto kSlicePoll = std::chrono::milliseconds(1);
constexpr size_t kMaxQueued = 1 << 20;
// coalesce: writes are merged while they keep coming, and sent once the sender has been quiet
// for the window (so a request/reply exchange still flows), or the merge is this old or big.
constexpr int kCoalesceMaxWindows = 10;
constexpr size_t kCoalesceMaxBytes = 64 << 10;

}  // namespace

// One way of a proxied connection: what came from `from` waits in `chunks` to go to `to`.
struct TcpProxy::Direction {
  plan::Direction way = plan::Direction::kToStudent;
  const spec::DirectionFaults* faults = nullptr;
  int from_fd = -1;
  int to_fd = -1;
  std::deque<std::string> chunks;  // each as it was read: one write of the sender, roughly
  std::string sending;             // the current piece; sent_off bytes of it are written
  size_t sent_off = 0;
  size_t queued = 0;          // bytes in chunks, for back-pressure
  size_t pending_slices = 0;  // slices left of the chunk being sliced
  int index = 0;              // chunks read so far
  int64_t forwarded = 0;
  bool eof = false;      // the sender half-closed
  bool shut = false;     // the half-close was passed on
  bool waiting = false;  // a timer will pump again
  TimePoint slice_sent;
  int64_t accepted = 0;  // bytes queued to go (reset_after counts them)
  // coalesce: writes read so far, waiting to go as one; indices first_held..index.
  std::string held;
  int first_held = 0;
  TimePoint held_since;
  uint64_t flush_timer = 0;  // 0: none pending
  // delay: chunks waiting out their delay, and when the last of them is due (a stream keeps
  // its order: no chunk overtakes one before it, whatever the jitter).
  int delayed = 0;
  TimePoint last_due;
};

struct TcpProxy::Pair {
  Fd client, server;
  Direction up, down;  // client->server, server->client
  bool connecting = true;
  bool closed = false;
};

long ReceiveQueue(const Address& local, const Address& remote) {
  bool refused = false;
  std::optional<ProcNetRow> row = SockDiag().Lookup(IPPROTO_TCP, local, remote, &refused);
  if (!refused) return row ? row->rx_queue : -1;
  for (const char* table : {"/proc/thread-self/net/tcp", "/proc/thread-self/net/tcp6"})
    for (const ProcNetRow& r : ReadProcNet(table))
      if (r.local_port == local.port() && r.remote_port == remote.port()) return r.rx_queue;
  return -1;
}

TcpProxy::TcpProxy(EventLoop& loop, const ProxyOptions& options) : loop_(loop), options_(options) {
  listen_fd_ = TcpListen(options.listen);
  listen_address_ = LocalAddress(listen_fd_.get());
  loop_.Watch(listen_fd_.get(), POLLIN, [this](short) { Accept(); });
}

TcpProxy::~TcpProxy() {
  for (uint64_t t : timers_) loop_.Cancel(t);
  loop_.Unwatch(listen_fd_.get());
  for (auto& p : pairs_) Close(p.get());
}

namespace {

// "127.0.0.1:5000" also for the IPv4-mapped "[::ffff:127.0.0.1]:5000" a dual-stack listener
// sees.
std::string Plain(const Address& a) {
  std::string s = a.ToString();
  if (s.rfind("[::ffff:", 0) == 0) {
    size_t close = s.find(']');
    if (close != std::string::npos) s = s.substr(8, close - 8) + s.substr(close + 1);
  }
  return s;
}

}  // namespace

bool TcpProxy::Opened(const Address& source) const { return own_.count(Plain(source)) > 0; }

void TcpProxy::Accept() {
  for (;;) {
    int fd = ::accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    if (accepted_ >= peers::kMostConnections) {
      AbortOnClose(fd);
      ::close(fd);
      ++refused_;
      continue;
    }
    ++accepted_;
    if (dialled_.empty()) dialled_ = LocalAddress(fd).host();
    auto pair = std::make_unique<Pair>();
    pair->client = Fd(fd);
    pair->server = TcpConnectStart(options_.target);
    own_.insert(Plain(LocalAddress(pair->server.get())));
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool up_to_student = options_.upstream_is == plan::Direction::kToStudent;
    auto to = plan::Direction::kToStudent, from = plan::Direction::kFromStudent;
    pair->up.way = up_to_student ? to : from;
    pair->up.faults = &options_.upstream;
    pair->up.from_fd = pair->client.get();
    pair->up.to_fd = pair->server.get();
    pair->down.way = up_to_student ? from : to;
    pair->down.faults = &options_.downstream;
    pair->down.from_fd = pair->server.get();
    pair->down.to_fd = pair->client.get();
    Pair* p = pair.get();
    pairs_.push_back(std::move(pair));
    loop_.Watch(p->client.get(), 0, [this, p](short ev) { OnEvent(p, true, ev); });
    loop_.Watch(p->server.get(), POLLOUT, [this, p](short ev) { OnEvent(p, false, ev); });
  }
}

void TcpProxy::UpdateEvents(Pair* p) {
  if (p->closed) return;
  if (p->connecting) return;
  // Back-pressure: stop reading a side while much of what it sent still waits to go out.
  auto events = [](const Direction& in, const Direction& out) {
    short e = in.eof || in.queued > kMaxQueued ? 0 : POLLIN;
    if (out.sent_off < out.sending.size()) e |= POLLOUT;
    return static_cast<short>(e);
  };
  loop_.SetEvents(p->client.get(), events(p->up, p->down));
  loop_.SetEvents(p->server.get(), events(p->down, p->up));
}

void TcpProxy::OnEvent(Pair* p, bool from_client, short revents) {
  if (p->closed) return;
  if (!from_client && p->connecting) {
    if (ConnectError(p->server.get()) != 0) {  // the target refused: so does the proxy
      Reset(p, p->up);
      return;
    }
    p->connecting = false;
    UpdateEvents(p);
    return;
  }
  Direction& in = from_client ? p->up : p->down;
  Direction& out = from_client ? p->down : p->up;
  if (revents & POLLOUT) Pump(p, out);
  if (!p->closed && (revents & (POLLIN | POLLHUP | POLLERR))) Read(p, in);
  UpdateEvents(p);
}

void TcpProxy::Read(Pair* p, Direction& d) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(d.from_fd, buf, sizeof buf, 0);
    if (n > 0) {
      int index = ++d.index;
      if (d.faults->coalesce) {
        Hold(p, d, index, buf, static_cast<size_t>(n));
      } else if (!SendNow(p, d, index, buf, static_cast<size_t>(n))) {
        Enqueue(p, d, index, std::string(buf, static_cast<size_t>(n)), Action::kPassed, "passed");
      }
      if (p->closed) return;
      if (d.queued > kMaxQueued) break;  // let the other side catch up first
      // Less than asked for: the queue is empty (a FIN, if any, shows in the next poll).
      if (static_cast<size_t>(n) < sizeof buf) break;
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      if (n < 0) {  // reset by the sender: reset the other side too
        Reset(p, d);
        return;
      }
      d.eof = true;
      if (!d.held.empty()) Flush(p, d, "the sender closed");
    }
    break;
  }
  Pump(p, d);
}

bool TcpProxy::SendNow(Pair* p, Direction& d, int index, const char* data, size_t size) {
  const spec::DirectionFaults& f = *d.faults;
  if (p->connecting || f.slice > 0 || f.reset_after >= 0 || f.delay_ms > 0 || f.jitter_ms > 0 ||
      !d.chunks.empty() || d.sent_off < d.sending.size())
    return false;
  transcript_.Add(d.way, index, data, size, Action::kPassed);
  d.accepted += static_cast<int64_t>(size);
  ssize_t n = ::send(d.to_fd, data, size, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno != EAGAIN && errno != EINTR) {
      Reset(p, d);
      return true;
    }
    n = 0;
  }
  d.forwarded += n;
  if (static_cast<size_t>(n) < size) {  // the rest goes when the receiver's socket has room
    d.sending.assign(data + n, size - static_cast<size_t>(n));
    d.sent_off = 0;
  }
  return true;
}

void TcpProxy::Hold(Pair* p, Direction& d, int index, const char* data, size_t size) {
  TimePoint now = Clock::now();
  if (d.held.empty()) {
    d.first_held = index;
    d.held_since = now;
  }
  d.held.append(data, size);
  transcript_.Add(d.way, index, data, size, Action::kHeld, "held to be merged with what follows");
  if (d.flush_timer != 0) loop_.Cancel(d.flush_timer);
  d.flush_timer = 0;
  if (d.held.size() >= kCoalesceMaxBytes) {
    Flush(p, d, fmt::format("{} B were held", d.held.size()));
    return;
  }
  // Quiet for one window, or held for kCoalesceMaxWindows: a steady stream still flows.
  auto window = options_.coalesce_window;
  TimePoint when = std::min(now + window, d.held_since + kCoalesceMaxWindows * window);
  d.flush_timer = loop_.At(when, [this, p, &d, window] {
    d.flush_timer = 0;
    if (p->closed || d.held.empty()) return;
    Flush(p, d, fmt::format("nothing more came within {} ms", window.count()));
    Pump(p, d);
    UpdateEvents(p);
  });
  timers_.push_back(d.flush_timer);
}

void TcpProxy::Flush(Pair* p, Direction& d, const std::string& why) {
  if (d.flush_timer != 0) loop_.Cancel(d.flush_timer);
  d.flush_timer = 0;
  std::string merged = std::move(d.held);
  d.held.clear();
  std::string what = d.first_held == d.index ? fmt::format("sent ({})", why)
                                             : fmt::format("#{} to #{} merged into one write ({})",
                                                           d.first_held, d.index, why);
  Enqueue(p, d, d.index, std::move(merged), Action::kReleased, what);
}

void TcpProxy::Enqueue(Pair* p, Direction& d, int index, std::string chunk, Action kind,
                       std::string action) {
  plan::Decision decision = plan::Decide(*d.faults, options_.seed, d.way, index);
  int64_t before = d.accepted;
  d.accepted += static_cast<int64_t>(chunk.size());
  if (!transcript_.full()) {
    if (d.faults->slice > 0)
      action +=
          fmt::format(", sliced into {} writes of {} B",
                      (chunk.size() + d.faults->slice - 1) / d.faults->slice, d.faults->slice);
    if (decision.delay_ms > 0) action += fmt::format(", delayed {} ms", decision.delay_ms);
    int64_t limit = d.faults->reset_after;
    if (limit >= 0 && d.accepted > limit) {
      kind = Action::kReset;
      int64_t through = std::max<int64_t>(0, limit - before);
      action =
          through > 0
              ? fmt::format("{}: {} B of {} passed, then the connection was reset (reset_after {})",
                            action, through, chunk.size(), limit)
              : fmt::format("not passed: the connection was reset after {} B", limit);
    }
    transcript_.Add(d.way, index, chunk.data(), chunk.size(), kind, std::move(action));
  }
  if (decision.delay_ms > 0) {
    d.last_due = std::max(d.last_due, Clock::now() + std::chrono::milliseconds(decision.delay_ms));
    ++d.delayed;
    timers_.push_back(loop_.At(d.last_due, [this, p, &d, chunk = std::move(chunk)]() mutable {
      --d.delayed;
      if (p->closed) return;
      d.queued += chunk.size();
      d.chunks.push_back(std::move(chunk));
      Pump(p, d);
      UpdateEvents(p);
    }));
  } else {
    d.queued += chunk.size();
    d.chunks.push_back(std::move(chunk));
  }
}

bool TcpProxy::ReceiverHasUnread(const Direction& d) const {
  Address local = LocalAddress(d.to_fd);
  Address peer;
  peer.length = sizeof peer.storage;
  if (::getpeername(d.to_fd, peer.sa(), &peer.length) != 0) return false;
  // The receiver's socket is the one whose local address is our remote one.
  return ReceiveQueue(peer, local) > 0;
}

// Writes what may go now: the next slice once the receiver has read the last one.
void TcpProxy::Pump(Pair* p, Direction& d) {
  if (p->closed || p->connecting) return;
  for (;;) {
    if (d.sent_off == d.sending.size()) {
      if (d.chunks.empty()) break;
      if (d.faults->slice > 0 && d.forwarded > 0 && ReceiverHasUnread(d) &&
          Clock::now() - d.slice_sent < options_.thresholds.slice_wait_bound) {
        if (!d.waiting) {
          d.waiting = true;
          timers_.push_back(loop_.At(Clock::now() + kSlicePoll, [this, p, &d] {
            d.waiting = false;
            Pump(p, d);
            UpdateEvents(p);
          }));
        }
        return;
      }
      std::string& front = d.chunks.front();
      size_t take =
          d.faults->slice > 0 ? std::min<size_t>(d.faults->slice, front.size()) : front.size();
      if (d.faults->reset_after >= 0)
        take = std::min<size_t>(
            take, static_cast<size_t>(std::max<int64_t>(0, d.faults->reset_after - d.forwarded)));
      if (take == 0 && d.faults->reset_after >= 0) {  // the transcript told when it was queued
        Reset(p, d);
        return;
      }
      if (take == front.size()) {
        d.sending = std::move(front);
        d.chunks.pop_front();
      } else {
        d.sending = front.substr(0, take);
        front.erase(0, take);
      }
      d.sent_off = 0;
      d.queued -= take;
    }
    ssize_t n =
        ::send(d.to_fd, d.sending.data() + d.sent_off, d.sending.size() - d.sent_off, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return;
      Reset(p, d);
      return;
    }
    d.forwarded += n;
    d.sent_off += static_cast<size_t>(n);
    if (d.sent_off < d.sending.size()) return;
    d.slice_sent = Clock::now();
    if (d.faults->slice > 0) continue;  // the next slice waits for the receiver (checked above)
  }
  if (d.eof && !d.shut && d.sent_off == d.sending.size() && d.chunks.empty() && d.delayed == 0) {
    ::shutdown(d.to_fd, SHUT_WR);
    d.shut = true;
  }
  if (p->up.shut && p->down.shut) Close(p);
}

void TcpProxy::Reset(Pair* p, Direction&) {
  AbortOnClose(p->client.get());  // close with RST
  AbortOnClose(p->server.get());
  Close(p);
}

void TcpProxy::Close(Pair* p) {
  if (p->closed) return;
  p->closed = true;
  loop_.Unwatch(p->client.get());
  loop_.Unwatch(p->server.get());
  p->client.Reset();
  p->server.Reset();
}

}  // namespace netgrade::proxy
