// A TCP connection over loopback, both its ends, for tests that need a real one.
#pragma once

#include <poll.h>
#include <sys/socket.h>

#include <stdexcept>
#include <utility>

#include "harness/base/address.h"
#include "harness/base/fd.h"

namespace netgrade::testing_support {

struct LoopbackConnection {
  Fd client;
  Fd server;
};

// Connected and accepted in the calling thread's network namespace; throws std::runtime_error
// (a test failure) when it is not set up within 5 s.
inline LoopbackConnection ConnectOverLoopback() {
  Fd listener = TcpListen(Address::Parse("127.0.0.1", 0));
  Fd client = TcpConnectStart(LocalAddress(listener.get()));
  pollfd p{client.get(), POLLOUT, 0};
  if (::poll(&p, 1, 5000) != 1) throw std::runtime_error("no connection over loopback in 5 s");
  Fd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!server) throw std::runtime_error("the connection over loopback was not accepted");
  return {std::move(client), std::move(server)};
}

}  // namespace netgrade::testing_support
