// The benchmark's yardstick for the proxy: the least a relay can do on loopback, one
// thread, one poll() loop, no transcript, no fault plan. The proxy's added round trip is
// compared with this relay's, measured side by side (ci/bench-proxy.sh).
#pragma once

#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "harness/base/address.h"
#include "harness/base/fd.h"

namespace netgrade::bench {

// UDP: datagrams to its port go to the target from one socket; the target's answers go back
// to the last client heard from.
class PollRelayUdp {
 public:
  explicit PollRelayUdp(uint16_t target) {
    Address any = Address::Parse("127.0.0.1", 0), to = Address::Parse("127.0.0.1", target);
    ::bind(front_.get(), any.sa(), any.length);
    ::connect(back_.get(), to.sa(), to.length);
    thread_ = std::thread([this] { Run(); });
  }
  ~PollRelayUdp() {
    uint64_t one = 1;
    if (::write(stop_.get(), &one, sizeof one) < 0) {
    }
    thread_.join();
  }
  uint16_t port() const { return LocalAddress(front_.get()).port(); }

 private:
  void Run() {
    char buf[65536];
    Address client;
    for (;;) {
      pollfd p[3] = {{front_.get(), POLLIN, 0}, {back_.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}};
      if (::poll(p, 3, -1) < 0 || p[2].revents) return;
      if (p[0].revents) {
        client.length = sizeof client.storage;
        ssize_t n = ::recvfrom(front_.get(), buf, sizeof buf, 0, client.sa(), &client.length);
        if (n >= 0) ::send(back_.get(), buf, n, 0);
      }
      if (p[1].revents) {
        ssize_t n = ::recv(back_.get(), buf, sizeof buf, 0);
        if (n >= 0) ::sendto(front_.get(), buf, n, 0, client.sa(), client.length);
      }
    }
  }
  Fd front_ = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Fd back_ = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Fd stop_ = Fd(::eventfd(0, EFD_CLOEXEC));
  std::thread thread_;
};

// TCP: one connection at a time, relayed both ways until either side closes, then the next.
class PollRelayTcp {
 public:
  explicit PollRelayTcp(uint16_t target) : target_(target) {
    SetNonBlocking(listener_.get(), false);
    thread_ = std::thread([this] { Run(); });
  }
  ~PollRelayTcp() {
    uint64_t one = 1;
    if (::write(stop_.get(), &one, sizeof one) < 0) {
    }
    thread_.join();
  }
  uint16_t port() const { return LocalAddress(listener_.get()).port(); }

 private:
  void Run() {
    for (;;) {
      pollfd p[2] = {{listener_.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}};
      if (::poll(p, 2, -1) < 0 || p[1].revents) return;
      Fd a(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
      Fd b(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
      Address to = Address::Parse("127.0.0.1", target_);
      if (!a || ::connect(b.get(), to.sa(), to.length) != 0) continue;
      int one = 1;
      ::setsockopt(a.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      ::setsockopt(b.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      if (!Pump(a.get(), b.get())) return;
    }
  }
  // False when told to stop.
  bool Pump(int a, int b) {
    char buf[65536];
    for (;;) {
      pollfd p[3] = {{a, POLLIN, 0}, {b, POLLIN, 0}, {stop_.get(), POLLIN, 0}};
      if (::poll(p, 3, -1) < 0 || p[2].revents) return false;
      for (int i = 0; i < 2; ++i) {
        if (!p[i].revents) continue;
        ssize_t n = ::recv(p[i].fd, buf, sizeof buf, 0);
        if (n <= 0) return true;
        for (ssize_t sent = 0; sent < n;) {
          ssize_t w = ::send(p[1 - i].fd, buf + sent, n - sent, MSG_NOSIGNAL);
          if (w <= 0) return true;
          sent += w;
        }
      }
    }
  }
  uint16_t target_;
  Fd listener_ = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd stop_ = Fd(::eventfd(0, EFD_CLOEXEC));
  std::thread thread_;
};

}  // namespace netgrade::bench
