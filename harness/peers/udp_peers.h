// The reference peers for UDP. As client, it sends each flow's messages from a socket of
// its own (so the student's server sees distinct clients), waiting for each answer in a
// conversation; flows run one after the other, or interleaved. As server, it records every
// datagram with its source and answers it, to the address it came from.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/peers/admission.h"
#include "harness/peers/peer_log.h"
#include "harness/spec/spec.h"

namespace netgrade::peers {

class UdpClientPeer {
 public:
  UdpClientPeer(EventLoop& loop, const std::vector<spec::Connection>& plan, bool expect_replies,
                bool interleave, Address target);
  ~UdpClientPeer();
  UdpClientPeer(const UdpClientPeer&) = delete;
  UdpClientPeer& operator=(const UdpClientPeer&) = delete;

  void Start();
  bool done() const;
  const std::vector<ConnectionLog>& log() const { return log_; }
  std::string Describe() const;
  Admission& admission() { return admission_; }
  // A reference sender (spec::Peer frame, await, resend): each message goes on the wire as
  // `frame` puts it; with `await`, only that answer acknowledges it (others are recorded and
  // ignored), and it is sent again after `resend_ms` without it (at most kMostResends times).
  // log.sent keeps the messages themselves, once each: what a receiver must print.
  void SetReliable(std::string frame, std::optional<std::string> await, int resend_ms);
  static constexpr int kMostResends = 30;
  // The most times a message went again on a flow that has received nothing at all.
  int unanswered_resends() const;
  // The case's verdict is decided: nothing more is sent (no resend, no next message), so that
  // what crosses the proxy after it does not turn on how long the case takes to end.
  void Hush();
  // Before each resend, `decided` is asked whether the case's verdict is already decided by
  // what came before (a receiver that answered the last two elsewhere): then it goes quiet,
  // as Hush. The resend that would have followed the verdict is never in the transcript,
  // however long the grader took to see the verdict (the same seed, the same datagrams).
  void HoldResendsWhen(std::function<bool()> decided) { hold_ = std::move(decided); }

 private:
  struct Flow {
    Fd fd;
    size_t next = 0;     // next message to send
    size_t awaited = 0;  // answers that must have come before the next send
    size_t acked = 0;    // with await: messages acknowledged
    std::string wire;    // with await: the last message as it went on the wire
    int resends = 0;
    uint64_t timer = 0;
  };
  bool hushed_ = false;
  std::function<bool()> hold_;
  void Resend(size_t flow);
  void Acknowledged(size_t flow, const std::string& answer);
  void SendNext();
  void Receive(size_t flow);
  bool FlowWaiting(size_t flow) const;
  size_t PickFlow() const;

  EventLoop& loop_;
  std::vector<spec::Connection> plan_;
  bool expect_replies_;
  bool interleave_;
  Address target_;
  std::vector<Flow> flows_;
  std::vector<ConnectionLog> log_;
  std::string frame_;
  std::optional<std::string> await_;
  int resend_ms_ = 0;
  size_t turn_ = 0;  // interleaved: whose turn it is
  Admission admission_;
  // Datagrams beyond it are still read (a flood) but not kept: received_cut.
  RecordBudget received_budget_;
};

class UdpServerPeer {
 public:
  // With `matches`, a datagram it is not found in gets no answer, and its named groups fill
  // `reply` (ComputeReply).
  UdpServerPeer(EventLoop& loop, const Address& address, std::optional<std::string> reply,
                std::optional<std::string> matches = std::nullopt);
  ~UdpServerPeer();
  UdpServerPeer(const UdpServerPeer&) = delete;
  UdpServerPeer& operator=(const UdpServerPeer&) = delete;

  const Address& address() const { return address_; }
  // One log per source address, in order of first datagram.
  const std::vector<ConnectionLog>& log() const { return log_; }
  void Close();
  Admission& admission() { return admission_; }

 private:
  void Receive();

  EventLoop& loop_;
  Fd fd_;
  Address address_;
  std::optional<std::string> reply_;
  std::optional<std::string> matches_;
  std::vector<ConnectionLog> log_;
  int answered_ = 0;
  Admission admission_;
  // Beyond them a flood is still read and answered, but not kept: received_cut, replies_cut.
  RecordBudget received_budget_;
  RecordBudget replies_budget_;
};

// A datagram as a message: one trailing "\n" or "\r\n" removed.
std::string DatagramText(const char* data, size_t size);

}  // namespace netgrade::peers
