#include "harness/run/case_capture.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "harness/base/pcapng.h"
#include "harness/base/text.h"
#include "harness/run/batch.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run {
namespace {

// A time point of either clock as nanoseconds since its epoch.
int64_t SinceEpochNs(auto clock_now) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_now.time_since_epoch()).count();
}

}  // namespace

CaseCapture::CaseCapture(const sandbox::CaseNetwork& network, size_t max_file_bytes)
    : max_file_bytes_(max_file_bytes) {
  if (!network.isolated()) {
    missing_ =
        "the case ran on this machine's own network (netgrade cannot make network namespaces "
        "here): a capture of it would hold other programs' packets";
    return;
  }
  std::vector<Where> where = {{network.student(), "student", false}};
  if (network.peer() != nullptr) where.push_back({network.peer(), "peer", true});
  Start(where);
}

CaseCapture::CaseCapture(const sandbox::NetNamespace& student, size_t max_file_bytes)
    : max_file_bytes_(max_file_bytes) {
  Start({{&student, "student", false}});
}

void CaseCapture::Start(const std::vector<Where>& where) {
  realtime_offset_ns_ = SinceEpochNs(std::chrono::system_clock::now()) -
                        SinceEpochNs(std::chrono::steady_clock::now());
  for (const Where& w : where) {
    sandbox::NetNamespace::Scope in(w.ns);
    std::string why;
    auto capture = observe::PacketCapture::Open(max_file_bytes_, &why);
    if (!capture) {
      missing_ = "libpcap could not capture in the case's network: " + why;
      sides_.clear();
      return;
    }
    sides_.push_back({w.name, std::move(capture), w.loopback_only});
  }
}

check::Capture CaseCapture::Write(const std::string& file, const About& about,
                                  const proxy::Transcript* transcript,
                                  const sockets::ProxyPorts& ports) {
  check::Capture out;
  if (!missing_.empty()) {
    out.missing = missing_;
    return out;
  }
  // Every side's packets, stopped first, then merged in time order.
  std::vector<std::vector<observe::CapturedPacket>> kept;
  for (Side& side : sides_) {
    kept.push_back(side.capture->Stop());
    out.left_out += side.capture->left_out();
  }
  PcapngWriter writer("netgrade", "");
  // Merged in time order, moved (not copied: up to the bound each), each packet with the
  // interface it was seen on.
  std::vector<observe::CapturedPacket> packets;
  std::vector<uint32_t> seen_on;
  for (size_t s = 0; s < sides_.size(); ++s) {
    uint32_t interface = writer.AddInterface(
        kLinktypeLinuxCooked, sides_[s].name + " (every interface of its network namespace)",
        observe::PacketCapture::kSnapLength);
    for (observe::CapturedPacket& p : kept[s]) {
      if (sides_[s].loopback_only && !observe::OnLoopback(p.data)) continue;
      packets.push_back(std::move(p));
      seen_on.push_back(interface);
    }
  }
  std::vector<size_t> order(packets.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return packets[a].ns < packets[b].ns; });
  std::vector<observe::CapturedPacket> in_order;
  std::vector<uint32_t> interfaces;
  in_order.reserve(order.size());
  for (size_t i : order) {
    in_order.push_back(std::move(packets[i]));
    interfaces.push_back(seen_on[i]);
  }
  std::map<size_t, std::string> comments;
  size_t unplaced = 0;
  if (transcript != nullptr)
    comments =
        sockets::FaultComments(in_order, *transcript, ports,
                               SinceEpochNs(transcript->start()) + realtime_offset_ns_, &unplaced);
  for (size_t i = 0; i < in_order.size(); ++i) {
    const observe::CapturedPacket& p = in_order[i];
    auto c = comments.find(i);
    std::string comment = c == comments.end() ? "" : Visible(c->second);
    // Room kept for the section header's longer comment, written last.
    if (writer.size() + p.data.size() + comment.size() + 64 > max_file_bytes_ - 4096) {
      out.left_out += in_order.size() - i;
      break;
    }
    writer.AddPacket(interfaces[i], p.ns, p.data, p.original_length, comment);
    ++out.packets;
    if (!comment.empty()) ++out.fault_comments;
  }
  std::string header = fmt::format("netgrade: case {} of {}, {}, seed {}.", about.case_name,
                                   about.exercise, about.program, about.seed);
  if (!about.fault_plan.empty())
    header += fmt::format(" Fault plan: {}; {} packets carry a comment saying what it did.",
                          about.fault_plan, out.fault_comments);
  if (unplaced > 0) header += fmt::format(" {} actions of the plan fit no packet kept.", unplaced);
  if (out.left_out > 0)
    header += fmt::format(" {} packets are not in this file: it stops at {} MiB.", out.left_out,
                          max_file_bytes_ >> 20);
  writer.SetComment(EscapeText(header, 4000));
  try {
    std::filesystem::create_directories(std::filesystem::path(file).parent_path());
    // Atomically, and so vouched for in a batch's OUT (run/gradebook_vouch.h).
    WriteAtomically(file, writer.Bytes());
  } catch (const std::exception& e) {
    out.missing = fmt::format("could not write {}: {}", file, e.what());
    out.packets = out.fault_comments = 0;
    return out;
  }
  out.file = file;
  return out;
}

}  // namespace netgrade::run
