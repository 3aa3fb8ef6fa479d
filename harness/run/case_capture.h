// --pcap: every packet of one case's network (its namespaces: sandbox/case_network.h),
// written as a pcapng file that Wireshark opens, with what the fault plan did written on the
// packets it did it to (kinds/sockets/capture_faults.h). A case without a network of its own has
// none: the machine's network carries other programs' packets, which are no one's to see here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/kinds/sockets/capture_faults.h"
#include "harness/observe/packet_capture.h"
#include "harness/proxy/transcript.h"
#include "harness/sandbox/case_network.h"

namespace netgrade::run {

class CaseCapture {
 public:
  // The file never grows past `max_file_bytes` (RunOptions::capture_max_bytes); packets past
  // it are counted, not kept.
  // Starts capturing in the network's namespaces: the student's, and on two hosts the peer's
  // loopback (what crosses the veth is the student's namespace's already).
  CaseCapture(const sandbox::CaseNetwork& network, size_t max_file_bytes);
  // Capturing in `student` alone: the host a kind's case starts the program in
  // (CaseHost::StartProgram; every packet the program sent or got crosses it).
  CaseCapture(const sandbox::NetNamespace& student, size_t max_file_bytes);
  CaseCapture(const CaseCapture&) = delete;
  CaseCapture& operator=(const CaseCapture&) = delete;

  // What the file says of itself, in its section comment (Wireshark's capture properties).
  struct About {
    std::string case_name, exercise, program, fault_plan;
    uint64_t seed = 0;
  };
  // Stops capturing and writes `file` (its folder made when missing). `transcript` and `ports`:
  // the proxy's, for a case with one (else nullptr). What the report says of it.
  check::Capture Write(const std::string& file, const About& about,
                       const proxy::Transcript* transcript, const sockets::ProxyPorts& ports);

 private:
  struct Side {
    std::string name;  // the interface's name in the file
    std::unique_ptr<observe::PacketCapture> capture;
    bool loopback_only = false;
  };
  struct Where {
    const sandbox::NetNamespace* ns;
    const char* name;
    bool loopback_only;
  };
  void Start(const std::vector<Where>& where);

  size_t max_file_bytes_;
  std::vector<Side> sides_;
  std::string missing_;
  int64_t realtime_offset_ns_ = 0;
};

}  // namespace netgrade::run
