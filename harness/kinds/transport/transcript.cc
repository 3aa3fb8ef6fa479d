#include "harness/kinds/transport/transcript.h"

#include <fmt/core.h>

#include "harness/kinds/transport/words.h"

namespace netgrade::transport {
namespace {

std::string FateWords(const PacketRecord& r) {
  if (r.overflow) return "dropped: netgrade held too many";
  switch (r.fate) {
    case Fate::kLost:
      return "lost";
    case Fate::kPlannedLoss:
      return "lost (by plan)";
    case Fate::kQueueFull:
      return "dropped: the queue was full";
    case Fate::kDelivered:
      break;
  }
  std::string out = fmt::format("delivered at {:.1f} ms", r.delivered.count() / 1000.0);
  if (r.corrupted) out += ", a bit flipped";
  if (r.duplicated) out += ", twice";
  if (r.reordered) out += ", held back";
  return out;
}

}  // namespace

void DescribeRecord(const spec::Case& test, const PacketFormat& format,
                    const std::vector<PacketRecord>& records, size_t unrecorded, bool student_sends,
                    check::CaseResult* r) {
  r->fault_plan = "the link: " + LinkLine(test);
  r->transcript.push_back(r->fault_plan);
  r->events_from = "wire";
  r->crossed = "the link";
  r->peer_names = student_sends ? "netgrade's receiver" : "netgrade's sender";
  int index[2] = {0, 0};
  size_t lines = 0;
  for (const PacketRecord& rec : records) {
    if (lines++ == kMostTranscriptLines) {
      r->transcript.push_back(fmt::format("(and {} more datagrams, not shown)",
                                          records.size() - kMostTranscriptLines + unrecorded));
      break;
    }
    check::TranscriptEvent e;
    e.t_ms = rec.seen.count() / 1000.0;
    e.direction = rec.from_student ? "from_student" : "to_student";
    e.index = ++index[rec.from_student ? 0 : 1];
    e.size = rec.size;
    e.text = DescribeHeader(format, rec.header, rec.size);
    if (rec.copy > 0) e.text = fmt::format("(copy {}) {}", rec.copy + 1, e.text);
    e.action = rec.fate != Fate::kDelivered || rec.overflow ? "dropped"
               : rec.duplicated                             ? "duplicated"
                                                            : "passed";
    e.words = FateWords(rec);
    r->transcript.push_back(fmt::format("{:8.1f} ms {} {} [{}]", e.t_ms,
                                        rec.from_student ? "->" : "<-", e.text, e.words));
    r->events.push_back(std::move(e));
  }
}

}  // namespace netgrade::transport
