#include "harness/run/peer_timeline.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

namespace netgrade::run {
namespace {

using Kind = peers::Moment::Kind;

// How each moment is drawn: which way it goes, its action, and its words ("" for data).
struct Drawn {
  bool from_student;
  const char* action;
  const char* words;
};

Drawn DrawnAs(Kind kind) {
  switch (kind) {
    case Kind::kAccepted:
      return {true, "connect", "connects"};
    case Kind::kConnected:
      return {false, "connect", "connects to it"};
    case Kind::kReceived:
      return {true, "passed", ""};
    case Kind::kSent:
      return {false, "passed", ""};
    case Kind::kClosed:
      return {true, "close", "closes the connection"};
    case Kind::kReset:
      return {true, "reset", "resets the connection"};
  }
  return {true, "passed", ""};
}

}  // namespace

std::vector<check::TranscriptEvent> PeerTimeline(const std::vector<peers::ConnectionLog>& logs) {
  struct At {
    const peers::Moment* moment;
    size_t connection;
  };
  std::vector<At> all;
  for (size_t i = 0; i < logs.size(); ++i)
    for (const peers::Moment& m : logs[i].moments) all.push_back({&m, i});
  std::stable_sort(all.begin(), all.end(),
                   [](const At& a, const At& b) { return a.moment->at < b.moment->at; });
  std::vector<check::TranscriptEvent> events;
  int to = 0, from = 0;
  for (const At& a : all) {
    const peers::Moment& m = *a.moment;
    const Drawn drawn = DrawnAs(m.kind);
    const bool from_student = drawn.from_student;
    check::TranscriptEvent e;
    e.t_ms = std::chrono::duration<double, std::milli>(m.at - all.front().moment->at).count();
    e.direction = from_student ? "from_student" : "to_student";
    e.index = from_student ? ++from : ++to;
    e.size = m.size;
    e.text = m.excerpt;
    e.action = drawn.action;
    std::string words = drawn.words;
    if (logs.size() > 1)
      words += fmt::format("{}connection {}", words.empty() ? "" : " (", a.connection + 1) +
               (words.empty() ? "" : ")");
    e.words = words.empty() ? "passed" : words;
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace netgrade::run
