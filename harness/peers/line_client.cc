#include "harness/peers/line_client.h"

#include <fmt/core.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/peers/peer_events.h"

namespace netgrade::peers {

LineClient::LineClient(EventLoop& loop, LineClientOptions options, Print print)
    : loop_(loop), options_(std::move(options)), print_(std::move(print)) {}

LineClient::~LineClient() {
  if (timer_) loop_.Cancel(timer_);
  if (fd_) loop_.Unwatch(fd_.get());
}

void LineClient::Start() {
  const Address& to = options_.target;
  if (!options_.tcp) {
    fd_ = UdpBind(Address::Parse(to.family() == AF_INET6 ? "::" : "0.0.0.0", 0));
    print_(fmt::format("sending to {} (UDP) from port {}", to.ToString(),
                       LocalAddress(fd_.get()).port()));
    // ICMP "port unreachable" comes back as an error on the socket: nothing listens there.
    int on = 1;
    if (to.family() == AF_INET6)
      ::setsockopt(fd_.get(), IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on);
    else
      ::setsockopt(fd_.get(), IPPROTO_IP, IP_RECVERR, &on, sizeof on);
    loop_.Watch(fd_.get(), POLLIN, [this](short revents) {
      if (revents & POLLERR) UdpErrors();
      if (fd_ && !done_) ReadUdp();
    });
    Pump();
    return;
  }
  try {
    fd_ = TcpConnectStart(to);
  } catch (const SystemError& e) {
    Fail(fmt::format("could not connect to {}: {}", to.ToString(), std::strerror(e.errno_value())));
    return;
  }
  connecting_ = true;
  loop_.Watch(fd_.get(), POLLOUT, [this](short revents) { OnEvent(revents); });
}

void LineClient::OnConnect() {
  connecting_ = false;
  int err = ConnectError(fd_.get());
  if (err == ECONNREFUSED) {
    Fail(fmt::format("nothing is listening on {} (connection refused): start your {} first",
                     options_.target.ToString(), options_.other_side));
    return;
  }
  if (err != 0) {
    Fail(
        fmt::format("could not connect to {}: {}", options_.target.ToString(), std::strerror(err)));
    return;
  }
  print_(fmt::format("connected to {} (TCP) from port {}", options_.target.ToString(),
                     LocalAddress(fd_.get()).port()));
  loop_.SetEvents(fd_.get(), POLLIN);
  Pump();
}

void LineClient::OnEvent(short revents) {
  if (connecting_) {
    OnConnect();
    return;
  }
  if (revents & (POLLIN | POLLHUP | POLLERR)) ReadTcp();
  if (fd_ && (revents & POLLOUT)) Flush();
}

void LineClient::Send(std::string line) {
  pending_.push_back(std::move(line));
  if (!connecting_) Pump();
}

void LineClient::EndInput() {
  input_ended_ = true;
  if (!connecting_) Pump();
}

// Sends what may go now: every line (a sender), or the next once the last is answered.
void LineClient::Pump() {
  while (fd_ && !done_ && !lingering_ && out_.empty() && !pending_.empty() && !Waiting()) {
    std::string line = std::move(pending_.front());
    pending_.pop_front();
    last_ = line;
    if (options_.tcp) {
      out_ = line + "\n";
      Flush();  // counts it as sent once written whole
      continue;
    }
    if (::sendto(fd_.get(), line.data(), line.size(), 0, options_.target.sa(),
                 options_.target.length) < 0) {
      Fail(errno == EMSGSIZE
               ? fmt::format("a line of {} bytes is too long for one UDP datagram", line.size())
               : fmt::format("sending to {} failed: {}", options_.target.ToString(),
                             std::strerror(errno)));
      return;
    }
    ++sent_;
    print_("-> " + Shown(line));
    if (Waiting()) ArmTimeout();
  }
  if (fd_ && !done_ && !lingering_ && input_ended_ && pending_.empty() && out_.empty() &&
      !Waiting())
    Finish();
}

void LineClient::Flush() {
  while (out_sent_ < out_.size()) {
    ssize_t n = ::send(fd_.get(), out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) break;
      Fail(fmt::format("{} closed the connection before '{}' could be sent",
                       options_.target.ToString(), EscapeText(last_, 60)));
      return;
    }
    out_sent_ += static_cast<size_t>(n);
  }
  if (out_sent_ < out_.size()) {
    loop_.SetEvents(fd_.get(), POLLIN | POLLOUT);  // the other side does not read yet
    return;
  }
  print_("-> " + Shown(out_));
  out_.clear();
  out_sent_ = 0;
  ++sent_;
  loop_.SetEvents(fd_.get(), POLLIN);
  if (Waiting()) ArmTimeout();
  Pump();
}

void LineClient::ReadTcp() {
  char buf[65536];
  ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n > 0) {
    for (std::string_view line : Lines(std::string_view(buf, static_cast<size_t>(n))))
      print_("<- " + Shown(line));
    if (!lingering_ && Waiting()) {
      answered_ = sent_;  // whatever came after a line is its answer, newline or not
      loop_.Cancel(timer_);
      timer_ = 0;
      Pump();
    }
    return;
  }
  std::string who = options_.target.ToString();
  print_(who + (n == 0 ? " closed the connection" : " reset the connection"));
  if (lingering_) {
    Close();
    return;
  }
  size_t left = pending_.size() + !out_.empty();
  if (Waiting())
    Fail(
        fmt::format("{} closed the connection without answering '{}'", who, EscapeText(last_, 60)));
  else if (left > 0 || !input_ended_)
    Fail(fmt::format("{} closed the connection before all the input was sent", who));
  else
    Finish();
}

// Reads the socket's error queue; a port unreachable ends the client.
void LineClient::UdpErrors() {
  bool refused = false;
  for (int i = 0; i < 64; ++i) {
    char data[1], control[512];
    iovec io{data, sizeof data};
    msghdr m{};
    m.msg_iov = &io;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    if (::recvmsg(fd_.get(), &m, MSG_ERRQUEUE) < 0) break;
    for (cmsghdr* c = CMSG_FIRSTHDR(&m); c != nullptr; c = CMSG_NXTHDR(&m, c)) {
      sock_extended_err err;
      std::memcpy(&err, CMSG_DATA(c), sizeof err);
      refused |= err.ee_errno == ECONNREFUSED;
    }
  }
  if (refused)
    Fail(fmt::format("nothing is listening on {} (UDP: port unreachable): start your {} first",
                     options_.target.ToString(), options_.other_side));
}

void LineClient::ReadUdp() {
  for (int i = 0; i < 64; ++i) {  // a flood is taken in turns with the input
    char buf[65536];
    Address from;
    from.length = sizeof from.storage;
    ssize_t n = ::recvfrom(fd_.get(), buf, sizeof buf, 0, from.sa(), &from.length);
    if (n < 0 && errno == ECONNREFUSED) {
      UdpErrors();
      return;
    }
    if (n < 0) return;
    print_(fmt::format("<- {} from {}", Shown(std::string_view(buf, static_cast<size_t>(n))),
                       from.ToString()));
    if (Waiting()) {
      answered_ = sent_;
      loop_.Cancel(timer_);
      timer_ = 0;
      Pump();
    }
  }
}

void LineClient::ArmTimeout() {
  if (timer_) loop_.Cancel(timer_);
  timer_ = loop_.At(Clock::now() + options_.timeout, [this] {
    timer_ = 0;
    TimedOut();
  });
}

void LineClient::TimedOut() {
  double seconds = static_cast<double>(options_.timeout.count()) / 1000;
  if (options_.tcp) {
    Fail(
        fmt::format("no answer to '{}' after {:g} s: does the server answer each line (with "
                    "send) without waiting for more?",
                    EscapeText(last_, 60), seconds));
    return;
  }
  // UDP may lose a datagram: say so, and go on with the next line.
  print_(
      fmt::format("no answer to '{}' after {:g} s (is the server running on {}? does it "
                  "send the answer to the address recvfrom gave it?)",
                  EscapeText(last_, 60), seconds, options_.target.ToString()));
  ++unanswered_;
  answered_ = sent_;
  Pump();
}

void LineClient::Fail(std::string why) {
  if (failure_.empty()) failure_ = std::move(why);
  Finish();
}

void LineClient::Finish() {
  if (failure_.empty() && unanswered_ > 0)
    failure_ = fmt::format("{} of the {} lines sent got no answer", unanswered_, sent_);
  if (timer_) loop_.Cancel(timer_);
  timer_ = 0;
  if (fd_ && !options_.tcp && !options_.answers && failure_.empty() && !lingering_) {
    // A UDP sender waits a moment for a "port unreachable" (at once on this machine) before
    // it says all went well.
    lingering_ = true;
    timer_ = loop_.At(Clock::now() + std::chrono::milliseconds(200), [this] {
      timer_ = 0;
      Close();
    });
    return;
  }
  if (fd_ && options_.tcp && failure_.empty() && !lingering_) {
    // Half-closes and reads on until the other side closes too (for at most a second): what
    // it still sends is shown, and closing with its bytes unread would reset the connection.
    lingering_ = true;
    ::shutdown(fd_.get(), SHUT_WR);
    loop_.SetEvents(fd_.get(), POLLIN);
    timer_ = loop_.At(Clock::now() + std::chrono::seconds(1), [this] {
      timer_ = 0;
      Close();
    });
    return;
  }
  Close();
}

void LineClient::Close() {
  if (timer_) loop_.Cancel(timer_);
  timer_ = 0;
  if (fd_) {
    loop_.Unwatch(fd_.get());
    fd_.Reset();
  }
  done_ = true;
}

}  // namespace netgrade::peers
