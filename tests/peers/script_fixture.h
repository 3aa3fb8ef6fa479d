// What the script peer's tests share (script_peer_test.cc, script_steps_test.cc,
// script_report_test.cc): steps built in C++, a fixture that makes the peer on a loop where
// the student's program is always at rest when looked at, and small students on that loop.
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/peers/script_peer.h"

namespace netgrade::peers::script_test {

using Action = spec::Step::Action;
using AnswerKind = spec::Answer::Kind;
inline const auto kBound = std::chrono::seconds(5);  // bounds a failure only

inline spec::Step Step(Action a, std::string on = "1", std::string text = "") {
  spec::Step s;
  s.action = a;
  s.on = std::move(on);
  s.text = std::move(text);
  return s;
}
inline spec::Step Send(std::string on, std::string text, bool newline = true) {
  spec::Step s = Step(Action::kSend, std::move(on), std::move(text));
  s.newline = newline;
  return s;
}
inline spec::Step Expect(std::string on, AnswerKind kind = AnswerKind::kUpper,
                         std::string text = "") {
  spec::Step s = Step(Action::kExpect, std::move(on));
  s.answer.kind = kind;
  s.answer.text = std::move(text);
  return s;
}
inline spec::Step Answer(std::string on, int count) {
  spec::Step s = Step(Action::kAnswer, std::move(on));
  s.count = count;
  return s;
}

struct Fixture {
  spec::Spec spec;
  spec::Case test;
  EventLoop loop;
  explicit Fixture(std::vector<spec::Step> script, bool udp = false) {
    spec.protocol = udp ? spec::Protocol::kUdp : spec::Protocol::kTcp;
    test.script = std::move(script);
    for (size_t i = 0; i < test.script.size(); ++i) test.script[i].mark.line = 10 + int(i);
    test.peer.reply = "{upper}";
  }
  // The student's program is on this loop: whenever the peer looks, it is at rest.
  // `reading`: the sockets the program is asleep reading (ScriptPeerOptions::reading).
  std::unique_ptr<Peer> Client(const Address& target, CaseControl* control = nullptr,
                               Thresholds t = {}, ReadingProbe reading = {}) {
    return MakeScriptPeer(
        loop, spec, test,
        {true, target, t, control, [] { return true; }, std::move(reading), {}, std::nullopt});
  }
  // A client that is also the program's server, listening at `own` (a proxy's origin).
  std::unique_ptr<Peer> Both(
      const Address& target, const Address& own, WaitingProbe resting = [] { return true; }) {
    return MakeScriptPeer(loop, spec, test,
                          {true, target, {}, nullptr, std::move(resting), {}, {}, own});
  }
  std::unique_ptr<Peer> Server(Address* bound, CaseControl* control = nullptr) {
    return MakeScriptPeer(loop, spec, test,
                          {false,
                           Address::Parse("127.0.0.1", 0),
                           {},
                           control,
                           [] { return true; },
                           {},
                           {},
                           std::nullopt},
                          bound);
  }
  bool Run(Peer& peer) {
    return loop.RunUntil([&] { return peer.done(); }, Clock::now() + kBound);
  }
};

// A student's TCP server on the loop answering each line with answer(line). One at a time:
// it reads only from the first connection it accepted until that one closes.
class Server {
 public:
  Server(EventLoop& loop, bool one_at_a_time = false,
         std::function<std::string(const std::string&)> answer = {})
      : loop_(loop),
        listener_(TcpListen(Address::Parse("127.0.0.1", 0))),
        one_at_a_time_(one_at_a_time),
        answer_(std::move(answer)) {
    if (!answer_)
      answer_ = [](const std::string& line) {
        std::string up = line;
        for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return up;
      };
    loop_.Watch(listener_.get(), POLLIN, [this](short) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      conns_[fd] = std::make_unique<Fd>(fd);
      if (!one_at_a_time_ || conns_.size() == 1) {
        if (conns_.size() == 1) first_ = fd;
        loop_.Watch(fd, POLLIN, [this, fd](short) { OnData(fd); });
      }
    });
  }
  ~Server() {
    for (auto& [fd, owned] : conns_) loop_.Unwatch(fd);
    loop_.Unwatch(listener_.get());
  }
  Address address() const { return LocalAddress(listener_.get()); }
  // The sockets it reads (one at a time: the first it accepted), as a program asleep in
  // recv() on them would be seen (observe/blocked_reading.h).
  std::vector<uint64_t> Reading() const {
    std::vector<uint64_t> out;
    for (const auto& [fd, owned] : conns_) {
      struct stat st{};
      if ((!one_at_a_time_ || fd == first_) && ::fstat(fd, &st) == 0) out.push_back(st.st_ino);
    }
    return out;
  }
  int resets = 0;

 private:
  void OnData(int fd) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) pending_[fd].append(buf, n);
    std::string& p = pending_[fd];
    for (size_t nl; (nl = p.find('\n')) != std::string::npos; p.erase(0, nl + 1)) {
      std::string answer = answer_(p.substr(0, nl)) + "\n";
      ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
    }
    if (n == 0 || (n < 0 && errno != EAGAIN)) {
      if (n < 0) ++resets;
      loop_.Unwatch(fd);
      conns_.erase(fd);
    }
  }
  EventLoop& loop_;
  Fd listener_;
  bool one_at_a_time_;
  int first_ = -1;  // the connection a one-at-a-time server reads
  std::function<std::string(const std::string&)> answer_;
  std::map<int, std::unique_ptr<Fd>> conns_;
  std::map<int, std::string> pending_;
};

// Records the calls of the script's steps on the case, answering each at once; `on_stdin`
// lets a test act at a point of the script (a client of the peer as server).
class FakeControl : public CaseControl {
 public:
  void StopStudent(std::function<void()> done) override {
    calls.push_back("stop");
    done();
  }
  void StartStudent(std::function<void(bool)> done) override {
    calls.push_back("start");
    done(true);
  }
  void AwaitListening(std::chrono::milliseconds within, std::function<void(bool)> done) override {
    calls.push_back("listening " + std::to_string(within.count()));
    done(listening);
  }
  void FeedStdin(const std::string& line) override {
    calls.push_back("stdin " + line);
    if (on_stdin) on_stdin(line);
  }
  void CloseStdin() override { calls.push_back("close stdin"); }
  void AwaitWaiting(std::function<void()> done) override {
    calls.push_back("until waiting");
    done();
  }
  std::vector<std::string> calls;
  bool listening = true;
  std::function<void(const std::string&)> on_stdin;
};

// A student's client: a blocking-free socket the test drives, reading what comes on the loop.
struct TestClient {
  EventLoop& loop;
  Fd fd;
  std::string got;
  bool ended = false;
  TestClient(EventLoop& l, const Address& to, bool tcp = true) : loop(l) {
    if (tcp) {
      fd = TcpConnectStart(to);
    } else {
      fd = UdpBind(Address::Parse("127.0.0.1", 0));
      EXPECT_EQ(::connect(fd.get(), to.sa(), to.length), 0);  // a connected UDP socket
    }
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[4096];
      ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
      if (n > 0) got.append(buf, n);
      if (n == 0 || (n < 0 && errno != EAGAIN)) {
        ended = true;
        loop.Unwatch(fd.get());
      }
    });
  }
  ~TestClient() {
    if (!ended) loop.Unwatch(fd.get());
  }
  void Send(const std::string& text) {
    ASSERT_EQ(::send(fd.get(), text.data(), text.size(), MSG_NOSIGNAL), ssize_t(text.size()));
  }
};

// A student's UDP server on the loop answering each datagram in upper case.
struct UdpUpper {
  EventLoop& loop;
  Fd fd = UdpBind(Address::Parse("127.0.0.1", 0));
  explicit UdpUpper(EventLoop& l) : loop(l) {
    loop.Watch(fd.get(), POLLIN, [this](short) {
      char buf[2048];
      Address from;
      from.length = sizeof from.storage;
      ssize_t n = ::recvfrom(fd.get(), buf, sizeof buf, 0, from.sa(), &from.length);
      if (n < 0) return;
      for (ssize_t i = 0; i < n; ++i) buf[i] = static_cast<char>(std::toupper(buf[i]));
      ::sendto(fd.get(), buf, n, 0, from.sa(), from.length);
    });
  }
  ~UdpUpper() { loop.Unwatch(fd.get()); }
};

}  // namespace netgrade::peers::script_test
