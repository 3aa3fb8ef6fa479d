// The script peer on both sides of a program in the middle (ScriptPeerOptions::own_server):
// the client that connects to the program, and the server the program connects to, which
// `accept` and `no_connection` steps take from. The "program" here is a tiny relay on a thread
// of its own: it reads "ASK <port>" from its client, connects to that port, asks "GET", and
// relays the one line it gets back.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "harness/base/address.h"
#include "harness/base/fd.h"
#include "harness/peers/script_peer.h"
#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps

std::string ReadLine(int fd) {
  std::string line;
  char c;
  while (::recv(fd, &c, 1, 0) == 1 && c != '\n') line += c;
  return line;
}

void WriteAll(int fd, const std::string& s) {
  for (size_t at = 0; at < s.size();) {
    ssize_t n = ::send(fd, s.data() + at, s.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return;
    at += static_cast<size_t>(n);
  }
}

int ConnectTo(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Serves `clients` clients one after the other. kRemember: a second "ASK" is answered from
// what it kept, without connecting again (a cache); kTwice: it asks the origin twice for one
// client. at_rest(): blocked in accept() or recv() with nothing there to take, as the case
// runner's probe sees a program (observe::Resting).
class Relay {
 public:
  enum Mode { kOnce, kRemember, kTwice };
  Relay(int clients, Mode mode) : listener_(TcpListen(Address::Parse("127.0.0.1", 0))) {
    address_ = LocalAddress(listener_.get());
    // Blocking, as a student's is (TcpListen's is not): accept() waits for the client.
    ::fcntl(listener_.get(), F_SETFL, ::fcntl(listener_.get(), F_GETFL) & ~O_NONBLOCK);
    thread_ = std::thread([this, clients, mode] {
      std::string kept;
      for (int i = 0; i < clients; ++i) {
        blocked_on_ = listener_.get();
        int client = ::accept(listener_.get(), nullptr, nullptr);
        blocked_on_ = -1;
        if (client < 0) return;
        std::string ask = Line(client);
        std::string answer = kept;
        for (int n = 0; n < (mode == kTwice ? 2 : 1) && (mode != kRemember || kept.empty()); ++n) {
          int origin = ConnectTo(static_cast<uint16_t>(std::stoi(ask.substr(4))));
          if (origin >= 0) {
            WriteAll(origin, "GET\n");
            answer = Line(origin);
            ::close(origin);
          }
        }
        kept = answer;
        WriteAll(client, answer + "\n");
        ::close(client);
      }
      blocked_on_ = listener_.get();  // done: the listener is never accepted from again
    });
  }
  ~Relay() {
    ::shutdown(listener_.get(), SHUT_RDWR);
    thread_.join();
  }
  const Address& address() const { return address_; }
  bool at_rest() const {
    int fd = blocked_on_;
    if (fd < 0) return false;
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

 private:
  std::string Line(int fd) {
    blocked_on_ = fd;
    std::string line = ReadLine(fd);
    blocked_on_ = -1;
    return line;
  }

  Fd listener_;
  Address address_;
  std::atomic<int> blocked_on_ = -1;
  std::thread thread_;
};

spec::Step Text(std::string on, std::string text) {
  return Expect(std::move(on), AnswerKind::kExact, std::move(text));
}

// The script of one fetch: client `a` asks, the program connects to the peer's server (`o`).
std::vector<spec::Step> Fetch(const std::string& a, const std::string& o) {
  return {Step(Action::kConnect, a),
          Send(a, "ASK {origin_port}"),
          Step(Action::kAccept, o),
          Text(o, "GET"),
          Send(o, "PAGE"),
          Step(Action::kClose, o),
          Text(a, "PAGE")};
}

TEST(ScriptBothSides, TheProgramsConnectionToThePeersServerIsAcceptedOnTheDrawnPort) {
  Fixture f(Fetch("a", "o"));
  Relay relay(1, Relay::kOnce);
  Fd probe = TcpListen(Address::Parse("127.0.0.1", 0));
  Address own = LocalAddress(probe.get());
  probe.Reset();  // a free port, as the case runner draws one
  auto peer = f.Both(relay.address(), own, [&] { return relay.at_rest(); });
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step_name;
  // {origin_port} went out as the port the peer's server listens on.
  EXPECT_EQ(peer->log()[0].sent, std::vector<std::string>{"ASK " + std::to_string(own.port())});
  EXPECT_EQ(peer->log()[1].received, "GET\n");
}

TEST(ScriptBothSides, NoConnectionHoldsWhenTheProgramAnswersFromWhatItKept) {
  std::vector<spec::Step> script = Fetch("a", "o");
  for (const spec::Step& s : {Step(Action::kConnect, "b"), Send("b", "ASK {origin_port}"),
                              Step(Action::kNoConnection, "o2"), Text("b", "PAGE")})
    script.push_back(s);
  Fixture f(script);
  Relay relay(2, Relay::kRemember);
  auto peer =
      f.Both(relay.address(), Address::Parse("127.0.0.1", 0), [&] { return relay.at_rest(); });
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step_name;
}

// A program that connects twice for one request: the second connection, which no accept
// takes, fails the no_connection step as soon as it comes (the program never rests first:
// it waits for the origin's answer to it).
TEST(ScriptBothSides, NoConnectionFailsWhenTheProgramAsksTheServerAgain) {
  std::vector<spec::Step> script = Fetch("a", "o");
  script.insert(script.end() - 1, Step(Action::kNoConnection, "o2"));
  Fixture f(script);
  f.test.script[6].hints.extra = "ask once";
  Relay relay(1, Relay::kTwice);
  auto peer =
      f.Both(relay.address(), Address::Parse("127.0.0.1", 0), [&] { return relay.at_rest(); });
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kUnwantedConnection);
  EXPECT_EQ(failure->step, 7u);
  EXPECT_EQ(failure->on, "o2");
  EXPECT_TRUE(failure->on_server);
  EXPECT_EQ(failure->hint, "ask once");
}

TEST(ScriptBothSides, AnAcceptTheProgramNeverMakesFailsAsNoConnection) {
  Fixture f({Step(Action::kConnect, "a"), Send("a", "hello"), Step(Action::kAccept, "o")});
  // A program that reads and never connects anywhere: at rest, the accept has waited in vain.
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  auto peer = f.Both(LocalAddress(listener.get()), Address::Parse("127.0.0.1", 0));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kNoConnection);
  EXPECT_TRUE(failure->on_server);
}

}  // namespace
}  // namespace netgrade::peers
