// What a reference peer did and saw, connection by connection: the raw material of the
// checks. Plain data.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace netgrade::peers {

// One thing a peer saw or did on a connection (or a UDP flow), and when: the sequence diagram
// of a case graded without a proxy is drawn from these (run/peer_timeline.h).
struct Moment {
  enum class Kind {
    kAccepted,   // the student's program connected to the peer (or sent its first datagram)
    kConnected,  // the peer connected to the student's program
    kReceived,   // bytes (one read) or a datagram came from the program
    kSent,       // the peer sent a message or an answer
    kClosed,     // the program closed the connection
    kReset,      // the program reset it
  };
  std::chrono::steady_clock::time_point at;
  Kind kind = Kind::kReceived;
  std::string excerpt;  // the first kMomentExcerpt bytes
  size_t size = 0;      // all of them
};
inline constexpr size_t kMomentExcerpt = 48;
// A connection keeps its first moments only: a diagram draws 60 in all.
inline constexpr size_t kMostMoments = 100;

// The connections a case's reference server and proxy accept from the program: a spec needs
// a handful. The ones beyond are reset at once and counted (too_many_connections), so that a
// program opening connections in a loop spends none of the grader's descriptors.
inline constexpr size_t kMostConnections = 200;

struct ConnectionLog {
  std::vector<std::string> sent;  // messages the peer wrote, without their newline
  std::string received;           // every byte the student's program sent on it (up to the cap)
  // The case's recording cap (RecordBudget) was reached on it: what came after was read and
  // discarded. The case fails on it.
  bool received_cut = false;
  // Peer as server: answers beyond the cap went out but are not in replies_sent.
  bool replies_cut = false;
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
  // UDP, peer as server: each datagram's size as it came (its message may have lost a
  // newline), for netgrade peer, which shows what came exactly.
  std::vector<size_t> datagram_sizes;
  // TCP, peer as server: the address the connection came from ("127.0.0.1:53422").
  std::string remote;
  // Peer as server: the address the student's program connected or sent to ("127.0.0.1",
  // or an address written in the program that the case's network led here).
  std::string dialled;
  std::vector<Moment> moments;  // in order, at most kMostMoments

  // Notes a moment, now (past kMostMoments, nothing).
  void Note(Moment::Kind kind, std::string_view bytes = {});
};

// What a reference peer keeps over a whole case, whatever the student's program sends: at
// most kRecordBytes bytes and kRecordMessages messages (lines over TCP, datagrams over UDP),
// counted over all its connections. A case needs a few hundred bytes; the cap keeps the
// grader's memory bounded (a few MiB per case, times the copies judging makes) against a
// flood. Peers keep one budget for what they receive and one for the answers they record.
inline constexpr size_t kRecordBytes = size_t{4} << 20;
inline constexpr size_t kRecordMessages = 65536;

class RecordBudget {
 public:
  // How many of the `size` bytes at `data` may be kept, counting each '\n' as a message: all
  // of them, or up to the cap (bytes, or the last newline that fits).
  size_t FitStream(const char* data, size_t size) const;
  // Whether one message of `size` bytes still fits.
  bool Fits(size_t size) const {
    return messages_ < kRecordMessages && size <= kRecordBytes - bytes_;
  }
  // Counts what was kept: `size` bytes holding `messages` messages.
  void Take(size_t size, size_t messages) {
    bytes_ += size;
    messages_ += messages;
  }
  size_t bytes() const { return bytes_; }
  size_t messages() const { return messages_; }

 private:
  size_t bytes_ = 0;
  size_t messages_ = 0;
};

// How reading what a non-blocking TCP socket holds ended.
enum class ReadEnd {
  kDrained,  // nothing more for now (EAGAIN), or read enough for one turn of the event loop
  kEof,      // the other side closed
  kReset,    // the other side reset it (or another error)
};

// Bytes read from one socket in one call at most: a flood does not keep the event loop (and
// the case's other sockets and timers) waiting.
inline constexpr size_t kReadPerCall = size_t{1} << 20;

// Reads what is queued on `fd` into log.received while `budget` allows, discarding the rest
// (log.received_cut says when bytes were discarded).
ReadEnd ReadInto(int fd, ConnectionLog& log, RecordBudget& budget);

}  // namespace netgrade::peers
