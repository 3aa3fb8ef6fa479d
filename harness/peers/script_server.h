// The listening side of a script peer as server (script_peer.h): a TCP listening socket or a
// UDP socket on one address, that `stop: peer` really closes (a connection attempt is then
// refused, a datagram meets the kernel's port unreachable) and `start: peer` binds again on
// the same port.
#pragma once

#include <functional>
#include <string>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/peers/admission.h"

namespace netgrade::peers {

class ScriptServer {
 public:
  // TCP: each accepted connection, where from and the address it dialled.
  using OnAccept = std::function<void(Fd fd, const Address& from, const std::string& dialled)>;
  // UDP: each datagram as it came, where from and the address it was sent to.
  using OnDatagram =
      std::function<void(const std::string& data, const Address& from, const std::string& dialled)>;
  ScriptServer(EventLoop& loop, bool tcp, OnAccept on_accept, OnDatagram on_datagram);
  ~ScriptServer() { Stop(); }
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  // Listens (TCP, SO_REUSEADDR) or binds (UDP) on `at`; port 0 the first time: the kernel
  // picks, and address() keeps it. Throws SystemError.
  void Start(const Address& at);
  void Stop();
  bool running() const { return static_cast<bool>(fd_); }
  const Address& address() const { return address_; }
  // UDP: one datagram to `to` from the server's socket; false when it could not be sent.
  bool SendTo(const Address& to, const std::string& data);
  // TCP: connections reset at once because kMostConnections had been accepted.
  size_t refused_connections() const { return refused_; }
  Admission& admission() { return admission_; }

 private:
  void Accept();
  void Receive();

  EventLoop& loop_;
  bool tcp_;
  OnAccept on_accept_;
  OnDatagram on_datagram_;
  Fd fd_;
  Address address_;
  size_t accepted_ = 0, refused_ = 0;
  Admission admission_;
};

}  // namespace netgrade::peers
