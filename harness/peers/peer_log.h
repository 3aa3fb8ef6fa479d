// What a reference peer did and saw, connection by connection: the raw material of the
// checks. Plain data.
#pragma once

#include <string>
#include <vector>

namespace netgrade::peers {

struct ConnectionLog {
  std::vector<std::string> sent;  // messages the peer wrote, without their newline
  std::string received;           // every byte the student's program sent on it
  bool received_cut = false;      // more than the cap arrived; the rest was discarded
  bool connected = false;
  int connect_errno = 0;                  // why connecting failed (peer as client)
  bool eof = false;                       // the student's side closed it
  bool reset = false;                     // the student's side reset it
  bool complete = false;                  // everything planned on it happened
  std::vector<std::string> replies_sent;  // peer as server: its answers, in order
  // UDP: every datagram that came, one message each (a trailing newline removed), and
  // where from ("127.0.0.1:40000"); a flow of the peer as client keeps its own.
  std::vector<std::string> datagrams;
  std::vector<std::string> datagram_sources;
};

// Bytes kept per connection; a flood beyond it is read and discarded.
inline constexpr size_t kReceiveCap = 1 << 20;

// How reading what a non-blocking TCP socket holds ended.
enum class ReadEnd {
  kDrained,  // nothing more for now (EAGAIN)
  kEof,      // the other side closed
  kReset,    // the other side reset it (or another error)
};

// Reads everything queued on `fd` into log.received, keeping at most kReceiveCap bytes
// (received_cut says when more came).
ReadEnd ReadInto(int fd, ConnectionLog& log);

}  // namespace netgrade::peers
