#include "harness/peers/peer.h"

#include <sys/socket.h>

#include "harness/peers/script_peer.h"
#include "harness/peers/tcp_client_peer.h"
#include "harness/peers/tcp_server_peer.h"
#include "harness/peers/udp_peers.h"

namespace netgrade::peers {

Decoy::Decoy(EventLoop& loop, const Address& at, bool tcp) : loop_(loop) {
  try {
    fd_ = tcp ? TcpListen(at) : UdpBind(at);
  } catch (const std::exception&) {
    return;  // best effort: the port may be taken in the other protocol
  }
  loop_.Watch(fd_.get(), POLLIN, [this, tcp](short) {
    seen_ = true;
    if (tcp) {
      Fd conn(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    } else {
      char buf[1];
      ::recv(fd_.get(), buf, sizeof buf, 0);
    }
  });
}

void Decoy::Close() {
  if (!fd_) return;
  loop_.Unwatch(fd_.get());
  fd_.Reset();
}

namespace {

// A client that must wait for each answer before it sends its next line: it prints the
// answers to several lines of its input.
bool ExpectsConversation(const spec::Case& test) {
  return test.peer.reply && test.stdin_lines.size() > 1 &&
         test.expect.stdout_source == spec::StdoutSource::kPeerReplies;
}

class TcpActive : public Peer {
 public:
  TcpActive(EventLoop& loop, const spec::Case& test, const Address& target,
            WaitingProbe server_waiting, const Thresholds& thresholds)
      : peer_(loop, test.peer.connections, test.expect.replies != spec::Transform::kNone, target,
              std::move(server_waiting), thresholds.linger) {}
  void Start() override { peer_.Start(); }
  bool done() const override { return peer_.done(); }
  const std::vector<peers::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override { return peer_.Describe(); }

 private:
  peers::TcpClientPeer peer_;
};

class UdpActive : public Peer {
 public:
  UdpActive(EventLoop& loop, const spec::Case& test, const Address& target)
      : peer_(loop, test.peer.connections,
              test.expect.replies != spec::Transform::kNone || test.peer.await.has_value(),
              test.peer.interleave, target) {
    peer_.SetReliable(test.peer.frame, test.peer.await, test.peer.resend_ms);
  }
  void Start() override { peer_.Start(); }
  bool done() const override { return peer_.done(); }
  const std::vector<peers::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override { return peer_.Describe(); }

  Admission* admission() override { return &peer_.admission(); }
  int unanswered_resends() const override { return peer_.unanswered_resends(); }
  void Hush() override { peer_.Hush(); }
  void HoldResendsWhen(std::function<bool()> decided) override {
    peer_.HoldResendsWhen(std::move(decided));
  }

 private:
  peers::UdpClientPeer peer_;
};

class TcpPassive : public Peer {
 public:
  TcpPassive(EventLoop& loop, const spec::Case& test, const Address& address,
             WaitingProbe client_waiting, const Thresholds& thresholds)
      : peer_(loop, address, test.peer.reply, test.peer.matches,
              ExpectsConversation(test) ? std::move(client_waiting) : WaitingProbe{},
              thresholds.patience),
        decoy_(loop, peer_.address(), false) {}
  bool other_protocol_seen() const override { return decoy_.seen(); }
  std::optional<std::pair<std::string, std::string>> sent_ahead() const override {
    return peer_.sent_ahead();
  }
  bool unterminated_pending() const override { return peer_.unterminated_pending(); }
  void AnswerUnterminated() override { peer_.AnswerUnterminated(); }
  bool done() const override { return peer_.all_closed(); }
  const std::vector<peers::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override {
    return peer_.log().empty() ? "no connection had come to the reference server"
                               : "the reference server still had a connection open";
  }
  void Close() override {
    peer_.Close();
    decoy_.Close();
  }
  const Address& address() const { return peer_.address(); }
  size_t refused_connections() const override { return peer_.refused_connections(); }

  Admission* admission() override { return &peer_.admission(); }

 private:
  peers::TcpServerPeer peer_;
  Decoy decoy_;
};

class UdpPassive : public Peer {
 public:
  UdpPassive(EventLoop& loop, const spec::Case& test, const Address& address)
      : peer_(loop, address, test.peer.reply, test.peer.matches),
        decoy_(loop, peer_.address(), true) {}
  bool other_protocol_seen() const override { return decoy_.seen(); }
  bool done() const override { return true; }
  const std::vector<peers::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override {
    return peer_.log().empty() ? "no datagram had come to the reference server"
                               : "the reference server was waiting for more datagrams";
  }
  void Close() override {
    peer_.Close();
    decoy_.Close();
  }
  const Address& address() const { return peer_.address(); }

  Admission* admission() override { return &peer_.admission(); }

 private:
  peers::UdpServerPeer peer_;
  Decoy decoy_;
};

}  // namespace

std::unique_ptr<Peer> MakeActivePeer(EventLoop& loop, const spec::Spec& spec,
                                     const spec::Case& test, const Address& target,
                                     WaitingProbe student_waiting, const Thresholds& thresholds,
                                     CaseControl* control, WaitingProbe student_resting,
                                     ReadingProbe student_reading,
                                     WaitingProbe student_resting_surely,
                                     std::optional<Address> own_server) {
  if (!test.script.empty())
    return MakeScriptPeer(
        loop, spec, test,
        {true, target, thresholds, control, std::move(student_resting), std::move(student_reading),
         std::move(student_resting_surely), std::move(own_server)});
  if (spec.protocol == spec::Protocol::kUdp) return std::make_unique<UdpActive>(loop, test, target);
  return std::make_unique<TcpActive>(loop, test, target, std::move(student_waiting), thresholds);
}

std::unique_ptr<Peer> MakePassivePeer(EventLoop& loop, const spec::Spec& spec,
                                      const spec::Case& test, const Address& address,
                                      Address* bound, WaitingProbe student_waiting,
                                      const Thresholds& thresholds, CaseControl* control,
                                      WaitingProbe student_resting,
                                      WaitingProbe student_resting_surely) {
  if (!test.script.empty())
    return MakeScriptPeer(loop, spec, test,
                          {false,
                           address,
                           thresholds,
                           control,
                           std::move(student_resting),
                           {},
                           std::move(student_resting_surely),
                           std::nullopt},
                          bound);
  if (spec.protocol == spec::Protocol::kUdp) {
    auto p = std::make_unique<UdpPassive>(loop, test, address);
    *bound = p->address();
    return p;
  }
  auto p =
      std::make_unique<TcpPassive>(loop, test, address, std::move(student_waiting), thresholds);
  *bound = p->address();
  return p;
}

}  // namespace netgrade::peers
