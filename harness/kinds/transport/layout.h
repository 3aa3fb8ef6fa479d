// The spec's words for a transport case (kinds/transport/spec_parts.h) as the models the case runs:
// the header's format, and each direction's link.
#pragma once

#include "harness/kinds/transport/link.h"
#include "harness/kinds/transport/packet_format.h"
#include "harness/spec/spec.h"

namespace netgrade::transport {

PacketFormat FormatOf(const spec::PacketLayout& layout);
LinkConfig ConfigOf(const spec::LinkDirection& direction);
// The round trip with nothing queued: both delays, and one full packet's transmission each way.
double BaseRttMs(const spec::TransportLink& link, size_t data_bytes, size_t ack_bytes);
// What a direction's queue adds to a packet's trip when full, at its lowest rate, packets of
// `packet_bytes`; 0 when it has no bound or no rate (a trace's rate is not read).
double QueueFullMs(const spec::LinkDirection& direction, size_t packet_bytes);

}  // namespace netgrade::transport
