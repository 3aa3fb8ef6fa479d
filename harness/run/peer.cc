#include "harness/run/peer.h"

#include "harness/net/tcp_client_peer.h"
#include "harness/net/tcp_server_peer.h"
#include "harness/net/udp_peers.h"

namespace netgrade::run {
namespace {

class TcpActive : public Peer {
 public:
  TcpActive(EventLoop& loop, const spec::Case& test, const net::Address& target)
      : peer_(loop, test.peer.connections, test.expect.replies != spec::Transform::kNone, target) {}
  void Start() override { peer_.Start(); }
  bool done() const override { return peer_.done(); }
  const std::vector<net::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override { return peer_.Describe(); }

 private:
  net::TcpClientPeer peer_;
};

class UdpActive : public Peer {
 public:
  UdpActive(EventLoop& loop, const spec::Case& test, const net::Address& target)
      : peer_(loop, test.peer.connections, test.expect.replies != spec::Transform::kNone, test.peer.interleave,
              target) {}
  void Start() override { peer_.Start(); }
  bool done() const override { return peer_.done(); }
  const std::vector<net::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override { return peer_.Describe(); }

 private:
  net::UdpClientPeer peer_;
};

class TcpPassive : public Peer {
 public:
  TcpPassive(EventLoop& loop, const spec::Case& test, const net::Address& address)
      : peer_(loop, address, test.peer.reply) {}
  bool done() const override { return peer_.all_closed(); }
  const std::vector<net::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override {
    return peer_.log().empty() ? "no connection had come to the reference server"
                               : "the reference server still had a connection open";
  }
  void Close() override { peer_.Close(); }
  const net::Address& address() const { return peer_.address(); }

 private:
  net::TcpServerPeer peer_;
};

class UdpPassive : public Peer {
 public:
  UdpPassive(EventLoop& loop, const spec::Case& test, const net::Address& address)
      : peer_(loop, address, test.peer.reply) {}
  bool done() const override { return true; }
  const std::vector<net::ConnectionLog>& log() const override { return peer_.log(); }
  std::string Describe() const override {
    return peer_.log().empty() ? "no datagram had come to the reference server"
                               : "the reference server was waiting for more datagrams";
  }
  void Close() override { peer_.Close(); }
  const net::Address& address() const { return peer_.address(); }

 private:
  net::UdpServerPeer peer_;
};

}  // namespace

std::unique_ptr<Peer> MakeActivePeer(EventLoop& loop, const spec::Spec& spec, const spec::Case& test,
                                     const net::Address& target) {
  if (spec.protocol == spec::Protocol::kUdp) return std::make_unique<UdpActive>(loop, test, target);
  return std::make_unique<TcpActive>(loop, test, target);
}

std::unique_ptr<Peer> MakePassivePeer(EventLoop& loop, const spec::Spec& spec, const spec::Case& test,
                                      const net::Address& address, net::Address* bound) {
  if (spec.protocol == spec::Protocol::kUdp) {
    auto p = std::make_unique<UdpPassive>(loop, test, address);
    *bound = p->address();
    return p;
  }
  auto p = std::make_unique<TcpPassive>(loop, test, address);
  *bound = p->address();
  return p;
}

}  // namespace netgrade::run
