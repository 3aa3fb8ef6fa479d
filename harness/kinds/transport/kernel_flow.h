// A kernel TCP flow beside the student's sender, through the same link (transfer: {beside:
// tcp}, the contract's "beside TCP"): a bulk transfer between two network namespaces of
// netgrade's own, each with a TUN device. netgrade reads the flow's IP packets from one TUN
// and offers them to the case's link model (link.h) as it offers the program's datagrams, so
// that both wait in the one queue, and writes each into the other TUN when the link delivers
// it. The kernel's CUBIC drives it (Reno where a kernel has no CUBIC), whatever the machine's
// default: the same flow on every machine.
//
//   [near] ngtcp 10.77.0.1 --> read: link out  --> written --> ngtcp 10.77.0.2 [far]
//                          <-- written <-- link back <-- read <--
//
// The near end writes without end; the far end reads and counts what it read over time, as
// netgrade's receiver counts the program's bytes (Progress).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/base/fd.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/link.h"
#include "harness/sandbox/netns.h"

namespace netgrade::transport {

class KernelTcpFlow {
 public:
  // What the case gives the flow: its loop, when it started (the link's times count from
  // it), and its link: both directions' offers in time order, shared with the program's
  // datagrams (`out` is the program's direction).
  struct Hooks {
    EventLoop* loop = nullptr;
    TimePoint start;
    std::function<Fate(bool out, Micros at, size_t bytes)> offer;
  };
  // Packets held by the link at once, past which one more is dropped (memory bounded).
  static constexpr size_t kMostHeld = 20000;

  // The namespaces, the TUN devices, the far end's listener. nullptr and *why when the
  // machine cannot make namespaces; throws SystemError when the kernel refuses a step (no
  // /dev/net/tun: the grader's failure).
  static std::unique_ptr<KernelTcpFlow> Create(Hooks hooks, std::string* why);
  ~KernelTcpFlow();
  KernelTcpFlow(const KernelTcpFlow&) = delete;
  KernelTcpFlow& operator=(const KernelTcpFlow&) = delete;

  // Connects and writes from the near end; the far end accepts and reads.
  void Start();
  // No more reads or writes on either end, and nothing more carried.
  void Stop();

  // What the far end read by when (at most a sample per 10 ms), and in all.
  const std::vector<Progress>& progress() const { return progress_; }
  size_t bytes_read() const { return bytes_read_; }
  // The connection was accepted at the far end (its handshake crossed the link).
  bool connected() const { return connected_; }
  // The near end's congestion control as the kernel names it ("cubic").
  const std::string& congestion_control() const { return congestion_control_; }
  // Packets read from either TUN and offered to the link; of them, dropped by it.
  size_t packets() const { return packets_; }
  size_t dropped() const { return dropped_; }

 private:
  KernelTcpFlow() = default;
  void ReadTun(bool near);
  void Write();
  void Accept();
  void Read();
  Micros Now() const;

  Hooks hooks_;
  std::unique_ptr<sandbox::NetNamespace> near_ns_, far_ns_;
  Fd near_tun_, far_tun_, listener_, client_, server_;
  bool stopped_ = false, connected_ = false;
  std::string congestion_control_;
  std::vector<Progress> progress_;
  std::vector<char> sink_;            // what the far end reads, thrown away
  std::vector<uint8_t> read_buffer_;  // a TUN's packet as read, before its own copy
  size_t bytes_read_ = 0, packets_ = 0, dropped_ = 0, held_ = 0;
  // The link's deliveries still due, cancelled with the flow. Looks, not actions
  // (EventLoop::Look), and the descriptors watched aside: the flow's traffic is nothing on its
  // way to the program, which the rest rule may find at rest while it runs.
  std::set<uint64_t> timers_;
};

}  // namespace netgrade::transport
