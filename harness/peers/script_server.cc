#include "harness/peers/script_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include "harness/base/error.h"
#include "harness/base/fork_lock.h"
#include "harness/peers/peer_log.h"

namespace netgrade::peers {

ScriptServer::ScriptServer(EventLoop& loop, bool tcp, OnAccept on_accept, OnDatagram on_datagram)
    : loop_(loop),
      tcp_(tcp),
      on_accept_(std::move(on_accept)),
      on_datagram_(std::move(on_datagram)) {}

void ScriptServer::Start(const Address& at) {
  Stop();
  if (tcp_) {
    fd_ = TcpListen(at);
  } else {
    fd_ = UdpBind(at);
    AskDestination(fd_.get());
  }
  address_ = LocalAddress(fd_.get());
  loop_.Watch(fd_.get(), POLLIN, [this](short) { tcp_ ? Accept() : Receive(); });
}

void ScriptServer::Stop() {
  if (!fd_) return;
  loop_.Unwatch(fd_.get());
  // Connections still in the backlog are reset by the kernel; the port is closed at once,
  // even to a copy of the descriptor some child of the grader may hold (fork_lock.h).
  if (tcp_) ::shutdown(fd_.get(), SHUT_RDWR);
  CloseSeenAtOnce(fd_);
}

void ScriptServer::Accept() {
  while (fd_) {
    Address from;
    from.length = sizeof from.storage;
    int fd = ::accept4(fd_.get(), from.sa(), &from.length, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return;
      throw SystemError("accept", errno);
    }
    if (!admission_.Admits(from) || accepted_ >= kMostConnections) {
      AbortOnClose(fd);
      ::close(fd);
      if (accepted_ >= kMostConnections) ++refused_;
      continue;
    }
    ++accepted_;
    Fd owned(fd);
    std::string dialled = LocalAddress(fd).host();
    on_accept_(std::move(owned), from, dialled);
  }
}

void ScriptServer::Receive() {
  char buf[65536];
  // A flood is taken in turns with the case's other work (as ReadInto does).
  for (size_t read = 0; fd_ && read < kReadPerCall;) {
    Address from;
    std::string dialled;
    ssize_t n = ReceiveDialled(fd_.get(), buf, sizeof buf, &from, &dialled);
    if (n < 0) return;
    read += static_cast<size_t>(n) + 1;
    if (!admission_.Admits(from)) continue;
    on_datagram_(std::string(buf, static_cast<size_t>(n)), from, dialled);
  }
}

bool ScriptServer::SendTo(const Address& to, const std::string& data) {
  return fd_ && ::sendto(fd_.get(), data.data(), data.size(), 0, to.sa(), to.length) >= 0;
}

}  // namespace netgrade::peers
