// One named connection of a script peer (script_peer.h): a TCP connection it made or
// accepted, or a UDP socket (a flow towards a student's server). Reads everything that comes
// into its ConnectionLog as soon as it comes (the log is what reports and checks read), keeps
// what the peer has to write, and hands the script the next line or datagram to check.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/peers/peer_log.h"

namespace netgrade::peers {

class ScriptConn {
 public:
  // `logs[log_index]` is this connection's log; `changed` is called (on the loop) whenever
  // something came, was written, or the connection ended.
  ScriptConn(EventLoop& loop, std::string name, std::vector<ConnectionLog>& logs, size_t log_index,
             RecordBudget& budget, bool tcp, std::function<void()> changed);
  ~ScriptConn();
  ScriptConn(const ScriptConn&) = delete;
  ScriptConn& operator=(const ScriptConn&) = delete;

  // TCP: starts connecting (connecting() until it is decided); UDP: opens a socket that
  // sends to `to`. Throws SystemError when no socket can be made.
  // With `follow` (UDP), each send goes where the last datagram received came from, once one
  // has come (spec::Step::follow).
  void Connect(const Address& to, bool follow = false);
  // TCP: a connection the peer accepted.
  void Adopt(Fd fd);

  const std::string& name() const { return name_; }
  // The peer's socket (-1 once closed): to look up the program's end of it (server_side.h).
  int raw_fd() const { return fd_.get(); }
  void set_name(std::string name) { name_ = std::move(name); }
  size_t log_index() const { return log_index_; }
  bool connecting() const { return connecting_; }
  // Open both ways as far as the peer knows: connected, not closed by either side.
  bool open() const;
  // Something it sent has not left yet (in its buffer, or in the socket, not yet on the wire).
  bool Unsent() const;
  // The program closed or reset it (TCP).
  bool ended() const;
  // The peer closed, reset or dropped it.
  bool closed() const { return closed_; }

  // Queues `text` (and '\n' unless !newline; UDP: one datagram of `text`) and records it in
  // log.sent; a text sent after one without its newline continues the same message.
  // `crlf`: each line of `text` (and its newline) ends with "\r\n" on the wire; the log keeps
  // the text as written.
  // `binary`: `text` is bytes (a send of hex or base64), written as they are, a message of
  // their own.
  void Send(const std::string& text, bool newline, bool crlf = false, bool binary = false);
  // Peer as server: queues `answer` and '\n' (UDP: sends it to `to`, as one datagram) and
  // records it in log.replies_sent, within `budget`.
  void Reply(const std::string& answer, RecordBudget& budget);
  // Everything queued has been written.
  bool flushed() const { return out_sent_ == out_.size(); }
  // A write failed: the program had closed or reset the connection.
  bool send_failed() const { return send_failed_; }
  // The last complete message sent ("" before any) and how many were sent.
  std::string last_sent() const;
  int sent_count() const;
  // The last message sent was bytes (Send's `binary`).
  bool last_sent_binary() const { return last_binary_; }
  // The last message as its bytes went on the wire, its line end aside: a message of several
  // lines sent with "\r\n" line ends has "\r\n" between them (last_sent keeps the spec's
  // "\n"). What a report quotes: the lab may be about those two bytes.
  const std::string& last_sent_on_wire() const { return last_wire_; }

  // TCP: the next complete line after the ones taken ('\r' before its newline removed);
  // UDP: the next datagram. Takes it.
  std::optional<std::string> TakeMessage();
  // TCP: whether the last line taken ended with "\r\n" (its '\r' removed by TakeMessage).
  bool last_crlf() const { return last_crlf_; }
  // TCP: the bytes after the last line taken, when no newline ends them yet.
  std::string Untaken() const;
  // TCP: the next `n` bytes not yet taken, whatever they are, once that many have come; takes
  // them (the next line starts after them).
  std::optional<std::string> TakeBytes(size_t n);
  // UDP: the next datagram exactly as it came (TakeMessage removes a trailing newline); takes
  // it.
  std::optional<std::string> TakeDatagram();
  // Nothing sent on it yet, or its last step was a send whose answer has not come.
  bool silent() const;
  void set_awaiting(bool awaiting) { awaiting_ = awaiting; }

  // TCP: FIN (it reads on until the program closes too); UDP: closes the socket.
  void Close();
  // TCP: RST (SO_LINGER 0); UDP: closes the socket.
  void Reset();
  // Closes at once (the peer stops): RST when the program had closed first, so that its
  // side is not left in TIME_WAIT on its port.
  void Drop();

 private:
  void NoDelay();
  void OnEvent(short revents);
  void Read();
  void Flush();
  void SetEvents();
  ConnectionLog& log() { return (*logs_)[log_index_]; }
  const ConnectionLog& log() const { return (*logs_)[log_index_]; }

  EventLoop& loop_;
  std::string name_;
  std::vector<ConnectionLog>* logs_;
  size_t log_index_;
  RecordBudget* budget_;
  bool tcp_;
  std::function<void()> changed_;
  Fd fd_;
  Address target_;       // UDP
  bool follow_ = false;  // UDP: target_ becomes each datagram's source
  bool connecting_ = false;
  bool closed_ = false;  // by the peer (FIN or RST)
  bool send_failed_ = false;
  bool partial_ = false;  // the last text sent had no newline
  bool awaiting_ = true;  // see silent()
  bool last_crlf_ = false;
  bool last_binary_ = false;
  std::string last_wire_;
  // UDP: what DatagramText removed from the end of each datagram of log.datagrams ("\n",
  // "\r\n", or nothing), so that TakeDatagram gives it back as it came.
  std::vector<std::string> tails_;
  std::string out_;  // TCP: bytes not yet written
  size_t out_sent_ = 0;
  size_t taken_ = 0;  // TCP: bytes of log.received taken as lines; UDP: datagrams taken
};

}  // namespace netgrade::peers
