// netgrade peer runs a reference peer by hand and tells what happens as it happens, one line
// per event ("127.0.0.1:53422 <- 'hello\n' (6 bytes)"). These are those lines, built from a
// server peer's log as it grows, so the peer itself stays the one the grader uses. What
// they quote comes from a student's program: escaped and cut (EscapeText). And when the
// server by hand answers a message sent without its newline (UnterminatedAnswer).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/peers/peer_log.h"
#include "harness/peers/tcp_server_peer.h"

namespace netgrade::peers {

// "[12:00:01.123]", local time: when an event was seen.
std::string Stamp(std::chrono::system_clock::time_point when);

// Bytes as a person reads them: "'hello\n' (6 bytes)", control bytes and invalid UTF-8
// escaped; past max_chars characters cut, with how much was shown.
std::string Shown(std::string_view data, size_t max_chars = 200);

// What came over TCP, one piece per line with its newline, and what follows the last newline
// (a line not yet ended, or a message sent without one) as a piece of its own: a person
// reads lines, and a read that held several is shown as several.
std::vector<std::string_view> Lines(std::string_view data);

// Watches the log of a server peer (TcpServerPeer, UdpServerPeer: a log per connection, or
// per source address) and says what is new in it.
class LogWatch {
 public:
  explicit LogWatch(bool tcp) : tcp_(tcp) {}
  // One line per event since the last call, in order, without a stamp: connections, bytes
  // or datagrams that came, answers sent, closes.
  std::vector<std::string> Since(const std::vector<ConnectionLog>& logs);
  size_t connections() const { return seen_.size(); }  // TCP connections, or UDP sources
  size_t messages() const { return messages_; }        // TCP lines (Lines), or datagrams

 private:
  struct Seen {
    size_t received = 0;     // bytes of log.received shown
    size_t datagrams = 0;    // datagrams shown
    size_t replies = 0;      // answers shown
    bool announced = false;  // TCP: "connected" shown
    bool ended = false;      // its close (or reset) shown
  };
  bool tcp_;
  std::vector<Seen> seen_;
  size_t messages_ = 0;
  bool cut_said_ = false;
};

// The textbook's TCP client sends input() without a newline, then waits for the answer.
// The grader answers such a message once it sees the client waiting (spec:
// answers_without_newline); a program run by hand cannot be watched, so here the server
// answers once nothing more has come for kQuiet.
class UnterminatedAnswer {
 public:
  static constexpr std::chrono::milliseconds kQuiet{300};
  bool waiting() const { return pending_; }
  // Whether the bytes after the last newline have waited kQuiet with nothing more coming.
  bool Due(const TcpServerPeer& server);

 private:
  bool pending_ = false;
  size_t received_ = 0;
  TimePoint since_;
};

}  // namespace netgrade::peers
