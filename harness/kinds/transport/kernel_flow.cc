#include "harness/kinds/transport/kernel_flow.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/base/address.h"
#include "harness/base/error.h"
#include "harness/sandbox/links.h"

namespace netgrade::transport {
namespace {

constexpr const char* kTun = "ngtcp";
constexpr const char* kNear = "10.77.0.1";
constexpr const char* kFar = "10.77.0.2";
constexpr uint16_t kPort = 5001;
constexpr size_t kMostPacket = 65536;
constexpr size_t kMostProgress = 200000;
// Packets read from a TUN in one turn of the loop: the timers keep their turn.
constexpr int kMostReadsPerTurn = 64;
constexpr const char* kCongestionControls[] = {"cubic", "reno"};

void NonBlocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// One end: its TUN device with `self`'s address, a route to `other` through it.
Fd MakeEnd(const sandbox::NetNamespace& ns, const char* self, const char* other) {
  sandbox::NetNamespace::Scope in(&ns);
  Fd tun = sandbox::links::CreateTun(kTun);
  sandbox::links::AddAddress(kTun, self, 32);
  sandbox::links::AddRoute({.dst = other, .prefix = 32, .ifname = kTun});
  return tun;
}

// A non-blocking connect to `to` by CUBIC, whatever the machine's default (BBR on some
// kernels: its share beside a loss-based sender is another lab's question), else Reno, which
// every kernel has.
Fd ConnectWith(const Address& to) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw SystemError("socket (the TCP flow beside the program)", errno);
  for (const char* name : kCongestionControls)
    if (::setsockopt(fd.get(), IPPROTO_TCP, TCP_CONGESTION, name, std::strlen(name)) == 0) break;
  if (::connect(fd.get(), to.sa(), to.length) != 0 && errno != EINPROGRESS)
    throw SystemError("connect (the TCP flow beside the program)", errno);
  return fd;
}

}  // namespace

std::unique_ptr<KernelTcpFlow> KernelTcpFlow::Create(Hooks hooks, std::string* why) {
  std::unique_ptr<KernelTcpFlow> flow(new KernelTcpFlow());
  flow->hooks_ = std::move(hooks);
  flow->near_ns_ = sandbox::NetNamespace::Create(why);
  if (!flow->near_ns_) return nullptr;
  flow->far_ns_ = sandbox::NetNamespace::Create(why);
  if (!flow->far_ns_) return nullptr;
  flow->near_tun_ = MakeEnd(*flow->near_ns_, kNear, kFar);
  flow->far_tun_ = MakeEnd(*flow->far_ns_, kFar, kNear);
  {
    sandbox::NetNamespace::Scope in(flow->far_ns_.get());
    flow->listener_ = TcpListen(Address::Parse(kFar, kPort));
    NonBlocking(flow->listener_.get());
  }
  return flow;
}

KernelTcpFlow::~KernelTcpFlow() {
  Stop();
  if (hooks_.loop)
    for (uint64_t id : timers_) hooks_.loop->Cancel(id);
}

Micros KernelTcpFlow::Now() const {
  return std::chrono::duration_cast<Micros>(hooks_.loop->Now() - hooks_.start);
}

void KernelTcpFlow::Start() {
  EventLoop& loop = *hooks_.loop;
  loop.WatchAside(near_tun_.get(), POLLIN, [this](short) { ReadTun(true); });
  loop.WatchAside(far_tun_.get(), POLLIN, [this](short) { ReadTun(false); });
  loop.WatchAside(listener_.get(), POLLIN, [this](short) { Accept(); });
  {
    sandbox::NetNamespace::Scope in(near_ns_.get());
    client_ = ConnectWith(Address::Parse(kFar, kPort));
  }
  char name[32] = {};
  socklen_t len = sizeof name - 1;
  if (::getsockopt(client_.get(), IPPROTO_TCP, TCP_CONGESTION, name, &len) == 0)
    congestion_control_ = name;
  loop.WatchAside(client_.get(), POLLOUT, [this](short) { Write(); });
}

void KernelTcpFlow::Stop() {
  if (stopped_ || !hooks_.loop) return;
  stopped_ = true;
  for (const Fd* fd : {&near_tun_, &far_tun_, &listener_, &client_, &server_})
    if (*fd) hooks_.loop->Unwatch(fd->get());
}

void KernelTcpFlow::ReadTun(bool near) {
  const int fd = (near ? near_tun_ : far_tun_).get();
  read_buffer_.resize(kMostPacket);
  for (int i = 0; i < kMostReadsPerTurn && !stopped_; ++i) {
    ssize_t n = ::read(fd, read_buffer_.data(), read_buffer_.size());
    if (n <= 0) return;
    const std::vector<uint8_t> packet(read_buffer_.begin(), read_buffer_.begin() + n);
    // IPv4 alone: the kernel's own IPv6 neighbour discovery on the device goes nowhere.
    if ((packet[0] >> 4) != 4) continue;
    ++packets_;
    Fate fate = hooks_.offer(near, Now(), packet.size());
    if (fate.deliveries.empty()) ++dropped_;
    for (const Delivery& d : fate.deliveries) {
      if (held_ >= kMostHeld) {
        ++dropped_;
        continue;
      }
      std::vector<uint8_t> copy = packet;
      if (d.flipped_bit) FlipBit(&copy, *d.flipped_bit);
      ++held_;
      auto id = std::make_shared<uint64_t>(0);
      *id = hooks_.loop->Look(hooks_.start + d.at, [this, id, near, bytes = std::move(copy)] {
        timers_.erase(*id);
        --held_;
        if (stopped_) return;
        // The far end takes what the near end sent, and the other way.
        const int into = (near ? far_tun_ : near_tun_).get();
        (void)!::write(into, bytes.data(), bytes.size());
      });
      timers_.insert(*id);
    }
  }
}

void KernelTcpFlow::Write() {
  // The same bytes over and over: what the far end reads is counted, not checked.
  static const std::vector<char> kBlock(64 * 1024, 'x');
  while (!stopped_) {
    ssize_t n = ::send(client_.get(), kBlock.data(), kBlock.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) continue;
    // A refused or reset connection writes no more; the checks find the flow stalled.
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINPROGRESS)
      hooks_.loop->Unwatch(client_.get());
    return;
  }
}

void KernelTcpFlow::Accept() {
  Fd accepted(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
  if (!accepted) return;
  hooks_.loop->Unwatch(listener_.get());
  server_ = std::move(accepted);
  connected_ = true;
  hooks_.loop->WatchAside(server_.get(), POLLIN, [this](short) { Read(); });
}

void KernelTcpFlow::Read() {
  sink_.resize(256 * 1024);
  ssize_t n = ::recv(server_.get(), sink_.data(), sink_.size(), MSG_DONTWAIT);
  if (n <= 0) {
    if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) hooks_.loop->Unwatch(server_.get());
    return;
  }
  bytes_read_ += static_cast<size_t>(n);
  if (progress_.size() < kMostProgress) progress_.push_back({Now(), bytes_read_});
}

}  // namespace netgrade::transport
