// `received_ids`: a client picks a new id for each query (dns-lite's "<id> <name>"), so that a
// late answer to an earlier query, which carries the earlier id, is not taken for this one's.
// A client that keeps one id for every query passes every other check when it also compares
// the name in the answer; this one names its mistake.
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"
#include "harness/check/socket_terms.h"
#include "harness/observe/observation.h"
#include "harness/spec/spec.h"

namespace netgrade::check {

// `rule` over the messages the reference server received, in order (`program` names the
// program in the sentence, `unit` is "datagram" or "line"): reused_id when two queries in a
// row that differ carry the same id. The same query twice in a row is one sent again.
Finding CheckQueryIds(const spec::IdRule& rule, const std::vector<std::string>& messages,
                      const std::string& program, const std::string& unit);

// The case's `received_ids`, over the messages its reference server received (the kind's
// `terms` say what one is); Ok without one.
Finding CheckReceivedIds(const observe::Observation& obs, const SocketTerms& terms);

}  // namespace netgrade::check
