// The reference server: listens on loopback for a student's client or sender, records every
// byte each connection brings, and answers every complete line with the spec's reply
// template (or never answers, for a sender).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/net/address.h"
#include "harness/net/peer_log.h"
#include "harness/sys/event_loop.h"

namespace netgrade::net {

class TcpServerPeer {
 public:
  // Listens on `address` (port 0: the kernel picks; see address()).
  TcpServerPeer(EventLoop& loop, const Address& address, std::optional<std::string> reply);
  ~TcpServerPeer();
  TcpServerPeer(const TcpServerPeer&) = delete;
  TcpServerPeer& operator=(const TcpServerPeer&) = delete;

  const Address& address() const { return address_; }
  const std::vector<ConnectionLog>& log() const { return log_; }
  // Every accepted connection has been closed by the student's side.
  bool all_closed() const;
  // Stops listening and closes every connection (the end of the case).
  void Close();

 private:
  struct Conn {
    Fd fd;
    size_t log_index;
    size_t scanned = 0;  // bytes of received already split into lines
    std::string out;     // answers not yet written
  };
  void Accept();
  void OnConn(Conn* conn, short revents);
  void Answer(Conn* conn);
  void Flush(Conn* conn);
  void Drop(Conn* conn);

  EventLoop& loop_;
  Fd listener_;
  Address address_;
  std::optional<std::string> reply_;
  std::vector<ConnectionLog> log_;
  std::vector<std::unique_ptr<Conn>> conns_;
  int answered_ = 0;
};

}  // namespace netgrade::net
