// netgrade peer, run as a student runs it: the peer as a child process on a free port (read
// from what it prints first), a program of the test's own on the other side over loopback.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstring>
#include <regex>

#include "harness/base/address.h"
#include "harness/sandbox/process.h"

namespace netgrade {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

class PeerProcess {
 public:
  explicit PeerProcess(const std::vector<std::string>& args, std::string input = "") {
    sandbox::SpawnOptions o;
    o.argv = {std::string(NETGRADE_BINARY_DIR) + "/netgrade", "peer"};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.env = {"PATH=/usr/bin:/bin"};
    o.stdin_data = std::move(input);
    o.stdout_tty = false;
    o.student_filter = false;  // netgrade itself: it makes namespaces and mounts
    process_ = sandbox::Process::Start(o, loop_);
  }
  // The port it printed it listens on; 0 when it never said.
  uint16_t Port() {
    std::smatch m;
    static const std::regex listening(R"(listening on port (\d+) )");
    loop_.RunUntil(
        [&] { return std::regex_search(out(), m, listening) || process_->exit_info().exited; },
        Clock::now() + kBound);
    return m.empty() ? 0 : static_cast<uint16_t>(std::stoi(m[1]));
  }
  // Whether it has printed `text` (waiting for it).
  bool Shows(const std::string& text) {
    return loop_.RunUntil([&] { return out().find(text) != std::string::npos; },
                          Clock::now() + kBound);
  }
  // Its exit status once it has ended (after `signal`, when given); -1 if it did not end.
  int Exit(int signal = 0) {
    if (signal != 0) ::kill(process_->pid(), signal);
    bool ended = loop_.RunUntil([&] { return process_->finished(); }, Clock::now() + kBound);
    process_->DrainOutput();
    return ended && process_->exit_info().signal == 0 ? process_->exit_info().status : -1;
  }
  const std::string& out() const { return process_->stdout_text(); }
  const std::string& err() const { return process_->stderr_text(); }

 private:
  EventLoop loop_;
  std::unique_ptr<sandbox::Process> process_;
};

// A blocking socket of the test's, each call bounded by poll.
Fd Connect(uint16_t port, int type) {
  Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  Address to = Address::Parse("127.0.0.1", port);
  EXPECT_EQ(::connect(fd.get(), to.sa(), to.length), 0) << std::strerror(errno);
  return fd;
}

void Send(const Fd& fd, const std::string& data) {
  ASSERT_EQ(::send(fd.get(), data.data(), data.size(), MSG_NOSIGNAL), ssize_t(data.size()));
}

// What arrives until `size` bytes have come, the other side closes, or kBound passes.
std::string Receive(const Fd& fd, size_t size) {
  std::string got;
  while (got.size() < size) {
    pollfd p{fd.get(), POLLIN, 0};
    if (::poll(&p, 1, 10000) != 1) break;
    char buf[4096];
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

TEST(PeerCommand, TcpServerCapitalizesAndPrintsEachEventThenStopsCleanlyOnSigterm) {
  PeerProcess peer({"tcp-server", "--capitalize", "--port", "0", "--bind", "127.0.0.1"});
  uint16_t port = peer.Port();
  ASSERT_NE(port, 0) << peer.out() << peer.err();
  EXPECT_NE(peer.out().find("(TCP); stop with Ctrl-C"), std::string::npos) << peer.out();
  {
    Fd client = Connect(port, SOCK_STREAM);
    Send(client, "hello world\n");
    EXPECT_EQ(Receive(client, 12), "HELLO WORLD\n");
  }
  ASSERT_TRUE(peer.Shows("closed the connection")) << peer.out();
  EXPECT_NE(peer.out().find(" connected\n"), std::string::npos) << peer.out();
  EXPECT_NE(peer.out().find(" <- 'hello world\\n' (12 bytes)\n"), std::string::npos) << peer.out();
  EXPECT_NE(peer.out().find(" -> 'HELLO WORLD\\n' (12 bytes)\n"), std::string::npos) << peer.out();
  EXPECT_TRUE(std::regex_search(
      peer.out(), std::regex(R"(\n\[\d\d:\d\d:\d\d\.\d{3}\] 127\.0\.0\.1:\d+ connected)")))
      << peer.out();
  EXPECT_EQ(peer.Exit(SIGTERM), 0) << peer.err();
  EXPECT_NE(peer.out().find("stopped: 1 connection(s)"), std::string::npos) << peer.out();
}

// The textbook's client sends input() without a newline and waits: after a quiet moment,
// the server answers what came.
TEST(PeerCommand, TcpServerAnswersAMessageWithoutItsNewlineOnceNothingMoreComes) {
  PeerProcess peer({"tcp-server", "--capitalize", "--port", "0", "--bind", "127.0.0.1"});
  uint16_t port = peer.Port();
  ASSERT_NE(port, 0) << peer.out() << peer.err();
  Fd client = Connect(port, SOCK_STREAM);
  Send(client, "hello");
  EXPECT_EQ(Receive(client, 6), "HELLO\n");
  EXPECT_TRUE(peer.Shows("-> 'HELLO\\n' (6 bytes)")) << peer.out();
  EXPECT_NE(peer.out().find("after a message without its newline"), std::string::npos);
  EXPECT_EQ(peer.Exit(SIGTERM), 0);
}

TEST(PeerCommand, UdpServerCapitalizesEachDatagram) {
  PeerProcess peer({"udp-server", "--capitalize", "--port", "0"});
  uint16_t port = peer.Port();
  ASSERT_NE(port, 0) << peer.out() << peer.err();
  EXPECT_NE(peer.out().find("every address of this machine (0.0.0.0)"), std::string::npos);
  Fd client = Connect(port, SOCK_DGRAM);
  Send(client, "hello udp");
  EXPECT_EQ(Receive(client, 1), "HELLO UDP");
  EXPECT_TRUE(peer.Shows(" -> 'HELLO UDP' (9 bytes)\n")) << peer.out();
  EXPECT_EQ(peer.Exit(SIGINT), 0) << peer.err();
}

// A receiver prints what came, with whatever a hostile sender put in it made visible.
TEST(PeerCommand, TcpReceiverPrintsLinesWithControlBytesEscaped) {
  PeerProcess peer({"tcp-receiver", "--port", "0"});
  uint16_t port = peer.Port();
  ASSERT_NE(port, 0) << peer.out() << peer.err();
  {
    Fd sender = Connect(port, SOCK_STREAM);
    Send(sender, "line one\n\x1b[2J\x07\x9b\n");
  }
  ASSERT_TRUE(peer.Shows("closed the connection")) << peer.out();
  EXPECT_NE(peer.out().find("<- 'line one\\n' (9 bytes)\n"), std::string::npos) << peer.out();
  EXPECT_NE(peer.out().find("<- '\\x1b[2J\\x07\\x9b\\n' (7 bytes)\n"), std::string::npos)
      << peer.out();
  EXPECT_EQ(peer.out().find('\x1b'), std::string::npos) << "no raw escape on the terminal";
  EXPECT_EQ(peer.out().find('\x07'), std::string::npos);
  EXPECT_EQ(peer.out().find(" -> "), std::string::npos) << "a receiver never answers";
  EXPECT_EQ(peer.Exit(SIGTERM), 0);
}

TEST(PeerCommand, UdpReceiverPrintsEachDatagram) {
  PeerProcess peer({"udp-receiver", "--port", "0", "--bind", "127.0.0.1"});
  uint16_t port = peer.Port();
  ASSERT_NE(port, 0) << peer.out() << peer.err();
  Fd sender = Connect(port, SOCK_DGRAM);
  Send(sender, "first\n");
  Send(sender, "second");
  EXPECT_NE(peer.out().find("on 127.0.0.1:" + std::to_string(port) + " only"), std::string::npos)
      << peer.out();
  ASSERT_TRUE(peer.Shows("<- 'second' (6 bytes)")) << peer.out();
  EXPECT_NE(peer.out().find("<- 'first\\n' (6 bytes)"), std::string::npos) << peer.out();
  EXPECT_EQ(peer.Exit(SIGTERM), 0);
}

// A listener of the test's own plays the student's receiver.
TEST(PeerCommand, TcpSenderSendsItsInputLineByLineAndEnds) {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(listener.get()).port();
  PeerProcess peer({"tcp-sender", "--to", "127.0.0.1:" + std::to_string(port)},
                   "one\ntwo\r\nthree");
  // The kernel completes the connection before accept(): the peer sends all (its input is
  // written by the loop Shows runs), then the test reads it.
  ASSERT_TRUE(peer.Shows("-> 'three\\n' (6 bytes)")) << peer.out() << peer.err();
  pollfd p{listener.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  Fd conn(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  EXPECT_EQ(Receive(conn, 100), "one\ntwo\nthree\n") << "until it closed";
  conn.Reset();
  EXPECT_EQ(peer.Exit(), 0) << peer.err();
  EXPECT_NE(peer.out().find("closed the connection"), std::string::npos) << peer.out();
}

TEST(PeerCommand, UdpSenderSendsEachLineAsADatagram) {
  Fd receiver = UdpBind(Address::Parse("127.0.0.1", 0));
  uint16_t port = LocalAddress(receiver.get()).port();
  PeerProcess peer({"udp-sender", "--to", "localhost:" + std::to_string(port)}, "a\nbb\n");
  EXPECT_EQ(peer.Exit(), 0) << peer.err();
  EXPECT_EQ(Receive(receiver, 1), "a");
  EXPECT_EQ(Receive(receiver, 1), "bb");
}

// The two halves of the capitalize exercises, both played by netgrade peer.
TEST(PeerCommand, ClientsPrintEachAnswerOfAServerAndEnd) {
  for (std::string protocol : {"tcp", "udp"}) {
    PeerProcess server(
        {protocol + "-server", "--capitalize", "--port", "0", "--bind", "127.0.0.1"});
    uint16_t port = server.Port();
    ASSERT_NE(port, 0) << server.out() << server.err();
    PeerProcess client({protocol + "-client", "--to", "127.0.0.1:" + std::to_string(port)},
                       "hello\nworld\n");
    EXPECT_EQ(client.Exit(), 0) << client.err();
    std::string newline = protocol == "tcp" ? "\\n" : "";
    size_t hello = client.out().find("-> 'hello" + newline + "'");
    size_t answer = client.out().find("<- 'HELLO" + newline + "'");
    size_t world = client.out().find("-> 'world" + newline + "'");
    EXPECT_LT(hello, answer) << client.out();
    EXPECT_LT(answer, world) << "the next line waits for the answer\n" << client.out();
    EXPECT_NE(client.out().find("<- 'WORLD" + newline + "'"), std::string::npos) << client.out();
    EXPECT_EQ(server.Exit(SIGTERM), 0);
  }
}

TEST(PeerCommand, RefusedConnectionSaysToStartTheReceiverFirst) {
  // Bound, never listening: connecting is refused, and no one else can take the port.
  Fd reserved(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  Address at = Address::Parse("127.0.0.1", 0);
  ASSERT_EQ(::bind(reserved.get(), at.sa(), at.length), 0);
  std::string to = LocalAddress(reserved.get()).ToString();
  PeerProcess peer({"tcp-sender", "--to", to}, "hello\n");
  EXPECT_EQ(peer.Exit(), 1);
  EXPECT_NE(peer.err().find("nothing is listening on " + to +
                            " (connection refused): start your receiver first"),
            std::string::npos)
      << peer.err();
}

TEST(PeerCommand, UsageErrorsExitTwoAndSayWhatIsWrong) {
  struct Bad {
    std::vector<std::string> args;
    std::string says;
  };
  for (const Bad& b : std::vector<Bad>{
           {{"tcp-servr", "--port", "5000"}, "tcp-servr not in"},
           {{"tcp-server", "--port", "http"}, "a port is a number from 1 to 65535"},
           {{"udp-server", "--port", "70000"}, "a port is a number from 1 to 65535"},
           {{"tcp-server"}, "tcp-server needs --port"},
           {{"tcp-sender"}, "tcp-sender needs --to HOST:PORT"},
           {{"udp-client", "--to", "5000"}, "expected HOST:PORT"},
           {{"tcp-receiver", "--capitalize", "--port", "0"}, "are for tcp-server and udp-server"},
           {{"tcp-client", "--to", "127.0.0.1:5000", "--timeout", "soon"}, "--timeout soon"},
       }) {
    PeerProcess peer(b.args);
    EXPECT_EQ(peer.Exit(), 2) << b.args[0];
    EXPECT_NE(peer.err().find(b.says), std::string::npos) << peer.err();
    EXPECT_EQ(peer.out().find("listening"), std::string::npos) << "refused before listening";
  }
}

TEST(PeerCommand, APortInUseIsAUsageError) {
  Fd taken = TcpListen(Address::Parse("127.0.0.1", 0));
  std::string port = std::to_string(LocalAddress(taken.get()).port());
  PeerProcess peer({"tcp-server", "--port", port, "--bind", "127.0.0.1"});
  EXPECT_EQ(peer.Exit(), 2);
  EXPECT_NE(peer.err().find("port " + port + " is already in use"), std::string::npos)
      << peer.err();
}

}  // namespace
}  // namespace netgrade
