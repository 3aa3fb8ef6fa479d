// Mistakes a check knows by name whichever diagnosis they show as. The textbook server's one
// recv(1024) per connection ends a conversation after its first answer (missing_message) and
// cuts a long line at 1024 bytes (wrong_content): a finding that recognises it says so
// (Finding::cause), and a class's page counts the mistake once, with its diagnoses together.
#pragma once

#include <string>
#include <string_view>

namespace netgrade::check {

inline constexpr char kOneRecv[] = "one_recv";

// What a cause is, for the class page: "" for a name it does not know.
inline std::string RootCauseWords(std::string_view cause) {
  if (cause == kOneRecv)
    return "One recv() per connection: the server reads once and answers what came, where it "
           "must read until each newline, line after line, until the client closes.";
  return "";
}

}  // namespace netgrade::check
