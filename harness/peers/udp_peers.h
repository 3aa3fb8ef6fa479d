// The reference peers for UDP. As client, it sends each flow's messages from a socket of
// its own (so the student's server sees distinct clients), waiting for each answer in a
// conversation; flows run one after the other, or interleaved. As server, it records every
// datagram with its source and answers it, to the address it came from.
#pragma once

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

 private:
  struct Flow {
    Fd fd;
    size_t next = 0;     // next message to send
    size_t awaited = 0;  // answers that must have come before the next send
  };
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
  size_t turn_ = 0;  // interleaved: whose turn it is
  Admission admission_;
  // Datagrams beyond it are still read (a flood) but not kept: received_cut.
  RecordBudget received_budget_;
};

class UdpServerPeer {
 public:
  UdpServerPeer(EventLoop& loop, const Address& address, std::optional<std::string> reply);
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
