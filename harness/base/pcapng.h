// A pcapng file, the format Wireshark and tshark open (draft-ietf-opsawg-pcapng), written
// whole in memory: one section, its interfaces, and their packets, each packet with an
// optional comment. libpcap captures the packets (observe/packet_capture.h), but its dump
// writer in Debian 12 and 13 (1.10) writes only the older pcap format, which has no place for
// a comment; Wireshark's own writer (libwiretap) is not a stable library and brings GLib. The
// three block types written here are all a reader needs, and the tests read every file back
// with tshark.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace netgrade {

// LINKTYPE_LINUX_SLL: libpcap's "any" interface, every interface of a network namespace.
inline constexpr uint16_t kLinktypeLinuxCooked = 113;

class PcapngWriter {
 public:
  // `application`: what wrote the file; `comment`: the section's, which Wireshark shows in
  // its capture file properties (SetComment may change it until Bytes()).
  PcapngWriter(std::string_view application, std::string_view comment);

  void SetComment(std::string_view comment) { comment_ = comment; }
  // A new interface; returns its id for AddPacket. Timestamps are in nanoseconds.
  uint32_t AddInterface(uint16_t linktype, std::string_view name, uint32_t snaplen);
  // A packet seen on `interface` at `ns` since the epoch: `data` as captured (perhaps cut),
  // `original_length` as it was on the wire. Throws std::invalid_argument for an interface
  // not added.
  void AddPacket(uint32_t interface, uint64_t ns, std::string_view data, uint32_t original_length,
                 std::string_view comment = {});

  // The file's size so far, the section's header included.
  size_t size() const;
  uint32_t interfaces() const { return interfaces_; }
  // The file: the section header, then every interface and packet in the order added.
  std::string Bytes() const;

 private:
  std::string SectionHeader() const;
  std::string application_;
  std::string comment_;
  std::string blocks_;  // after the section header
  uint32_t interfaces_ = 0;
};

}  // namespace netgrade
