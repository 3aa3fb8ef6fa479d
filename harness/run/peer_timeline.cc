#include "harness/run/peer_timeline.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>

namespace netgrade::run {
namespace {

using Kind = peers::Moment::Kind;

bool FromStudent(Kind kind) { return kind != Kind::kConnected && kind != Kind::kSent; }

// "connects", "closes the connection" ... for a connection's start and end; "" for data.
const char* Words(Kind kind, bool from) {
  switch (kind) {
    case Kind::kAccepted:
    case Kind::kConnected:
      return from ? "connects" : "connects to it";
    case Kind::kClosed:
      return "closes the connection";
    case Kind::kReset:
      return "resets the connection";
    case Kind::kReceived:
    case Kind::kSent:
      break;
  }
  return "";
}

const char* Action(Kind kind) {
  switch (kind) {
    case Kind::kAccepted:
    case Kind::kConnected:
      return "connect";
    case Kind::kClosed:
      return "close";
    case Kind::kReset:
      return "reset";
    case Kind::kReceived:
    case Kind::kSent:
      break;
  }
  return "passed";
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
    bool from_student = FromStudent(m.kind);
    check::TranscriptEvent e;
    e.t_ms = std::chrono::duration<double, std::milli>(m.at - all.front().moment->at).count();
    e.direction = from_student ? "from_student" : "to_student";
    e.index = from_student ? ++from : ++to;
    e.size = m.size;
    e.text = m.excerpt;
    e.action = Action(m.kind);
    std::string words = Words(m.kind, from_student);
    if (logs.size() > 1)
      words += fmt::format("{}connection {}", words.empty() ? "" : " (", a.connection + 1) +
               (words.empty() ? "" : ")");
    e.words = words.empty() ? "passed" : words;
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace netgrade::run
