#include "harness/peers/script_conn.h"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "harness/base/error.h"
#include "harness/base/fork_lock.h"
#include "harness/peers/udp_peers.h"

namespace netgrade::peers {

ScriptConn::ScriptConn(EventLoop& loop, std::string name, std::vector<ConnectionLog>& logs,
                       size_t log_index, RecordBudget& budget, bool tcp,
                       std::function<void()> changed)
    : loop_(loop),
      name_(std::move(name)),
      logs_(&logs),
      log_index_(log_index),
      budget_(&budget),
      tcp_(tcp),
      changed_(std::move(changed)) {}

ScriptConn::~ScriptConn() { Drop(); }

void ScriptConn::Connect(const Address& to, bool follow) {
  target_ = to;
  follow_ = follow;
  if (!tcp_) {
    fd_ = UdpBind(Address::Parse(to.family() == AF_INET6 ? "::" : "0.0.0.0", 0));
    log().connected = true;
    loop_.Watch(fd_.get(), POLLIN, [this](short revents) { OnEvent(revents); });
    return;
  }
  try {
    fd_ = TcpConnectStart(to);
  } catch (const SystemError& e) {
    log().connect_errno = e.errno_value();  // refused at once
    return;
  }
  NoDelay();
  connecting_ = true;
  loop_.Watch(fd_.get(), POLLOUT, [this](short revents) { OnEvent(revents); });
}

void ScriptConn::Adopt(Fd fd) {
  fd_ = std::move(fd);
  if (tcp_) NoDelay();
  log().connected = true;
  if (tcp_) log().Note(Moment::Kind::kAccepted);
  loop_.Watch(fd_.get(), POLLIN, [this](short revents) { OnEvent(revents); });
}

// What a step sends leaves at once: Nagle's algorithm would hold a short line back while the
// one before is unacknowledged, up to the program's delayed ACK (40 ms), and the program,
// seen at rest meanwhile, would be judged on a line it never got.
void ScriptConn::NoDelay() {
  int one = 1;
  ::setsockopt(fd_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool ScriptConn::Unsent() const {
  if (!out_.empty()) return true;
  int unsent = 0;
  return tcp_ && fd_ && ::ioctl(fd_.get(), SIOCOUTQNSD, &unsent) == 0 && unsent > 0;
}

bool ScriptConn::open() const {
  return fd_ && !connecting_ && !closed_ && log().connected && !ended();
}

bool ScriptConn::ended() const { return log().eof || log().reset; }

void ScriptConn::SetEvents() {
  if (!fd_) return;
  short events = 0;
  if (!tcp_ || !ended()) events |= POLLIN;
  if (tcp_ && !flushed()) events |= POLLOUT;
  // An ended connection that has nothing to write is kept (the program's side stays as it
  // left it) but no longer watched.
  loop_.SetEvents(fd_.get(), connecting_ ? POLLOUT : events);
}

void ScriptConn::OnEvent(short revents) {
  if (connecting_) {
    connecting_ = false;
    if (int err = ConnectError(fd_.get()); err != 0) {
      log().connect_errno = err;
      loop_.Unwatch(fd_.get());
      fd_.Reset();
    } else {
      log().connected = true;
      log().Note(Moment::Kind::kConnected);
      SetEvents();
      Flush();
    }
    changed_();
    return;
  }
  if (revents & (POLLIN | POLLHUP | POLLERR)) Read();
  if (fd_ && (revents & POLLOUT)) Flush();
  // Hung up both ways after its end was read: poll() would report it every round, whatever
  // the events asked. The descriptor stays (Drop() decides how it goes), unwatched.
  if (fd_ && tcp_ && ended() && (revents & (POLLHUP | POLLERR))) loop_.Unwatch(fd_.get());
  changed_();
}

void ScriptConn::Read() {
  if (!tcp_) {
    char buf[65536];
    for (int i = 0; i < 64; ++i) {  // a flood is taken in turns with the case's other work
      Address from;
      from.length = sizeof from.storage;
      ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, 0, from.sa(), &from.length);
      if (n < 0) return;  // EAGAIN (an ICMP error never reaches an unconnected socket)
      if (!budget_->Fits(static_cast<size_t>(n))) {
        log().received_cut = true;
        continue;
      }
      budget_->Take(static_cast<size_t>(n), 1);
      log().Note(Moment::Kind::kReceived, std::string_view(buf, static_cast<size_t>(n)));
      log().datagrams.push_back(DatagramText(buf, static_cast<size_t>(n)));
      tails_.emplace_back(buf + log().datagrams.back().size(),
                          static_cast<size_t>(n) - log().datagrams.back().size());
      log().datagram_sources.push_back(from.ToString());
      if (follow_) target_ = from;
    }
    return;
  }
  switch (ReadInto(fd_.get(), log(), *budget_)) {
    case ReadEnd::kDrained:
      return;
    case ReadEnd::kEof:
      log().eof = true;
      log().Note(Moment::Kind::kClosed);
      break;
    case ReadEnd::kReset:
      log().reset = true;
      log().Note(Moment::Kind::kReset);
      loop_.Unwatch(fd_.get());
      fd_.Reset();
      return;
  }
  if (closed_) {  // both sides have closed: done with it
    loop_.Unwatch(fd_.get());
    fd_.Reset();
    return;
  }
  SetEvents();
}

void ScriptConn::Send(const std::string& text, bool newline, bool crlf, bool binary) {
  ConnectionLog& l = log();
  if (binary) newline = crlf = false;
  // A text sent without its newline is continued by the next: one message.
  const bool continued = partial_ && !binary && !l.sent.empty();
  std::string wire;  // TCP: the text with its line ends as they go
  for (char ch : text) {
    if (tcp_ && crlf && ch == '\n') wire += '\r';
    wire += ch;
  }
  if (continued) {
    l.sent.back() += text;
    last_wire_ += wire;
  } else {
    l.sent.push_back(text);
    last_wire_ = wire;
  }
  partial_ = tcp_ && !newline && !binary;
  last_binary_ = binary;
  awaiting_ = true;
  l.Note(Moment::Kind::kSent, newline ? wire + (crlf ? "\r\n" : "\n") : wire);
  if (!fd_ || closed_) {
    send_failed_ = true;
    return;
  }
  if (!tcp_) {
    if (::sendto(fd_.get(), text.data(), text.size(), 0, target_.sa(), target_.length) < 0)
      send_failed_ = errno != EAGAIN;
    return;
  }
  out_ += wire;
  if (newline) out_ += crlf ? "\r\n" : "\n";
  if (!connecting_) Flush();
}

void ScriptConn::Reply(const std::string& answer, RecordBudget& budget) {
  log().Note(Moment::Kind::kSent, answer + "\n");
  if (budget.Fits(answer.size())) {
    budget.Take(answer.size(), 1);
    log().replies_sent.push_back(answer);
  } else {
    log().replies_cut = true;
  }
  if (!fd_ || closed_) return;
  out_ += answer + "\n";
  Flush();
}

void ScriptConn::Flush() {
  while (fd_ && out_sent_ < out_.size()) {
    ssize_t n = ::send(fd_.get(), out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      send_failed_ = true;  // EPIPE, ECONNRESET: the program's side is gone
      if (errno == ECONNRESET) log().reset = true;
      out_sent_ = out_.size();
      break;
    }
    out_sent_ += static_cast<size_t>(n);
  }
  if (flushed()) {
    out_.clear();
    out_sent_ = 0;
  }
  SetEvents();
}

std::string ScriptConn::last_sent() const {
  const ConnectionLog& l = log();
  return l.sent.empty() ? std::string() : l.sent.back();
}

int ScriptConn::sent_count() const { return static_cast<int>(log().sent.size()); }

std::optional<std::string> ScriptConn::TakeMessage() {
  const ConnectionLog& l = log();
  if (!tcp_) {
    if (taken_ >= l.datagrams.size()) return std::nullopt;
    return l.datagrams[taken_++];
  }
  size_t nl = l.received.find('\n', taken_);
  if (nl == std::string::npos) return std::nullopt;
  std::string line = l.received.substr(taken_, nl - taken_);
  last_crlf_ = !line.empty() && line.back() == '\r';
  if (last_crlf_) line.pop_back();
  taken_ = nl + 1;
  awaiting_ = false;
  return line;
}

std::optional<std::string> ScriptConn::TakeBytes(size_t n) {
  const std::string& received = log().received;
  if (!tcp_ || taken_ > received.size() || received.size() - taken_ < n) return std::nullopt;
  std::string bytes = received.substr(taken_, n);
  taken_ += n;
  awaiting_ = false;
  return bytes;
}

std::optional<std::string> ScriptConn::TakeDatagram() {
  const ConnectionLog& l = log();
  if (tcp_ || taken_ >= l.datagrams.size()) return std::nullopt;
  std::string datagram = l.datagrams[taken_] + (taken_ < tails_.size() ? tails_[taken_] : "");
  ++taken_;
  return datagram;
}

std::string ScriptConn::Untaken() const {
  return tcp_ ? log().received.substr(std::min(taken_, log().received.size())) : std::string();
}

bool ScriptConn::silent() const {
  if (log().sent.empty()) return true;
  const ConnectionLog& l = log();
  bool came = tcp_ ? l.received.size() > taken_ : l.datagrams.size() > taken_;
  return awaiting_ && !came;
}

void ScriptConn::Close() {
  if (!fd_ || closed_) return;
  closed_ = true;
  if (!tcp_ || ended()) {
    loop_.Unwatch(fd_.get());
    fd_.Reset();
    return;
  }
  ::shutdown(fd_.get(), SHUT_WR);  // reads on until the program closes too
}

void ScriptConn::Reset() {
  if (!fd_) return;
  closed_ = true;
  AbortOnClose(fd_.get());
  loop_.Unwatch(fd_.get());
  CloseSeenAtOnce(fd_);  // the reset, at once (fork_lock.h)
}

void ScriptConn::Drop() {
  if (!fd_) return;
  if (tcp_ && log().eof) {
    Reset();
    return;
  }
  closed_ = true;
  loop_.Unwatch(fd_.get());
  CloseSeenAtOnce(fd_);  // its FIN, at once (fork_lock.h)
}

}  // namespace netgrade::peers
