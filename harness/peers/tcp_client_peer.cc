#include "harness/peers/tcp_client_peer.h"

#include <fmt/core.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "harness/base/error.h"
#include "harness/base/text.h"

namespace netgrade::peers {

TcpClientPeer::TcpClientPeer(EventLoop& loop, const std::vector<spec::Connection>& plan,
                             bool expect_replies, Address target,
                             std::function<bool()> server_waiting, std::chrono::milliseconds linger)
    : loop_(loop),
      plan_(plan),
      expect_replies_(expect_replies),
      target_(target),
      server_waiting_(std::move(server_waiting)),
      linger_(linger) {}

TcpClientPeer::~TcpClientPeer() {
  if (timer_) loop_.Cancel(timer_);
  if (fd_) {
    loop_.Unwatch(fd_.get());
    if (OtherSideClosed(fd_.get())) AbortOnClose(fd_.get());  // as Close() says
  }
}

void TcpClientPeer::Start() {
  if (!done()) Connect();
}

void TcpClientPeer::Connect() {
  log_.emplace_back();
  next_message_ = 0;
  awaited_lines_ = 0;
  writes_.clear();
  write_offset_ = 0;
  fd_ = TcpConnectStart(target_);
  connecting_ = true;
  loop_.Watch(fd_.get(), POLLOUT, [this](short revents) { OnEvent(revents); });
}

void TcpClientPeer::OnEvent(short revents) {
  if (connecting_) {
    connecting_ = false;
    int err = ConnectError(fd_.get());
    if (err != 0) {
      log_.back().connect_errno = err;
      Finish(false);
      return;
    }
    OnConnected();
    return;
  }
  if (revents & (POLLIN | POLLHUP | POLLERR)) Read();
  if (!fd_) return;
  if (revents & POLLOUT) Flush();
}

void TcpClientPeer::OnConnected() {
  log_.back().connected = true;
  log_.back().Note(Moment::Kind::kConnected);
  QueueNext();
  Flush();
}

// Queues the writes that may go out now: the next message of a conversation, or all of them.
void TcpClientPeer::QueueNext() {
  const spec::Connection& c = plan_[current_];
  ConnectionLog& log = log_.back();
  if (next_message_ >= c.send.size()) return;
  switch (c.mode) {
    case spec::SendMode::kConversation: {
      const std::string& m = c.send[next_message_++];
      writes_.push_back(m + "\n");
      log.sent.push_back(m);
      log.Note(Moment::Kind::kSent, m + "\n");
      break;
    }
    case spec::SendMode::kOneWrite: {
      std::string all;
      for (; next_message_ < c.send.size(); ++next_message_) {
        all += c.send[next_message_] + "\n";
        log.sent.push_back(c.send[next_message_]);
      }
      log.Note(Moment::Kind::kSent, all);
      writes_.push_back(std::move(all));
      break;
    }
    case spec::SendMode::kLinePerWrite:
      for (; next_message_ < c.send.size(); ++next_message_) {
        writes_.push_back(c.send[next_message_] + "\n");
        log.sent.push_back(c.send[next_message_]);
        log.Note(Moment::Kind::kSent, writes_.back());
      }
      break;
  }
  if (expect_replies_) awaited_lines_ = log.sent.size();
}

void TcpClientPeer::Flush() {
  while (!writes_.empty() && !pacing_) {
    const std::string& w = writes_.front();
    ssize_t n = ::send(fd_.get(), w.data() + write_offset_, w.size() - write_offset_, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      log_.back().reset = true;  // EPIPE/ECONNRESET: the student's side is gone
      log_.back().Note(Moment::Kind::kReset);
      Finish(false);
      return;
    }
    write_offset_ += static_cast<size_t>(n);
    if (write_offset_ == w.size()) {
      writes_.erase(writes_.begin());
      write_offset_ = 0;
      if (!writes_.empty() && plan_[current_].mode == spec::SendMode::kLinePerWrite) {
        pacing_ = true;
        pace_since_ = Clock::now();
        Pace();
      }
    }
  }
  loop_.SetEvents(fd_.get(), writes_.empty() || pacing_ ? POLLIN : (POLLIN | POLLOUT));
  if (writes_.empty()) Advance();
}

// Line per write: the next write waits until the previous one has left the socket (acked
// by the server's kernel) and the server has read it (seen waiting again). Looked at every
// millisecond; a server never seen waiting (busy) gets the next write after linger_.
void TcpClientPeer::Pace() {
  timer_ = loop_.At(Clock::now() + std::chrono::milliseconds(1), [this] {
    timer_ = 0;
    if (!fd_ || !pacing_) return;
    int unsent = 0;
    bool left = ::ioctl(fd_.get(), SIOCOUTQ, &unsent) == 0 && unsent == 0;
    bool read = !server_waiting_ || server_waiting_();
    if ((left && read) || Clock::now() - pace_since_ >= linger_) {
      pacing_ = false;
      Flush();
      return;
    }
    Pace();
  });
}

bool TcpClientPeer::HaveAllAwaitedLines() const {
  const std::string& r = log_.back().received;
  return static_cast<size_t>(std::count(r.begin(), r.end(), '\n')) >= awaited_lines_;
}

// Called when nothing is left to write: go on with the next message, or end the connection.
void TcpClientPeer::Advance() {
  if (!fd_ || !writes_.empty()) return;
  if (expect_replies_ && !HaveAllAwaitedLines()) return;  // wait for the answers
  if (next_message_ < plan_[current_].send.size()) {
    QueueNext();
    Flush();
    return;
  }
  Finish(true);
}

void TcpClientPeer::Read() {
  ConnectionLog& log = log_.back();
  ReadEnd end = ReadInto(fd_.get(), log, received_budget_);
  if (end != ReadEnd::kDrained)
    log.Note(end == ReadEnd::kEof ? Moment::Kind::kClosed : Moment::Kind::kReset);
  if (lingering_) {
    if (end == ReadEnd::kDrained) return;
    if (end == ReadEnd::kEof) log.eof = true;
    Close();  // the server closed (or reset): go on
    return;
  }
  if (end != ReadEnd::kDrained) {
    (end == ReadEnd::kEof ? log.eof : log.reset) = true;
    Finish(false);
    return;
  }
  Advance();
}

void TcpClientPeer::Finish(bool complete) {
  ConnectionLog& log = log_.back();
  log.complete = complete || (log.connected && next_message_ >= plan_[current_].send.size() &&
                              writes_.empty() && (!expect_replies_ || HaveAllAwaitedLines()));
  if (fd_ && complete) {
    Linger();
    return;
  }
  Close();
}

// After its last message is answered, the client half-closes and reads on until the
// server closes, for at most linger_: what a server sends after its answers is seen, and the
// server's writes never meet a closed socket (no EPIPE caused by the grader).
//
// The linger's end is something due to happen (EventLoop::At) only when another connection
// follows it. After the last one it changes nothing the server could see (its FIN went at the
// linger's start), so it does not keep a server that rests without closing (in accept(), the
// connection left open) from being seen at rest: its case ends then, not at the linger's end.
void TcpClientPeer::Linger() {
  // The server closed after the last read (a server that closes right after it answers): read
  // its FIN and answer with a reset (Close), not with a FIN that would leave its side in
  // TIME_WAIT on its port, which the next case's server binds where there is one network.
  if (OtherSideClosed(fd_.get())) {
    Read();
    return;
  }
  lingering_ = true;
  ::shutdown(fd_.get(), SHUT_WR);
  loop_.SetEvents(fd_.get(), POLLIN);
  auto end = [this] {
    timer_ = 0;
    Close();
  };
  TimePoint when = Clock::now() + linger_;
  timer_ = current_ + 1 < plan_.size() ? loop_.At(when, end) : loop_.Look(when, end);
}

// Closes the connection in progress and goes on with the next one.
void TcpClientPeer::Close() {
  if (timer_) loop_.Cancel(timer_);
  timer_ = 0;
  lingering_ = pacing_ = false;
  if (fd_) {
    loop_.Unwatch(fd_.get());
    if ((!log_.empty() && log_.back().eof) || OtherSideClosed(fd_.get())) {
      // The server closed first: answer with a reset, not a FIN, so that its side does not
      // wait in TIME_WAIT on its port. Without network namespaces (a Docker container) the
      // next case's server binds the same fixed port in the same network. Its FIN may have
      // come without being read yet (the linger's end handled first): the kernel says so.
      AbortOnClose(fd_.get());
    } else {
      ::shutdown(fd_.get(), SHUT_WR);
    }
    fd_.Reset();
  }
  ++current_;
  if (!done()) Connect();
}

std::string TcpClientPeer::Describe() const {
  if (log_.empty()) return "it had not started";
  const ConnectionLog& log = log_.back();
  std::string which = plan_.size() > 1 ? fmt::format(" on connection {}", log_.size()) : "";
  if (done()) return "it had finished";
  if (connecting_) return "it was still connecting" + which;
  if (!writes_.empty()) return "it was still sending" + which + " (the program was not reading)";
  if (expect_replies_ && !log.sent.empty())
    return fmt::format("it was waiting for the answer to {}{}", Quote(log.sent.back()), which);
  return "it was waiting" + which;
}

}  // namespace netgrade::peers
