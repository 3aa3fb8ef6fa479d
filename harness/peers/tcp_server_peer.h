// The reference server: listens on loopback for a student's client or sender, records every
// byte each connection brings, and answers every complete line with the spec's reply
// template (or never answers, for a sender). With `matches` (spec::Peer::matches), a line the
// pattern is not found in gets no answer, and its named groups fill the template.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/peers/admission.h"
#include "harness/peers/peer_log.h"

namespace netgrade::peers {

class TcpServerPeer {
 public:
  // Listens on `address` (port 0: the kernel picks; see address()). With `client_waiting`
  // (a conversation is expected and the client can be observed), an answer is held until
  // the client is seen waiting (for it): a line that has come by then was sent before the
  // answer to the previous one, and is noted (sent_ahead()). A client never seen waiting
  // (one that busy-polls) gets its answer after `patience` (Thresholds::patience).
  TcpServerPeer(EventLoop& loop, const Address& address, std::optional<std::string> reply,
                std::optional<std::string> matches = std::nullopt,
                std::function<bool()> client_waiting = {},
                std::chrono::milliseconds patience = Thresholds{}.patience);
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

  // Bytes of answers not yet written, over all connections (at most about kQueueCap).
  size_t queued() const { return queued_; }
  // Connections reset at once because kMostConnections had been accepted.
  size_t refused_connections() const { return refused_; }
  Admission& admission() { return admission_; }

  // Answers written but not yet taken by the student's program, over all connections: at
  // this bound the server stops reading (and answering) until the program reads some, as a
  // real server blocked in send() would. A client that never reads then stalls in send().
  static constexpr size_t kQueueCap = size_t{1} << 20;

 private:
  struct Conn {
    Fd fd;
    size_t log_index;
    size_t scanned = 0;    // bytes of received already split into lines
    size_t answered = 0;   // bytes of received answered; the lines up to scanned wait
    std::string out;       // answers not yet written
    size_t out_sent = 0;   // bytes of out already written
    bool holding = false;  // lines held for the client to wait (WatchHeld runs)
    TimePoint held_since;
  };
  void Accept();
  void OnConn(Conn* conn, short revents);
  void Read(Conn* conn);
  void Answer(Conn* conn);
  void Release(Conn* conn);
  void AnswerWhileRoom(Conn* conn, ConnectionLog& log);
  void WatchHeld(Conn* conn);
  void Flush(Conn* conn);
  void Drop(Conn* conn);
  // The poll events of a connection: POLLIN unless the queue is full, POLLOUT when it has
  // answers to write.
  void SetEvents(Conn* conn);
  // When queued_ has crossed kQueueCap: every connection's events, and (below it) the
  // answers that waited for room.
  void QueueChanged();
  bool full() const { return queued_ >= kQueueCap; }

  EventLoop& loop_;
  Fd listener_;
  Address address_;
  std::optional<std::string> reply_;
  std::optional<std::string> matches_;  // groups that fill reply_; a line without it: no answer
  std::vector<ConnectionLog> log_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int answered_ = 0;
  std::function<bool()> client_waiting_;
  std::chrono::milliseconds patience_;
  std::optional<std::pair<std::string, std::string>> sent_ahead_;
  std::vector<uint64_t> timers_;
  RecordBudget received_budget_;
  RecordBudget replies_budget_;
  size_t queued_ = 0;   // bytes of answers not yet written, over all connections
  size_t refused_ = 0;  // connections past kMostConnections
  Admission admission_;
  bool paused_ = false;  // full() when last looked at: no connection is read
  bool resuming_ = false;
};

}  // namespace netgrade::peers
