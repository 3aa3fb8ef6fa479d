#include "harness/check/expected.h"

#include "harness/base/text.h"
#include "harness/spec/captures.h"
#include "harness/spec/reply.h"

namespace netgrade::check {

std::vector<std::string> ExpectedReplies(const spec::Case& c,
                                         const std::vector<std::string>& sent) {
  std::vector<std::string> out;
  for (const std::string& s : sent) {
    switch (c.expect.replies) {
      case spec::Transform::kNone:
        return {};
      case spec::Transform::kUpper:
        out.push_back(Upper(s));
        break;
      case spec::Transform::kSame:
        out.push_back(s);
        break;
    }
  }
  return out;
}

std::vector<std::string> ExpectedStdout(const spec::Case& c) {
  switch (c.expect.stdout_source) {
    case spec::StdoutSource::kLines:
      return c.expect.stdout_lines;
    case spec::StdoutSource::kPeerReplies: {
      std::vector<std::string> out;
      for (size_t i = 0; i < c.stdin_lines.size(); ++i)
        out.push_back(
            spec::ApplyReplyTemplate(c.peer.reply.value_or("{line}"), c.stdin_lines[i], i + 1));
      return out;
    }
    case spec::StdoutSource::kPeerSent: {
      std::vector<std::string> out;
      for (const spec::Connection& conn : c.peer.connections)
        out.insert(out.end(), conn.send.begin(), conn.send.end());
      return out;
    }
    case spec::StdoutSource::kUnchecked:
      return {};
  }
  return {};
}

std::vector<std::string> ExpectedReceived(const spec::Case& c) {
  if (c.expect.received_source == spec::ReceivedSource::kLines) return c.expect.received_lines;
  if (c.expect.received_source == spec::ReceivedSource::kStdin) {
    // Framed on the wire ("{bit}:{line}"): each line as the program must send it.
    std::vector<std::string> out;
    for (size_t i = 0; i < c.stdin_lines.size(); ++i)
      out.push_back(spec::ApplyFrame(c.peer.frame, c.stdin_lines[i], static_cast<int>(i) + 1));
    return out;
  }
  return {};
}

}  // namespace netgrade::check
