// netgrade peer KIND: one of the grader's reference peers run by hand, so a student without
// a partner can test one half of an exercise (their client against a reference server, their
// receiver against a reference sender...). Every event is printed as it happens, one line
// each, with what the student's program sent escaped.
#include <fmt/core.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstring>

#include "harness/base/error.h"
#include "harness/base/quantity.h"
#include "harness/cli/command.h"
#include "harness/peers/line_client.h"
#include "harness/peers/peer_events.h"
#include "harness/peers/tcp_server_peer.h"
#include "harness/peers/udp_peers.h"

namespace netgrade::cli {
namespace {

struct PeerArgs {
  std::string kind;
  std::string port;  // checked here, for a message a beginner understands
  std::string bind = "0.0.0.0";
  std::string to;
  bool capitalize = false;
  bool echo = false;
  std::string timeout = "3s";
};

constexpr const char* kKinds[] = {"tcp-server", "tcp-receiver", "udp-server", "udp-receiver",
                                  "tcp-client", "tcp-sender",   "udp-client", "udp-sender"};

bool Tcp(const PeerArgs& a) { return a.kind.rfind("tcp-", 0) == 0; }
bool Listens(const PeerArgs& a) {
  return a.kind.ends_with("-server") || a.kind.ends_with("-receiver");
}

void Print(const std::string& event) {
  fmt::print("{} {}\n", peers::Stamp(std::chrono::system_clock::now()), event);
  std::fflush(stdout);  // a person (or a test) watches it as it happens
}

uint16_t Port(const std::string& text) {
  char* end = nullptr;
  long port = text.empty() ? -1 : std::strtol(text.c_str(), &end, 10);
  if (port < 0 || port > 65535 || *end != '\0')
    throw UsageError("--port " + text +
                     ": a port is a number from 1 to 65535 (0: any free port, printed)");
  return static_cast<uint16_t>(port);
}

Address Parse(std::string host, uint16_t port, const std::string& flag) {
  if (host == "localhost") host = "127.0.0.1";
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  try {
    return Address::Parse(host, port);
  } catch (const UsageError&) {
    throw UsageError(flag + " " + host +
                     ": expected an IP address such as 127.0.0.1 (this machine)" +
                     (flag == "--bind" ? " or 0.0.0.0 (every address of this machine)" : ""));
  }
}

Address Target(const std::string& to) {
  size_t colon = to.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw UsageError("--to " + to + ": expected HOST:PORT, e.g. --to 127.0.0.1:5000");
  std::string port = to.substr(colon + 1);
  if (Port(port) == 0) throw UsageError("--to " + to + ": the port must be from 1 to 65535");
  return Parse(to.substr(0, colon), Port(port), "--to");
}

void Check(const PeerArgs& a) {
  bool answers = a.capitalize || a.echo;
  if (a.capitalize && a.echo) throw UsageError("--capitalize or --echo, not both");
  if (answers && !a.kind.ends_with("-server"))
    throw UsageError(
        "--capitalize and --echo are for tcp-server and udp-server: the peer "
        "that answers");
  if (Listens(a) && !a.to.empty())
    throw UsageError(a.kind +
                     " listens: give it --port, not --to (--to is for the clients "
                     "and senders)");
  if (Listens(a) && a.port.empty())
    throw UsageError(a.kind +
                     " needs --port: the port your program sends to, e.g. --port "
                     "5000 (0: any free port)");
  if (!Listens(a) && a.to.empty())
    throw UsageError(a.kind +
                     " needs --to HOST:PORT: where your program listens, e.g. "
                     "--to 127.0.0.1:5000");
  if (!Listens(a) && !a.port.empty())
    throw UsageError(a.kind + " connects: give it --to HOST:PORT, not --port");
}

// Ctrl-C and SIGTERM arrive as events of the loop, so the peer always ends cleanly.
Fd StopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  CheckSys(::sigprocmask(SIG_BLOCK, &stop, nullptr), "sigprocmask");
  return Fd(CheckSys(::signalfd(-1, &stop, SFD_CLOEXEC), "signalfd"));
}

// A port that cannot be bound is the person's to fix: another port, or stop what holds it.
template <typename Make>
auto Listen(const Address& at, const char* protocol, Make make) {
  try {
    return make();
  } catch (const SystemError& e) {
    if (e.errno_value() == EADDRINUSE)
      throw UsageError(fmt::format(
          "port {} is already in use ({}): another program listens on it (an earlier server "
          "of yours?); stop it, or pick another port",
          at.port(), protocol));
    if (e.errno_value() == EACCES)
      throw UsageError(
          fmt::format("port {} needs root (ports below 1024 are privileged): pick "
                      "one from 1024 to 65535",
                      at.port()));
    if (e.errno_value() == EADDRNOTAVAIL)
      throw UsageError("--bind " + at.host() + ": not an address of this machine");
    throw;
  }
}

int RunServer(const PeerArgs& a) {
  bool tcp = Tcp(a);
  Address at = Parse(a.bind, Port(a.port), "--bind");
  std::optional<std::string> reply;
  if (a.capitalize) reply = "{upper}";
  if (a.echo) reply = "{line}";
  Fd signals = StopSignals();
  EventLoop loop;
  bool stopping = false;
  loop.Watch(signals.get(), POLLIN, [&](short) { stopping = true; });
  std::unique_ptr<peers::TcpServerPeer> tcp_peer;
  std::unique_ptr<peers::UdpServerPeer> udp_peer;
  if (tcp)
    tcp_peer =
        Listen(at, "TCP", [&] { return std::make_unique<peers::TcpServerPeer>(loop, at, reply); });
  else
    udp_peer =
        Listen(at, "UDP", [&] { return std::make_unique<peers::UdpServerPeer>(loop, at, reply); });
  uint16_t port = tcp ? tcp_peer->address().port() : udp_peer->address().port();
  at.set_port(port);  // --port 0: the one the kernel picked
  fmt::print("netgrade peer {}: listening on port {} ({}); stop with Ctrl-C\n", a.kind, port,
             tcp ? "TCP" : "UDP");
  bool any = at.host() == "0.0.0.0" || at.host() == "::";
  if (any)
    fmt::print(
        "  on every address of this machine ({}); --bind 127.0.0.1 accepts only "
        "programs on this machine\n",
        at.host());
  else
    fmt::print("  on {} only\n", at.ToString());
  fmt::print("  {}\n", a.capitalize ? "answers each message in capital letters"
                       : a.echo     ? "answers each message with itself"
                                    : "prints what comes and never answers");
  std::fflush(stdout);
  peers::LogWatch watch(tcp);
  peers::UnterminatedAnswer unterminated;
  while (!stopping) {
    loop.RunOnce(Clock::now() + (unterminated.waiting() ? milliseconds(20) : milliseconds(1000)));
    if (tcp && reply && unterminated.Due(*tcp_peer)) {
      Print(
          fmt::format("nothing more came for {} ms after a message without its newline: "
                      "answering it as it is (a textbook client sends input() without '\\n')",
                      peers::UnterminatedAnswer::kQuiet.count()));
      tcp_peer->AnswerUnterminated();
    }
    for (const std::string& e : watch.Since(tcp ? tcp_peer->log() : udp_peer->log())) Print(e);
  }
  fmt::print("stopped: {} {}, {} {}\n", watch.connections(),
             tcp ? "connection(s)" : "sender address(es)", watch.messages(),
             tcp ? "line(s)" : "datagram(s)");
  return kExitPassed;
}

int RunClient(const PeerArgs& a) {
  std::string why;
  std::optional<int64_t> ms = ParseDurationMs(a.timeout, &why);
  if (!ms || *ms <= 0 || *ms > 600000)
    throw UsageError(fmt::format("--timeout {}: expected a duration {}", a.timeout,
                                 ms ? "from 1ms to 600s" : why));
  peers::LineClientOptions o;
  o.target = Target(a.to);
  o.tcp = Tcp(a);
  o.answers = a.kind.ends_with("-client");
  o.timeout = std::chrono::milliseconds(*ms);
  o.other_side = o.answers ? "server" : "receiver";
  Fd signals = StopSignals();
  EventLoop loop;
  bool stopping = false;
  loop.Watch(signals.get(), POLLIN, [&](short) { stopping = true; });
  peers::LineClient client(loop, o, Print);
  if (::isatty(0))
    fmt::print("netgrade peer {}: type lines to send; Ctrl-D ends\n", a.kind), std::fflush(stdout);
  client.Start();
  // Standard input is read only when poll says so, one read() each time: it stays blocking
  // (a terminal shared with the shell that started netgrade).
  std::string partial;
  bool input_open = true;
  loop.Watch(0, POLLIN, [&](short) {
    char buf[65536];
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) return;
    if (n > 0) {
      partial.append(buf, static_cast<size_t>(n));
      size_t at = 0;
      for (size_t nl; (nl = partial.find('\n', at)) != std::string::npos; at = nl + 1) {
        std::string line = partial.substr(at, nl - at);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        client.Send(std::move(line));
      }
      partial.erase(0, at);
      return;
    }
    if (!partial.empty()) client.Send(std::move(partial));  // a last line without newline
    client.EndInput();
    loop.Unwatch(0);
    input_open = false;
  });
  while (!stopping && !client.done()) {
    loop.RunOnce(Clock::now() + std::chrono::seconds(1));
    // Input waits while many lines wait to go out (a slow or silent other side).
    if (input_open) loop.SetEvents(0, client.backlog() > 1000 ? 0 : POLLIN);
  }
  if (!client.failure().empty()) {
    fmt::print(stderr, "netgrade peer {}: {}\n", a.kind, client.failure());
    return kExitFailed;
  }
  return kExitPassed;
}

int RunPeer(const PeerArgs& a) {
  Check(a);
  return Listens(a) ? RunServer(a) : RunClient(a);
}

}  // namespace

Command AddPeerCommand(CLI::App& root) {
  auto a = std::make_shared<PeerArgs>();
  CLI::App* app = root.add_subcommand(
      "peer", "Run a reference peer by hand, to test one half of an exercise without a partner");
  app->footer(
      "Examples:\n"
      "  netgrade peer tcp-server --capitalize --port 5000   a server for your TCP client\n"
      "  netgrade peer udp-receiver --port 5000              a receiver for your UDP sender\n"
      "  netgrade peer tcp-sender --to 127.0.0.1:5000        sends the lines you type to your "
      "receiver\n"
      "  echo hello | netgrade peer udp-client --to 127.0.0.1:5000   asks your UDP server\n"
      "Servers and receivers run until Ctrl-C. Clients and senders send their standard "
      "input, line by line, and end with it (a client once each line is answered).\n"
      "Exit status: 0 done, 1 the other side failed (nothing listening, no answer), 2 usage.");
  std::vector<std::string> kinds(std::begin(kKinds), std::end(kKinds));
  app->add_option("kind", a->kind,
                  "tcp-server, udp-server: answer your client; tcp-receiver, udp-receiver: "
                  "print what your sender sends; tcp-client, udp-client: ask your server; "
                  "tcp-sender, udp-sender: send to your receiver")
      ->required()
      ->check(CLI::IsMember(kinds));
  app->add_option("--port", a->port,
                  "Servers, receivers: the port to listen on (0: any free port, printed)");
  app->add_option("--bind", a->bind,
                  "Servers, receivers: the address to listen on; default 0.0.0.0 (every "
                  "address of this machine); 127.0.0.1: this machine only");
  app->add_option("--to", a->to, "Clients, senders: where your program listens, HOST:PORT");
  app->add_flag("--capitalize", a->capitalize, "Servers: answer each message in capitals");
  app->add_flag("--echo", a->echo, "Servers: answer each message with itself");
  app->add_option("--timeout", a->timeout,
                  "Clients: how long to wait for each answer (default 3s)");
  return {app, [a] { return RunPeer(*a); }};
}

}  // namespace netgrade::cli
