// A transport case's record in words, for the report: the link on one line, then one line
// per datagram each way with its fate, and the diagram's events (report/sequence_svg.cc).
#pragma once

#include <vector>

#include "harness/check/result.h"
#include "harness/kinds/transport/record.h"
#include "harness/spec/spec.h"

namespace netgrade::transport {

// A transcript this long says the rest in a count: a 1 MiB transfer is a thousand packets.
inline constexpr size_t kMostTranscriptLines = 400;

// Fills r's fault plan, transcript, events and their names; `student_sends`: the program is
// the sender (netgrade's receiver is the other side).
void DescribeRecord(const spec::Case& test, const PacketFormat& format,
                    const std::vector<PacketRecord>& records, size_t unrecorded, bool student_sends,
                    check::CaseResult* r);

}  // namespace netgrade::transport
