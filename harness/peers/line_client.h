// The active side of netgrade peer: a TCP or UDP client (or sender) fed lines one at a time,
// as a person types them or a file gives them, telling each event through a callback. The
// grader's own clients (TcpClientPeer, UdpClientPeer) play a plan known in advance; this one
// sends what comes while it runs, with the same socket calls (base/address).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <string>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"

namespace netgrade::peers {

struct LineClientOptions {
  Address target;
  bool tcp = true;
  // A client waits for an answer to each line before it sends the next (for at most
  // `timeout`); a sender sends every line as it comes and expects nothing back.
  bool answers = false;
  std::chrono::milliseconds timeout{3000};
  // What the person must start first when nothing listens: "receiver", "server".
  std::string other_side = "receiver";
};

class LineClient {
 public:
  using Print = std::function<void(const std::string& event)>;
  LineClient(EventLoop& loop, LineClientOptions options, Print print);
  ~LineClient();
  LineClient(const LineClient&) = delete;
  LineClient& operator=(const LineClient&) = delete;

  // TCP: starts connecting; UDP: opens its socket.
  void Start();
  // One line of input, without its newline: over TCP it goes with "\n", over UDP as one
  // datagram of just the line (as the grader's reference client sends a message).
  void Send(std::string line);
  // No more input: once every line is out (and answered), a TCP client closes and is done.
  void EndInput();
  bool done() const { return done_; }
  // Empty when everything went as it should; else what went wrong, for the person.
  const std::string& failure() const { return failure_; }
  // Lines of input not sent yet (the caller stops reading its input when there are many).
  size_t backlog() const { return pending_.size(); }

 private:
  void OnConnect();
  void OnEvent(short revents);
  void Pump();
  void Flush();
  void ReadTcp();
  void ReadUdp();
  void UdpErrors();
  bool Waiting() const { return options_.answers && sent_ > answered_; }
  void ArmTimeout();
  void TimedOut();
  void Fail(std::string why);
  void Finish();
  void Close();

  EventLoop& loop_;
  LineClientOptions options_;
  Print print_;
  Fd fd_;
  bool connecting_ = false;
  bool input_ended_ = false;
  // All done: TCP half-closed, reading until the other side closes; UDP sender: waiting a
  // moment for a port unreachable.
  bool lingering_ = false;
  bool done_ = false;
  std::string failure_;
  std::deque<std::string> pending_;  // lines not sent yet
  std::string out_;                  // TCP: the line being written, with its newline
  size_t out_sent_ = 0;
  std::string last_;       // the last line sent (for "no answer to ...")
  size_t sent_ = 0;        // lines sent
  size_t answered_ = 0;    // lines answered (TCP: bytes came after it was sent)
  size_t unanswered_ = 0;  // UDP client: lines whose answer never came
  uint64_t timer_ = 0;
};

}  // namespace netgrade::peers
