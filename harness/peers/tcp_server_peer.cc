#include "harness/peers/tcp_server_peer.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "harness/base/error.h"
#include "harness/spec/reply.h"

namespace netgrade::peers {

TcpServerPeer::TcpServerPeer(EventLoop& loop, const Address& address,
                             std::optional<std::string> reply, std::optional<std::string> matches,
                             std::function<bool()> client_waiting,
                             std::chrono::milliseconds patience)
    : loop_(loop),
      listener_(TcpListen(address)),
      reply_(std::move(reply)),
      matches_(std::move(matches)),
      client_waiting_(std::move(client_waiting)),
      patience_(patience) {
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
  for (auto& c : conns_) {
    if (!c->fd) continue;
    loop_.Unwatch(c->fd.get());
    // A connection the program has not closed yet is reset, not closed with a FIN: closing
    // first would leave TIME_WAIT on the server's port for a minute, and without network
    // namespaces that port (the textbook's 12000) is where the next case's or run's server
    // binds, refused then for the grader's doing.
    if (!log_[c->log_index].eof) AbortOnClose(c->fd.get());
  }
  conns_.clear();
  queued_ = 0;
  paused_ = false;
}

bool TcpServerPeer::all_closed() const {
  return std::all_of(log_.begin(), log_.end(),
                     [](const ConnectionLog& l) { return l.eof || l.reset; });
}

void TcpServerPeer::Accept() {
  for (;;) {
    Address from;
    from.length = sizeof from.storage;
    int fd = ::accept4(listener_.get(), from.sa(), &from.length, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return;
      throw SystemError("accept", errno);
    }
    if (!admission_.Admits(from) || log_.size() >= kMostConnections) {
      AbortOnClose(fd);
      ::close(fd);
      if (log_.size() >= kMostConnections) ++refused_;
      continue;
    }
    auto conn = std::make_unique<Conn>();
    conn->fd = Fd(fd);
    conn->log_index = log_.size();
    log_.emplace_back();
    log_.back().connected = true;
    log_.back().Note(Moment::Kind::kAccepted);
    log_.back().remote = from.ToString();
    log_.back().dialled = LocalAddress(fd).host();
    Conn* raw = conn.get();
    conns_.push_back(std::move(conn));
    loop_.Watch(fd, full() ? 0 : POLLIN, [this, raw](short revents) { OnConn(raw, revents); });
  }
}

void TcpServerPeer::OnConn(Conn* conn, short revents) {
  ConnectionLog& log = log_[conn->log_index];
  if (revents & POLLOUT) Flush(conn);
  if (!conn->fd || !(revents & (POLLIN | POLLHUP | POLLERR))) return;
  Read(conn);
  Answer(conn);
  if (log.eof || log.reset) {
    if (log.eof && conn->out_sent < conn->out.size()) Flush(conn);  // answers due still go out
    Drop(conn);
  }
}

// Reads what is queued on the connection into its log (within the case's budget).
void TcpServerPeer::Read(Conn* conn) {
  ConnectionLog& log = log_[conn->log_index];
  switch (ReadInto(conn->fd.get(), log, received_budget_)) {
    case ReadEnd::kDrained:
      break;
    case ReadEnd::kEof:
      log.eof = true;
      log.Note(Moment::Kind::kClosed);
      break;
    case ReadEnd::kReset:
      log.reset = true;
      log.Note(Moment::Kind::kReset);
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
    c->scanned = log.received.size();  // the bytes after the last newline: one more line
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

namespace {

// The line of `r` that starts at `from` and ends at its newline, or at `end` (the end of
// what has been split into lines); *next is where the line after it starts.
std::string LineAt(const std::string& r, size_t from, size_t end, size_t* next) {
  size_t nl = r.find('\n', from);
  size_t stop = nl == std::string::npos || nl >= end ? end : nl;
  *next = stop == end ? end : stop + 1;
  std::string line = r.substr(from, stop - from);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

// Splits off the complete lines that came, and answers them (or holds them for the client
// to wait).
void TcpServerPeer::Answer(Conn* conn) {
  ConnectionLog& log = log_[conn->log_index];
  const std::string& r = log.received;
  if (r.size() > conn->scanned) {
    const void* nl = ::memrchr(r.data() + conn->scanned, '\n', r.size() - conn->scanned);
    if (nl != nullptr)
      conn->scanned = static_cast<size_t>(static_cast<const char*>(nl) - r.data()) + 1;
  }
  if (!reply_) conn->answered = conn->scanned;
  if (conn->answered >= conn->scanned) return;
  if (!client_waiting_ || log.eof || log.reset) {
    Release(conn);
  } else if (!conn->holding) {
    conn->holding = true;
    conn->held_since = Clock::now();
    WatchHeld(conn);
  }
}

// Looked at every millisecond while answers are held: the client waits, so it has sent
// all it sends before reading an answer.
void TcpServerPeer::WatchHeld(Conn* conn) {
  timers_.push_back(loop_.At(Clock::now() + std::chrono::milliseconds(1), [this, conn] {
    if (!conn->fd || !conn->holding) return;
    bool waiting = client_waiting_();
    if (waiting && !sent_ahead_) {
      const std::string& r = log_[conn->log_index].received;
      size_t second = 0, third = 0;
      std::string first = LineAt(r, conn->answered, conn->scanned, &second);
      if (second < conn->scanned) sent_ahead_ = {first, LineAt(r, second, conn->scanned, &third)};
    }
    if (waiting || Clock::now() - conn->held_since >= patience_) {
      Release(conn);
      return;
    }
    WatchHeld(conn);
  }));
}

// Answers the lines that wait, while the queue of unwritten answers has room; the rest wait
// for the student's program to read (QueueChanged).
void TcpServerPeer::Release(Conn* conn) {
  conn->holding = false;
  if (!reply_) return;
  ConnectionLog& log = log_[conn->log_index];
  for (;;) {
    AnswerWhileRoom(conn, log);
    if (conn->fd && conn->out_sent < conn->out.size()) Flush(conn);
    // Writing made room (the program reads): go on, or nothing else would.
    if (!conn->fd || conn->answered >= conn->scanned || full()) break;
  }
  QueueChanged();
}

void TcpServerPeer::AnswerWhileRoom(Conn* conn, ConnectionLog& log) {
  while (conn->answered < conn->scanned && !full()) {
    size_t next = 0;
    std::string line = LineAt(log.received, conn->answered, conn->scanned, &next);
    conn->answered = next;
    std::optional<std::string> computed =
        spec::ComputeReply(*reply_, matches_, line, answered_ + 1);
    if (!computed) continue;  // `matches` not found in it: taken, not answered
    ++answered_;
    std::string answer = std::move(*computed);
    conn->out += answer;
    conn->out += '\n';
    queued_ += answer.size() + 1;
    log.Note(Moment::Kind::kSent, answer + "\n");
    if (replies_budget_.Fits(answer.size())) {
      replies_budget_.Take(answer.size(), 1);
      log.replies_sent.push_back(std::move(answer));
    } else {
      log.replies_cut = true;
    }
  }
}

void TcpServerPeer::Flush(Conn* conn) {
  while (conn->out_sent < conn->out.size()) {
    ssize_t n = ::send(conn->fd.get(), conn->out.data() + conn->out_sent,
                       conn->out.size() - conn->out_sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      queued_ -= conn->out.size() - conn->out_sent;  // the student's side is gone
      conn->out_sent = conn->out.size();
      break;
    }
    conn->out_sent += static_cast<size_t>(n);
    queued_ -= static_cast<size_t>(n);
  }
  if (conn->out_sent == conn->out.size()) {
    conn->out.clear();
    conn->out_sent = 0;
  } else if (conn->out_sent > conn->out.size() / 2) {
    conn->out.erase(0, conn->out_sent);  // amortised: never more than the bytes written
    conn->out_sent = 0;
  }
  SetEvents(conn);
  QueueChanged();
}

void TcpServerPeer::SetEvents(Conn* conn) {
  if (!conn->fd) return;
  short events = (full() ? 0 : POLLIN) | (conn->out_sent < conn->out.size() ? POLLOUT : 0);
  loop_.SetEvents(conn->fd.get(), events);
}

void TcpServerPeer::QueueChanged() {
  if (full() == paused_) return;
  paused_ = full();
  for (auto& c : conns_) SetEvents(c.get());
  if (paused_ || resuming_) return;
  resuming_ = true;  // Release() below comes back here
  for (auto& c : conns_) {
    if (full()) break;
    if (c->fd && !c->holding && c->answered < c->scanned) Release(c.get());
  }
  resuming_ = false;
}

void TcpServerPeer::Drop(Conn* conn) {
  queued_ -= conn->out.size() - conn->out_sent;
  conn->out.clear();
  conn->out_sent = 0;
  loop_.Unwatch(conn->fd.get());
  conn->fd.Reset();
  QueueChanged();
}

}  // namespace netgrade::peers
