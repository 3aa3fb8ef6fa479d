// Proxy benchmark (a program that prints figures, not a test): round-trip latency and
// throughput on loopback, direct, through netgrade's proxy (on its own event loop in a thread
// of this process, and as the 'netgrade proxy' command), through a minimal poll() relay (the
// yardstick: the proxy's added round trip should stay within 1.2 times the relay's) and
// through socat as a relay.
// Usage: proxy_bench [SOCAT [NETGRADE]]
#include <fcntl.h>
#include <fmt/core.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/base/address.h"
#include "harness/proxy/tcp_proxy.h"
#include "harness/proxy/udp_proxy.h"
#include "tests/bench/poll_relay.h"

using namespace netgrade;

namespace {

constexpr int kRttRounds = 20000;
constexpr int kTurns = 10;
constexpr int kWindow = 32;
constexpr double kThroughputSeconds = 1.5;
constexpr size_t kBulkBytes = size_t{512} << 20;

double Now() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

// A UDP echo server on its own thread, blocking calls; stops when its socket is shut down.
struct UdpEcho {
  Fd fd = Fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  std::thread thread;
  UdpEcho() {
    Address a = Address::Parse("127.0.0.1", 0);
    ::bind(fd.get(), a.sa(), a.length);
    int big = 4 << 20;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
    thread = std::thread([this] {
      char buf[2048];
      for (;;) {
        Address from;
        from.length = sizeof from.storage;
        ssize_t n = ::recvfrom(fd.get(), buf, sizeof buf, 0, from.sa(), &from.length);
        if (n <= 0) return;
        ::sendto(fd.get(), buf, n, 0, from.sa(), from.length);
      }
    });
  }
  ~UdpEcho() {
    ::shutdown(fd.get(), SHUT_RDWR);
    thread.join();
  }
  uint16_t port() const { return LocalAddress(fd.get()).port(); }
};

struct Figures {
  double median_us = 0, p99_us = 0, per_second = 0;
  long lost = 0;
};

// n round trips on a fresh socket; their times are appended to rtt_us.
void UdpRtt(uint16_t port, int n, std::vector<double>* rtt_us, long* lost) {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Address to = Address::Parse("127.0.0.1", port);
  ::connect(s.get(), to.sa(), to.length);
  char msg[64] = {}, buf[2048];
  for (int i = 0; i < n; ++i) {
    double t0 = Now();
    ::send(s.get(), msg, sizeof msg, 0);
    pollfd p{s.get(), POLLIN, 0};
    if (::poll(&p, 1, 1000) != 1) {
      ++*lost;
      continue;
    }
    ::recv(s.get(), buf, sizeof buf, 0);
    rtt_us->push_back((Now() - t0) * 1e6);
  }
}

void Percentiles(std::vector<double> rtt, Figures* f) {
  std::sort(rtt.begin(), rtt.end());
  if (!rtt.empty()) {
    f->median_us = rtt[rtt.size() / 2];
    f->p99_us = rtt[rtt.size() * 99 / 100];
  }
}

// Throughput with kWindow datagrams in flight.
void UdpThroughput(uint16_t port, Figures* out) {
  Figures& f = *out;
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  Address to = Address::Parse("127.0.0.1", port);
  ::connect(s.get(), to.sa(), to.length);
  char msg[64] = {}, buf[2048];
  // Throughput: keep kWindow datagrams in flight; a reply lets the next one go.
  long sent = 0, got = 0;
  double start = Now(), end = start + kThroughputSeconds;
  for (; sent < kWindow; ++sent) ::send(s.get(), msg, sizeof msg, 0);
  while (Now() < end) {
    pollfd p{s.get(), POLLIN, 0};
    if (::poll(&p, 1, 200) != 1) break;  // the window died: datagrams were lost
    while (::recv(s.get(), buf, sizeof buf, MSG_DONTWAIT) > 0) {
      ++got;
      ::send(s.get(), msg, sizeof msg, 0);
      ++sent;
    }
  }
  double elapsed = Now() - start;
  for (pollfd p{s.get(), POLLIN, 0}; ::poll(&p, 1, 200) == 1;)
    got += ::recv(s.get(), buf, sizeof buf, 0) > 0;
  f.per_second = got / elapsed;
  f.lost += sent - got;
}

// Runs an event loop with a proxy on its own thread until stopped.
template <typename Proxy>
struct ProxyThread {
  EventLoop loop;
  std::unique_ptr<Proxy> proxy;
  Fd stop = Fd(::eventfd(0, EFD_CLOEXEC));
  std::atomic<bool> done{false};
  std::thread thread;
  explicit ProxyThread(uint16_t target) {
    proxy::ProxyOptions o;
    o.listen = Address::Parse("127.0.0.1", 0);
    o.target = Address::Parse("127.0.0.1", target);
    proxy = std::make_unique<Proxy>(loop, o);
    loop.Watch(stop.get(), POLLIN, [this](short) { done = true; });
    thread = std::thread([this] {
      // No limit, as the relays' poll(): the stop event wakes the loop.
      while (!done) loop.RunOnce(TimePoint::max());
    });
  }
  ~ProxyThread() {
    uint64_t one = 1;
    ssize_t ignored = ::write(stop.get(), &one, sizeof one);
    (void)ignored;
    thread.join();
  }
};

// A relay in a process of its own (socat, or netgrade's proxy command), started on a port
// the kernel chose, measured once its socket shows in /proc/net (observed, not waited for).
// `argv` names the port as {port} and the target as {target}.
struct Relay {
  pid_t pid = -1;
  uint16_t port = 0;
  Relay(std::vector<std::string> argv, bool udp, uint16_t target) {
    port = PickFreePort(udp ? SOCK_DGRAM : SOCK_STREAM);
    for (std::string& a : argv) {
      if (size_t at = a.find("{port}"); at != std::string::npos)
        a.replace(at, 6, std::to_string(port));
      if (size_t at = a.find("{target}"); at != std::string::npos)
        a.replace(at, 8, std::to_string(target));
    }
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid = ::fork();
    if (pid == 0) {
      ::setpgid(0, 0);  // socat forks a child per connection: the group goes with it
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, 1);
      ::execvp(args[0], args.data());
      ::_exit(127);
    }
    std::string needle = fmt::format(":{:04X} ", port);
    for (auto deadline = Clock::now() + std::chrono::seconds(5); Clock::now() < deadline;) {
      std::ifstream in(udp ? "/proc/net/udp" : "/proc/net/tcp");
      std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (all.find(needle) != std::string::npos) return;
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) break;
    }
    port = 0;
  }
  ~Relay() {
    if (pid > 0) {
      ::kill(-pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

struct Relays {
  std::string socat, netgrade;
  std::vector<std::string> Socat(bool udp) const {
    const char* p = udp ? "UDP4" : "TCP4";
    return {socat,
            "-T",
            "30",
            "-b",
            "65536",
            fmt::format("{}-LISTEN:{{port}},bind=127.0.0.1,fork,reuseaddr", p),
            fmt::format("{}:127.0.0.1:{{target}}", p)};
  }
  std::vector<std::string> Netgrade(bool udp) const {
    return {netgrade, "proxy", udp ? "udp" : "tcp", "--listen",
            "{port}", "--to",  "127.0.0.1:{target}"};
  }
};

// TCP: an echo server for RTT, and a sink that counts bytes for bulk throughput.
struct TcpServer {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  std::thread thread;
  explicit TcpServer(bool echo) {
    SetNonBlocking(listener.get(), false);
    thread = std::thread([this, echo] {
      for (;;) {
        int c = ::accept(listener.get(), nullptr, nullptr);
        if (c < 0) return;
        std::thread([c, echo] {
          std::vector<char> buf(1 << 16);
          ssize_t n;
          while ((n = ::recv(c, buf.data(), buf.size(), 0)) > 0)
            if (echo) ::send(c, buf.data(), n, MSG_NOSIGNAL);
          ::close(c);
        }).detach();
      }
    });
  }
  ~TcpServer() {
    ::shutdown(listener.get(), SHUT_RDWR);
    thread.join();
  }
  uint16_t port() const { return LocalAddress(listener.get()).port(); }
};

Fd TcpConnect(uint16_t port) {
  Fd s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  Address a = Address::Parse("127.0.0.1", port);
  ::connect(s.get(), a.sa(), a.length);
  int one = 1;
  ::setsockopt(s.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return s;
}

// n round trips on a fresh connection; their times are appended to rtt_us.
void TcpRtt(uint16_t port, int n, std::vector<double>* rtt_us) {
  Fd s = TcpConnect(port);
  char msg[64] = {}, buf[64];
  for (int i = 0; i < n; ++i) {
    double t0 = Now();
    ::send(s.get(), msg, sizeof msg, 0);
    size_t got = 0;
    while (got < sizeof msg) {
      ssize_t r = ::recv(s.get(), buf, sizeof buf - got, 0);
      if (r <= 0) return;
      got += r;
    }
    rtt_us->push_back((Now() - t0) * 1e6);
  }
}

double TcpBulk(uint16_t port) {
  Fd s = TcpConnect(port);
  std::vector<char> buf(1 << 16, 'x');
  double t0 = Now();
  for (size_t sent = 0; sent < kBulkBytes;) {
    ssize_t n = ::send(s.get(), buf.data(), buf.size(), MSG_NOSIGNAL);
    if (n <= 0) return 0;
    sent += n;
  }
  ::shutdown(s.get(), SHUT_WR);
  char c;
  while (::recv(s.get(), &c, 1, 0) > 0) {
  }  // the sink closes once it has read everything
  return kBulkBytes / (Now() - t0) / 1e6;
}

// The goal: the proxy adds at most 1.2 times what the minimal relay adds to a round trip.
void AddedRoundTrip(double direct_us, double proxy_us, double minimal_us) {
  double proxy = proxy_us - direct_us, minimal = minimal_us - direct_us;
  fmt::print(
      "  added to the median round trip: proxy {:+.1f} us, minimal relay {:+.1f} us: "
      "{:.2f} x the relay (goal: at most 1.20 x)\n",
      proxy, minimal, minimal > 0 ? proxy / minimal : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  // Every thread and relay process of the benchmark on one CPU (they inherit it): a hop is then
  // a switch on that CPU for every path alike. Spread over CPUs, a hop costs whatever waking
  // an idle CPU costs on this machine (tens of microseconds on a VM), which differs between
  // paths by where the scheduler happened to put each thread.
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(0, &one);
  bool pinned = ::sched_setaffinity(0, sizeof one, &one) == 0;
  // The netgrade binary is build/netgrade; this program is build/tests/bench/proxy_bench.
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  Relays relays{
      argc > 1 ? argv[1] : "socat",
      argc > 2 ? argv[2] : (std::filesystem::path(self).parent_path() / "../../netgrade").string()};
  fmt::print(
      "UDP, 64-byte datagrams ({} round trips; throughput with {} in flight for {:.1f} s){}\n",
      kRttRounds, kWindow, kThroughputSeconds, pinned ? "; all on CPU 0" : "");
  fmt::print("  {:<24} {:>12} {:>10} {:>14} {:>8}\n", "path", "median RTT", "p99 RTT",
             "datagrams/s", "lost");
  auto row = [](const char* name, const Figures& f) {
    fmt::print("  {:<24} {:>9.1f} us {:>7.1f} us {:>14.0f} {:>8}\n", name, f.median_us, f.p99_us,
               f.per_second, f.lost);
  };
  // The paths' round trips are measured in turns, kTurns times, so that a change of load on
  // a shared machine falls on all of them alike.
  UdpEcho echo;
  uint64_t kernel_drops = 0;
  {
    ProxyThread<proxy::UdpProxy> proxy(echo.port());
    bench::PollRelayUdp minimal(echo.port());
    Relay command(relays.Netgrade(true), true, echo.port()),
        relay(relays.Socat(true), true, echo.port());
    std::vector<std::pair<const char*, uint16_t>> paths = {
        {"direct", echo.port()},
        {"netgrade proxy (thread)", proxy.proxy->port()},
        {"minimal poll() relay", minimal.port()}};
    if (command.port) paths.push_back({"netgrade proxy command", command.port});
    if (relay.port) paths.push_back({"socat relay", relay.port});
    std::vector<Figures> figures(paths.size());
    std::vector<std::vector<double>> rtt(paths.size());
    for (int turn = 0; turn < kTurns; ++turn)
      for (size_t i = 0; i < paths.size(); ++i)
        UdpRtt(paths[i].second, kRttRounds / kTurns, &rtt[i], &figures[i].lost);
    for (size_t i = 0; i < paths.size(); ++i) {
      Percentiles(rtt[i], &figures[i]);
      UdpThroughput(paths[i].second, &figures[i]);
      row(paths[i].first, figures[i]);
    }
    AddedRoundTrip(figures[0].median_us, figures[1].median_us, figures[2].median_us);
    if (!relay.port) fmt::print("  socat relay: could not start '{}'\n", relays.socat);
    if (!command.port)
      fmt::print("  netgrade proxy command: could not start '{}'\n", relays.netgrade);
    kernel_drops = proxy.proxy->kernel_drops();
  }
  fmt::print("  datagrams the kernel dropped on the proxy's sockets: {}\n\n", kernel_drops);

  fmt::print("TCP, 64-byte round trips and a {} MB bulk transfer\n", kBulkBytes >> 20);
  fmt::print("  {:<24} {:>12} {:>10} {:>14}\n", "path", "median RTT", "p99 RTT", "bulk MB/s");
  TcpServer tcp_echo(true), sink(false);
  ProxyThread<proxy::TcpProxy> proxy_echo(tcp_echo.port()), proxy_sink(sink.port());
  bench::PollRelayTcp minimal_echo(tcp_echo.port()), minimal_sink(sink.port());
  Relay socat_echo(relays.Socat(false), false, tcp_echo.port()),
      socat_sink(relays.Socat(false), false, sink.port());
  Relay command_echo(relays.Netgrade(false), false, tcp_echo.port()),
      command_sink(relays.Netgrade(false), false, sink.port());
  struct Path {
    const char* name;
    uint16_t echo, sink;
  };
  std::vector<Path> paths = {
      {"direct", tcp_echo.port(), sink.port()},
      {"netgrade proxy (thread)", proxy_echo.proxy->port(), proxy_sink.proxy->port()},
      {"minimal poll() relay", minimal_echo.port(), minimal_sink.port()}};
  if (command_echo.port && command_sink.port)
    paths.push_back({"netgrade proxy command", command_echo.port, command_sink.port});
  if (socat_echo.port && socat_sink.port)
    paths.push_back({"socat relay", socat_echo.port, socat_sink.port});
  std::vector<std::vector<double>> rtt(paths.size());
  for (int turn = 0; turn < kTurns; ++turn)
    for (size_t i = 0; i < paths.size(); ++i) TcpRtt(paths[i].echo, kRttRounds / kTurns, &rtt[i]);
  std::vector<double> median(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    Figures f;
    Percentiles(rtt[i], &f);
    median[i] = f.median_us;
    fmt::print("  {:<24} {:>9.1f} us {:>7.1f} us {:>14.0f}\n", paths[i].name, f.median_us, f.p99_us,
               TcpBulk(paths[i].sink));
  }
  AddedRoundTrip(median[0], median[1], median[2]);
  return 0;
}
