// Standard output checked against a list of lines (`stdout: [...]`, peer-replies, peer-sent)
// tolerates what a program adds around them (a prompt before a line, a banner line), but not
// an expected line printed again: a receiver that prints a duplicate it should have dropped,
// or a client that prints each answer twice, did not print the expected output.
#pragma once

#include <optional>

#include "harness/check/finding.h"
#include "harness/check/messages.h"

namespace netgrade::check {

// Each expected message printed no more often than it is expected, counting a line that is
// the message, or a prompt or prefix then the message. kExtraMessage naming the first line
// past the count; nullopt when there is none, or when the check is not of standard output
// (elsewhere every line is compared one to one, and an extra one is told already).
std::optional<Finding> RepeatedLine(const MessageCheck& check);

}  // namespace netgrade::check
