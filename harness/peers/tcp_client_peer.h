// The reference client: connects to a student's listening program and plays the spec's
// connections one after the other: sends the messages (a conversation, one write, or one
// write per message), reads the answers when answers are expected, then closes.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/peers/peer_log.h"
#include "harness/spec/spec.h"

namespace netgrade::peers {

class TcpClientPeer {
 public:
  // expect_replies: wait for one answer line per message before moving on.
  // server_waiting (when the server can be observed): in line-per-write mode, each write
  // goes out only once the previous one has left the socket (SIOCOUTQ is 0) and the server
  // is seen waiting again, so every write arrives, and is read, on its own.
  TcpClientPeer(EventLoop& loop, const std::vector<spec::Connection>& plan, bool expect_replies,
                Address target, std::function<bool()> server_waiting = {},
                std::chrono::milliseconds linger = Thresholds{}.linger);
  ~TcpClientPeer();
  TcpClientPeer(const TcpClientPeer&) = delete;
  TcpClientPeer& operator=(const TcpClientPeer&) = delete;

  void Start();
  // Every planned connection has ended, completed or not.
  bool done() const { return current_ >= plan_.size(); }
  const std::vector<ConnectionLog>& log() const { return log_; }
  // Where it is, for a diagnosis on timeout: "waiting for the answer to 'x' on connection 2".
  std::string Describe() const;

 private:
  void Connect();
  void OnEvent(short revents);
  void OnConnected();
  void QueueNext();
  void Flush();
  void Read();
  bool HaveAllAwaitedLines() const;
  void Linger();
  void Pace();
  void Close();
  void Advance();
  void Finish(bool complete);

  EventLoop& loop_;
  std::vector<spec::Connection> plan_;
  bool expect_replies_;
  Address target_;
  std::vector<ConnectionLog> log_;
  size_t current_ = 0;  // index of the connection in progress
  Fd fd_;
  bool connecting_ = false;
  std::vector<std::string> writes_;  // pending writes, each one write() call
  size_t write_offset_ = 0;
  size_t next_message_ = 0;   // next message of the current connection to queue
  size_t awaited_lines_ = 0;  // answer lines that must have arrived before going on
  std::function<bool()> server_waiting_;
  std::chrono::milliseconds linger_;
  bool pacing_ = false;     // a write has gone; the next waits for it to arrive and be read
  bool lingering_ = false;  // everything done: reading what else comes until the server closes
  uint64_t timer_ = 0;
  TimePoint pace_since_;
  RecordBudget received_budget_;  // over all its connections
};

}  // namespace netgrade::peers
