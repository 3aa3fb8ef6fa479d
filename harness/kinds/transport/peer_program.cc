// The instructor's program as a transport case's peer (transfer: {peer: {folder: DIR}};
// transport_case.h): started in the case's network, read from netgrade's socket facing it, and
// told failed when it ends with a failure while the case runs.
#include <fmt/core.h>
#include <sys/socket.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/address.h"
#include "harness/kinds/transport/transport_case.h"
#include "harness/sandbox/netns.h"

namespace netgrade::transport {

void TransportKindCase::StartPeerProgram(bool listens) {
  const spec::PeerProgram& peer = *host_->test().peer_program;
  const std::string& peer_host = host_->network().peer_host();
  uint16_t port = LocalAddress(peer_socket_.get()).port();
  if (listens) {
    sandbox::NetNamespace::Scope in_student(host_->network().student());
    std::optional<uint64_t> start;
    if (host_->network().isolated()) start = host_->case_seed() ^ 0x70656572;
    port = PickFreePort(SOCK_DGRAM, start);
  }
  std::string why = host_->StartPeerProgram(peer_host, port, listens);
  if (!why.empty()) {
    std::string err = host_->PeerProgramStderr();
    throw std::runtime_error(fmt::format(
        "the instructor's {} ({}/), which plays this case's peer, did not start: {}{}", peer.role,
        peer.written, why, err.empty() ? "" : "; its last lines on standard error:\n" + err));
  }
  if (listens) {
    peer_where_ = Address::Parse(peer_host, port);
    peer_known_ = true;
  }
}

void TransportKindCase::ReadFromPeer() {
  ReadEach(peer_socket_.get(), [this](std::vector<uint8_t> buf, const Address& from, Micros at) {
    // Only the instructor's program is heard here: a datagram from elsewhere (the student's
    // program, which may find this socket in its network's socket table) is not its answer.
    if (peer_known_ && (from.port() != peer_where_.port() || from.host() != peer_where_.host()))
      return;
    // A sending peer is where its first datagram came from; answers go back there.
    if (!peer_known_) {
      peer_where_ = from;
      peer_known_ = true;
    }
    ++activity_;
    Offer(false, std::move(buf), at);
  });
}

std::string TransportKindCase::PeerFailed() const {
  if (!peer_program_) return "";
  std::optional<kinds::CopyEnd> end = host_->PeerProgramEnded();
  if (!end || end->killed_by_grader) return "";
  if (end->signal != 0) return fmt::format("was killed by signal {}", end->signal);
  return end->status != 0 ? fmt::format("exited with status {}", end->status) : "";
}

}  // namespace netgrade::transport
