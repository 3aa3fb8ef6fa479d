#include "harness/peers/tcp_server_peer.h"

#include <sys/socket.h>

#include <algorithm>

#include "harness/base/error.h"
#include "harness/peers/reply.h"

namespace netgrade::peers {

TcpServerPeer::TcpServerPeer(EventLoop& loop, const Address& address,
                             std::optional<std::string> reply, std::function<bool()> client_waiting)
    : loop_(loop),
      listener_(TcpListen(address)),
      reply_(std::move(reply)),
      client_waiting_(std::move(client_waiting)) {
  address_ = LocalAddress(listener_.get());
  loop_.Watch(listener_.get(), POLLIN, [this](short) { Accept(); });
}

TcpServerPeer::~TcpServerPeer() { Close(); }

void TcpServerPeer::Close() {
  for (uint64_t t : timers_) loop_.Cancel(t);
  timers_.clear();
  if (listener_) {
    loop_.Unwatch(listener_.get());
    listener_.Reset();
  }
  for (auto& c : conns_)
    if (c->fd) loop_.Unwatch(c->fd.get());
  conns_.clear();
}

bool TcpServerPeer::all_closed() const {
  return std::all_of(log_.begin(), log_.end(),
                     [](const ConnectionLog& l) { return l.eof || l.reset; });
}

void TcpServerPeer::Accept() {
  for (;;) {
    int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return;
      throw SystemError("accept", errno);
    }
    auto conn = std::make_unique<Conn>();
    conn->fd = Fd(fd);
    conn->log_index = log_.size();
    log_.emplace_back();
    log_.back().connected = true;
    Conn* raw = conn.get();
    conns_.push_back(std::move(conn));
    loop_.Watch(fd, POLLIN, [this, raw](short revents) { OnConn(raw, revents); });
  }
}

void TcpServerPeer::OnConn(Conn* conn, short revents) {
  ConnectionLog& log = log_[conn->log_index];
  if (revents & POLLOUT) Flush(conn);
  if (!conn->fd || !(revents & (POLLIN | POLLHUP | POLLERR))) return;
  Read(conn);
  Answer(conn);
  if (log.eof || log.reset) {
    if (log.eof && !conn->out.empty()) Flush(conn);  // answers already due still go out
    Drop(conn);
  }
}

// Reads everything queued on the connection into its log.
void TcpServerPeer::Read(Conn* conn) {
  ConnectionLog& log = log_[conn->log_index];
  switch (ReadInto(conn->fd.get(), log)) {
    case ReadEnd::kDrained:
      break;
    case ReadEnd::kEof:
      log.eof = true;
      break;
    case ReadEnd::kReset:
      log.reset = true;
      break;
  }
}

void TcpServerPeer::AnswerUnterminated() {
  if (!reply_) return;
  for (auto& c : conns_) {
    if (!c->fd) continue;
    Read(c.get());
    Answer(c.get());  // lines completed meanwhile go first
    ConnectionLog& log = log_[c->log_index];
    if (log.received.size() <= c->scanned) continue;
    c->held.push_back(log.received.substr(c->scanned));
    c->scanned = log.received.size();
    Release(c.get());
  }
}

bool TcpServerPeer::unterminated_pending() const {
  for (const auto& c : conns_) {
    if (!c->fd) continue;
    const ConnectionLog& log = log_[c->log_index];
    if (log.received.size() > c->scanned) return true;  // Answer() has split off every line
  }
  return false;
}

// Answers every complete line not answered yet (or holds them for the client to wait).
void TcpServerPeer::Answer(Conn* conn) {
  ConnectionLog& log = log_[conn->log_index];
  bool was_holding = !conn->held.empty();
  for (;;) {
    size_t nl = log.received.find('\n', conn->scanned);
    if (nl == std::string::npos) break;
    std::string line = log.received.substr(conn->scanned, nl - conn->scanned);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    conn->scanned = nl + 1;
    if (!reply_) continue;
    conn->held.push_back(std::move(line));
  }
  if (conn->held.empty()) return;
  if (!client_waiting_ || log.eof || log.reset) {
    Release(conn);
  } else if (!was_holding) {
    conn->held_since = Clock::now();
    WatchHeld(conn);
  }
}

// Looked at every millisecond while answers are held: the client waits, so it has sent
// all it sends before reading an answer.
void TcpServerPeer::WatchHeld(Conn* conn) {
  timers_.push_back(loop_.At(Clock::now() + std::chrono::milliseconds(1), [this, conn] {
    if (!conn->fd || conn->held.empty()) return;
    bool waiting = client_waiting_();
    if (waiting && conn->held.size() > 1 && !sent_ahead_)
      sent_ahead_ = {conn->held[0], conn->held[1]};
    if (waiting || Clock::now() - conn->held_since >= kPatience) {
      Release(conn);
      return;
    }
    WatchHeld(conn);
  }));
}

void TcpServerPeer::Release(Conn* conn) {
  ConnectionLog& log = log_[conn->log_index];
  for (const std::string& line : conn->held) {
    std::string answer = ApplyReplyTemplate(*reply_, line, ++answered_);
    log.replies_sent.push_back(answer);
    conn->out += answer + "\n";
  }
  conn->held.clear();
  if (!conn->out.empty() && conn->fd) Flush(conn);
}

void TcpServerPeer::Flush(Conn* conn) {
  while (!conn->out.empty()) {
    ssize_t n = ::send(conn->fd.get(), conn->out.data(), conn->out.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      conn->out.clear();  // the student's side is gone; nothing more can be delivered
      break;
    }
    conn->out.erase(0, static_cast<size_t>(n));
  }
  loop_.SetEvents(conn->fd.get(), conn->out.empty() ? POLLIN : (POLLIN | POLLOUT));
}

void TcpServerPeer::Drop(Conn* conn) {
  loop_.Unwatch(conn->fd.get());
  conn->fd.Reset();
}

}  // namespace netgrade::peers
