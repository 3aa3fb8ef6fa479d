// Every packet of one network namespace (a case's own: sandbox/netns.h), as libpcap's "any"
// interface sees them, read on a thread of its own while the case runs, so that the case's
// event loop never waits for it. Each packet is seen once: libpcap drops the loopback's
// outgoing copy of what it then receives.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "harness/base/fd.h"

struct pcap;
struct pcap_pkthdr;

namespace netgrade::observe {

struct CapturedPacket {
  uint64_t ns = 0;               // when the kernel saw it, since the epoch
  uint32_t original_length = 0;  // on the wire; data may hold less (the snap length)
  std::string data;              // a Linux cooked header (LINKTYPE_LINUX_SLL), then IP
};

class PacketCapture {
 public:
  // Bytes of a packet kept: a whole loopback packet (its MTU is 64 KiB).
  static constexpr int kSnapLength = 65536 + 16;

  // Opens a capture in the calling thread's network namespace, keeping packets until their
  // data reaches `max_bytes` (the rest are counted); nullptr, *why saying why, when it cannot
  // (no CAP_NET_RAW there).
  static std::unique_ptr<PacketCapture> Open(size_t max_bytes, std::string* why);
  ~PacketCapture();
  PacketCapture(const PacketCapture&) = delete;
  PacketCapture& operator=(const PacketCapture&) = delete;

  // Reads what the kernel holds, then stops; returns the packets kept, in order.
  std::vector<CapturedPacket> Stop();
  // Packets seen after max_bytes was reached, or dropped by the kernel: valid after Stop().
  size_t left_out() const { return left_out_; }

 private:
  PacketCapture(pcap* handle, size_t max_bytes);
  void Read();  // the thread: until stop_ is written
  static void Take(unsigned char* self, const ::pcap_pkthdr* header, const unsigned char* bytes);

  pcap* handle_;
  size_t max_bytes_;
  size_t kept_bytes_ = 0;
  size_t left_out_ = 0;
  std::vector<CapturedPacket> packets_;
  Fd stop_;  // an eventfd: written once to end the thread
  std::thread reader_;
};

// What a packet carries, for matching it to what the proxy saw: its transport (IPPROTO_TCP or
// IPPROTO_UDP), ports and payload; nullopt for anything else (ICMP, ARP, a fragment, a packet
// cut before its transport header).
struct Segment {
  int protocol = 0;
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
  bool loopback = false;     // seen on a loopback interface (not a veth)
  std::string_view payload;  // into the packet's data: as much as was kept
};
std::optional<Segment> ParseCooked(std::string_view data);
// Whether a packet of Linux cooked capture was seen on a loopback interface.
bool OnLoopback(std::string_view data);

}  // namespace netgrade::observe
