#include "harness/kinds/sockets/sends_watch.h"

#include <utility>

namespace netgrade::sockets {
namespace {

observe::SocketProto Proto(bool datagrams) {
  return datagrams ? observe::SocketProto::kUdp : observe::SocketProto::kTcp;
}

}  // namespace

void SendsWatch::WatchClient(uint16_t given, uint16_t peer_port, const proxy::UdpProxy* proxy,
                             std::function<size_t()> peer_datagrams) {
  EventLoop& loop = *setup_.loop;
  if (proxy) {
    stall_ =
        std::make_unique<observe::UdpStallWatch>(loop, *proxy, setup_.live_pid, setup_.stall_after);
  }
  // Without a proxy, a UDP client's datagram to the peer's port closed (the script stopped
  // the peer) is a loss: the stall watch reads it as it reads the plan's drops.
  std::function<void(const std::string&)> lost;
  if (setup_.datagrams && !proxy) {
    closed_losses_ = std::make_unique<observe::ClosedPortLosses>(loop, std::move(peer_datagrams));
    lost = [this](const std::string& payload) { closed_losses_->Lost(payload); };
  }
  stray_ = observe::WatchClientSends(loop, Proto(setup_.datagrams), setup_.own_namespace, given,
                                     {given, peer_port}, setup_.pids, std::move(lost));
  // The other protocol's too: a client written for the other exercise (a UDP client in a TCP
  // one) sends to a port written in it, and is told its protocol, not that it never sent.
  stray_other_ = observe::WatchClientSends(loop, Proto(!setup_.datagrams), setup_.own_namespace,
                                           given, {given, peer_port}, setup_.pids);
  if (closed_losses_ && stray_ && stray_->available())
    stall_ = std::make_unique<observe::UdpStallWatch>(loop, closed_losses_->Feed(), setup_.live_pid,
                                                      setup_.stall_after);
}

uint16_t SendsWatch::WatchServer(uint16_t port, uint16_t own_server_port) {
  if (setup_.datagrams) {
    stray_ = observe::WatchServerAnswers(*setup_.loop, port);
    return 0;
  }
  if (own_server_port == 0) return 0;
  stray_ = observe::WatchClientSends(*setup_.loop, observe::SocketProto::kTcp, setup_.own_namespace,
                                     own_server_port, {port, own_server_port}, setup_.pids);
  return own_server_port;
}

bool SendsWatch::sends_visible() const {
  return stray_ && stray_->available() && setup_.own_namespace;
}

bool SendsWatch::strayed() const {
  return strayed_in_protocol() || (stray_other_ && !stray_other_->seen().empty());
}

std::vector<observe::StraySend> SendsWatch::seen() const {
  std::vector<observe::StraySend> all;
  for (const auto* watch : {stray_.get(), stray_other_.get()})
    if (watch) all.insert(all.end(), watch->seen().begin(), watch->seen().end());
  return all;
}

}  // namespace netgrade::sockets
