#include "harness/peers/peer_events.h"

#include <fmt/core.h>
#include <time.h>

#include "harness/base/text.h"

namespace netgrade::peers {

std::string Stamp(std::chrono::system_clock::time_point when) {
  using namespace std::chrono;
  time_t seconds = system_clock::to_time_t(when);
  tm local{};
  ::localtime_r(&seconds, &local);
  auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count() % 1000;
  return fmt::format("[{:02}:{:02}:{:02}.{:03}]", local.tm_hour, local.tm_min, local.tm_sec, ms);
}

std::string Shown(std::string_view data, size_t max_chars) {
  bool cut = false;
  std::string body = EscapeText(data, max_chars, &cut);
  if (cut)
    return fmt::format("'{}...' ({} bytes, the first {} shown)", body, data.size(), max_chars);
  return fmt::format("'{}' ({} byte{})", body, data.size(), data.size() == 1 ? "" : "s");
}

std::vector<std::string_view> Lines(std::string_view data) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < data.size();) {
    size_t nl = data.find('\n', at);
    size_t end = nl == std::string_view::npos ? data.size() : nl + 1;
    lines.push_back(data.substr(at, end - at));
    at = end;
  }
  return lines;
}

namespace {

// The datagram as it came: the peer keeps its message, without a trailing "\n" or "\r\n".
std::string Datagram(const ConnectionLog& log, size_t i) {
  std::string text = log.datagrams[i];
  size_t size = i < log.datagram_sizes.size() ? log.datagram_sizes[i] : text.size();
  if (size == text.size() + 2) return text + "\r\n";
  if (size == text.size() + 1) return text + "\n";
  return text;
}

}  // namespace

std::vector<std::string> LogWatch::Since(const std::vector<ConnectionLog>& logs) {
  std::vector<std::string> events;
  if (seen_.size() < logs.size()) seen_.resize(logs.size());
  for (size_t i = 0; i < logs.size(); ++i) {
    const ConnectionLog& log = logs[i];
    Seen& seen = seen_[i];
    std::string who =
        tcp_ ? log.remote : (log.datagram_sources.empty() ? "?" : log.datagram_sources.front());
    if (tcp_ && !seen.announced) {
      events.push_back(who + " connected");
      seen.announced = true;
    }
    if (tcp_ && log.received.size() > seen.received) {
      for (std::string_view line : Lines(std::string_view(log.received).substr(seen.received))) {
        events.push_back(who + " <- " + Shown(line));
        ++messages_;
      }
      seen.received = log.received.size();
    }
    // A UDP answer follows its datagram; TCP answers follow the bytes read in the same turn.
    for (; !tcp_ && seen.datagrams < log.datagrams.size(); ++seen.datagrams) {
      events.push_back(who + " <- " + Shown(Datagram(log, seen.datagrams)));
      ++messages_;
      if (seen.replies < log.replies_sent.size())
        events.push_back(who + " -> " + Shown(log.replies_sent[seen.replies++]));
    }
    for (; seen.replies < log.replies_sent.size(); ++seen.replies)
      events.push_back(who + " -> " + Shown(log.replies_sent[seen.replies] + (tcp_ ? "\n" : "")));
    if ((log.received_cut || log.replies_cut) && !cut_said_) {
      cut_said_ = true;
      events.push_back(fmt::format(
          "more than {} MiB or {} messages have come since the start: what comes now is still "
          "read{}, but no longer shown (restart netgrade peer to see it)",
          kRecordBytes >> 20, kRecordMessages, tcp_ ? " (and not answered)" : " and answered"));
    }
    if (tcp_ && !seen.ended && (log.eof || log.reset)) {
      seen.ended = true;
      events.push_back(who + (log.eof ? " closed the connection" : " reset the connection"));
    }
  }
  return events;
}

bool UnterminatedAnswer::Due(const TcpServerPeer& server) {
  size_t received = 0;
  for (const ConnectionLog& l : server.log()) received += l.received.size();
  bool pending = server.unterminated_pending();
  if (pending && (!pending_ || received != received_)) since_ = Clock::now();
  pending_ = pending;
  received_ = received;
  return pending_ && Clock::now() - since_ >= kQuiet;
}

}  // namespace netgrade::peers
