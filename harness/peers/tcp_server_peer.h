// The reference server: listens on loopback for a student's client or sender, records every
// byte each connection brings, and answers every complete line with the spec's reply
// template (or never answers, for a sender).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/peers/peer_log.h"

namespace netgrade::peers {

class TcpServerPeer {
 public:
  // Listens on `address` (port 0: the kernel picks; see address()). With `client_waiting`
  // (a conversation is expected and the client can be observed), an answer is held until
  // the client is seen waiting (for it): a line that has come by then was sent before the
  // answer to the previous one, and is noted (sent_ahead()). A client never seen waiting
  // (one that busy-polls) gets its answer after kPatience.
  TcpServerPeer(EventLoop& loop, const Address& address, std::optional<std::string> reply,
                std::function<bool()> client_waiting = {});
  ~TcpServerPeer();
  TcpServerPeer(const TcpServerPeer&) = delete;
  TcpServerPeer& operator=(const TcpServerPeer&) = delete;

  const Address& address() const { return address_; }
  const std::vector<ConnectionLog>& log() const { return log_; }
  // Every accepted connection has been closed by the student's side.
  bool all_closed() const;
  // Stops listening and closes every connection (the end of the case).
  void Close();
  // The first line that came before the answer to the line before it: {before, line}.
  const std::optional<std::pair<std::string, std::string>>& sent_ahead() const {
    return sent_ahead_;
  }
  // An open connection has bytes after its last newline (a message without its '\n').
  bool unterminated_pending() const;
  // Answers what has come after the last newline of every open connection as a message of
  // its own (after reading what is still queued): for a client seen waiting for the answer
  // to a message it sent without its newline.
  void AnswerUnterminated();

  static constexpr std::chrono::milliseconds kPatience{300};

 private:
  struct Conn {
    Fd fd;
    size_t log_index;
    size_t scanned = 0;             // bytes of received already split into lines
    std::string out;                // answers not yet written
    std::vector<std::string> held;  // complete lines not answered yet (held for the client to wait)
    TimePoint held_since;
  };
  void Accept();
  void OnConn(Conn* conn, short revents);
  void Read(Conn* conn);
  void Answer(Conn* conn);
  void Release(Conn* conn);
  void WatchHeld(Conn* conn);
  void Flush(Conn* conn);
  void Drop(Conn* conn);

  EventLoop& loop_;
  Fd listener_;
  Address address_;
  std::optional<std::string> reply_;
  std::vector<ConnectionLog> log_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int answered_ = 0;
  std::function<bool()> client_waiting_;
  std::optional<std::pair<std::string, std::string>> sent_ahead_;
  std::vector<uint64_t> timers_;
};

}  // namespace netgrade::peers
