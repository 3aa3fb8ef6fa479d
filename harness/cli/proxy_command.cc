// netgrade proxy udp|tcp --listen PORT --to HOST:PORT [faults]: the grader's proxy by hand,
// so a student can put it between their own two programs and watch what it does.
#include <arpa/inet.h>
#include <fmt/core.h>
#include <signal.h>
#include <sys/signalfd.h>

#include "harness/base/error.h"
#include "harness/base/quantity.h"
#include "harness/cli/command.h"
#include "harness/proxy/tcp_proxy.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::cli {
namespace {

struct ProxyArgs {
  std::string protocol;
  uint16_t listen = 0;
  std::string listen_host = "127.0.0.1";
  std::string to;
  std::string drop_rate, delay, jitter, direction = "both";
  std::vector<int> drop, duplicate, hold;
  int slice = 0;
  bool coalesce = false;
  int64_t reset_after = -1;
  uint64_t seed = 1;
  int count = 0;
};

// The same duration and rate syntax as a spec's (base/quantity).
int Milliseconds(const std::string& text, const char* flag) {
  std::string why;
  std::optional<int64_t> ms = ParseDurationMs(text, &why);
  if (!ms || *ms < 0 || *ms > 600000)
    throw UsageError(
        fmt::format("{} {}: expected a duration {}", flag, text, ms ? "from 0ms to 600s" : why));
  return static_cast<int>(*ms);
}

double Rate(const std::string& text) {
  bool out_of_range = false;
  std::optional<double> v = ParseRate(text, &out_of_range);
  if (!v)
    throw UsageError(
        "--drop " + text +
        (out_of_range ? ": a rate is from 0% to 100%" : ": expected a rate such as 30% or 0.3"));
  return *v;
}

bool IsLoopback(const Address& a) {
  if (a.family() == AF_INET)
    return (ntohl(reinterpret_cast<const sockaddr_in*>(&a.storage)->sin_addr.s_addr) >> 24) == 127;
  const in6_addr& v6 = reinterpret_cast<const sockaddr_in6*>(&a.storage)->sin6_addr;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) return v6.s6_addr[12] == 127;
  return IN6_IS_ADDR_LOOPBACK(&v6);
}

// Only loopback: the proxy must not be reachable from, or relay for, another host.
Address ListenAddress(std::string host, uint16_t port) {
  if (host == "localhost") host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  Address a = Address::Parse(host, port);
  if (!IsLoopback(a))
    throw UsageError("--listen-host " + host +
                     ": netgrade proxy only listens on loopback (127.0.0.0/8 or ::1), so no other "
                     "host can reach it");
  return a;
}

// Only loopback: this tool must never send traffic to another host.
Address Target(const std::string& to) {
  size_t colon = to.rfind(':');
  if (colon == std::string::npos)
    throw UsageError("--to " + to + ": expected HOST:PORT, e.g. 127.0.0.1:9001");
  std::string host = to.substr(0, colon);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  int port = std::atoi(to.c_str() + colon + 1);
  if (port <= 0 || port > 65535)
    throw UsageError("--to " + to + ": the port must be from 1 to 65535");
  Address a = Address::Parse(host, static_cast<uint16_t>(port));
  if (!IsLoopback(a))
    throw UsageError("--to " + to +
                     ": netgrade proxy only forwards to loopback (127.0.0.0/8 or ::1)");
  return a;
}

int RunProxy(const ProxyArgs& a) {
  spec::DirectionFaults f;
  f.drop = a.drop;
  f.duplicate = a.duplicate;
  f.hold = a.hold;
  if (!a.drop_rate.empty()) f.drop_rate = Rate(a.drop_rate);
  if (!a.delay.empty()) f.delay_ms = Milliseconds(a.delay, "--delay");
  if (!a.jitter.empty()) f.jitter_ms = Milliseconds(a.jitter, "--jitter");
  f.slice = a.slice;
  f.coalesce = a.coalesce;
  f.reset_after = a.reset_after;
  if (a.protocol == "udp" && (f.slice || f.coalesce || f.reset_after >= 0))
    throw UsageError("--slice, --coalesce and --reset-after are for tcp");

  proxy::ProxyOptions po;
  po.listen = ListenAddress(a.listen_host, a.listen);
  po.target = Target(a.to);
  po.seed = a.seed;
  po.shown_seed = a.seed;
  if (a.direction != "down") po.upstream = f;
  if (a.direction != "up") po.downstream = f;

  // Ctrl-C and SIGTERM arrive as events of the loop, so the summary is always printed.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  CheckSys(::sigprocmask(SIG_BLOCK, &stop, nullptr), "sigprocmask");
  Fd signals(CheckSys(::signalfd(-1, &stop, SFD_CLOEXEC), "signalfd"));
  EventLoop loop;
  bool stopping = false;
  loop.Watch(signals.get(), POLLIN, [&](short) { stopping = true; });

  std::unique_ptr<proxy::UdpProxy> udp;
  std::unique_ptr<proxy::TcpProxy> tcp;
  if (a.protocol == "udp")
    udp = std::make_unique<proxy::UdpProxy>(loop, po);
  else
    tcp = std::make_unique<proxy::TcpProxy>(loop, po);
  proxy::Transcript& t = udp ? udp->transcript() : tcp->transcript();
  t.SetLabels("client -> server", "server -> client");
  fmt::print("netgrade proxy {}: {}:{} -> {}  seed {}\n", a.protocol, a.listen_host,
             udp ? udp->port() : tcp->port(), po.target.ToString(), a.seed);
  std::string up = plan::Describe(po.upstream), down = plan::Describe(po.downstream);
  fmt::print("  client -> server: {}\n  server -> client: {}\n", up.empty() ? "as is" : up,
             down.empty() ? "as is" : down);
  std::fflush(stdout);
  size_t shown = 0;
  while (!stopping && (a.count == 0 || static_cast<int>(shown) < a.count)) {
    loop.RunOnce(Clock::now() + std::chrono::seconds(1));
    for (; shown < t.entries().size(); ++shown)
      fmt::print("{}\n", t.Line(shown));  // only the new ones
    std::fflush(stdout);
  }
  int dropped = 0;
  for (const proxy::TranscriptEntry& e : t.entries())
    dropped += e.action == proxy::Action::kDropped;
  fmt::print("{} entries, {} dropped by the plan{}\n", t.entries().size(), dropped,
             udp ? fmt::format(", {} dropped by the kernel", udp->kernel_drops()) : "");
  return kExitPassed;
}

}  // namespace

Command AddProxyCommand(CLI::App& root) {
  auto a = std::make_shared<ProxyArgs>();
  CLI::App* app = root.add_subcommand(
      "proxy", "Run the fault-injecting proxy between two programs of your own");
  app->add_option("protocol", a->protocol, "udp or tcp")
      ->required()
      ->check(CLI::IsMember({"udp", "tcp"}));
  app->add_option("--listen", a->listen, "The port to listen on (0: any free one)")->required();
  app->add_option("--listen-host", a->listen_host,
                  "The loopback address to listen on (default 127.0.0.1)");
  app->add_option("--to", a->to, "Where to forward: HOST:PORT on loopback")->required();
  app->add_option("--drop", a->drop_rate,
                  "Drop this share of datagrams at random (seeded): 30% or 0.3");
  app->add_option("--drop-index", a->drop, "Drop these datagrams (1 = first), e.g. 1,4")
      ->delimiter(',');
  app->add_option("--duplicate", a->duplicate, "Deliver these twice")->delimiter(',');
  app->add_option("--hold", a->hold, "Hold these back until the next one has passed")
      ->delimiter(',');
  app->add_option("--delay", a->delay, "Delay each by this much: 50ms");
  app->add_option("--jitter", a->jitter, "Plus a seeded random 0..jitter");
  app->add_option("--slice", a->slice, "TCP: forward in writes of at most N bytes");
  app->add_flag("--coalesce", a->coalesce, "TCP: merge each write with the next");
  app->add_option("--reset-after", a->reset_after, "TCP: reset the connection after N bytes");
  app->add_option("--direction", a->direction,
                  "Apply faults to: both (default), up (client->server), down")
      ->check(CLI::IsMember({"both", "up", "down"}));
  app->add_option("--seed", a->seed,
                  "Seed of the random drops and jitter; the same seed, the same faults");
  app->add_option("--count", a->count, "Stop after N transcript entries (for scripts)");
  return {app, [a] { return RunProxy(*a); }};
}

}  // namespace netgrade::cli
