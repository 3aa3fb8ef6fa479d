// A C program that sends its whole fixed-size buffer: each message, then zeros. Its messages
// are judged without the zeros, so the padding is named when it is all that is wrong.
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/check/messages.h"

namespace netgrade::check {

// Ok when `mc.actual` holds no NUL byte. Else nul_padding when the messages are right without
// their zeros (with the first padded message as the difference), or CompareMessages' finding
// on them with the padding told after it. `who` sent them ("Your server", "client.py");
// `answers`: they are a server's answers (else messages the program made).
Finding CheckPadding(const MessageCheck& mc, const std::string& who, bool answers);

}  // namespace netgrade::check
