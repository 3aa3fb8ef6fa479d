#include "harness/check/nul_padding.h"

#include <fmt/core.h>

#include <vector>

namespace netgrade::check {

Finding CheckPadding(const MessageCheck& mc, const std::string& who, bool answers) {
  size_t zeros = 0;
  MessageCheck clean = mc;
  clean.actual.clear();
  for (const std::string& line : mc.actual) {
    std::string kept;
    for (char ch : line) {
      if (ch == '\0')
        ++zeros;
      else
        kept += ch;
    }
    if (!kept.empty() || line.empty()) clean.actual.push_back(kept);
  }
  if (zeros == 0) return Finding::Ok();
  Finding padding{
      .code = Code::kNulPadding,
      .cause = Say("{} sent {} bytes of padding (\\x00) after {}: it sends its whole "
                   "buffer.",
                   who, zeros, answers ? "the answer" : "the message"),
      .fix = Say("Send only the bytes {} ({}).", answers ? "you received" : "of the message",
                 answers ? "n = recv(...); send(..., n)" : "send(fd, buf, strlen(buf), 0)")};
  Finding f = CompareMessages(clean);
  if (f.ok()) {
    // Shown beside the message it should have been: the first line with the padding.
    size_t i = 0;
    while (i < mc.actual.size() && mc.actual[i].find('\0') == std::string::npos) ++i;
    Difference d;
    if (i < mc.sent.size()) d.sent = mc.sent[i];
    if (i < mc.expected.size()) d.expected = mc.expected[i];
    if (i < mc.actual.size()) d.received = mc.actual[i];
    padding.difference = d;
    return padding;
  }
  f.AddNote("Also: " + padding.Text());
  return f;
}

}  // namespace netgrade::check
