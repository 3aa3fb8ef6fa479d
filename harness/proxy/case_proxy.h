// The proxy of one case, wired from its plan: TCP or UDP as the exercise is, listening where
// the student (or the peer) is told to go and passing on to the other side.
#pragma once

#include <memory>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/plan/case_plan.h"
#include "harness/proxy/tcp_proxy.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::proxy {

class CaseProxy {
 public:
  // Listens on `listen` (port 0: the kernel picks) and passes on to `target`, with the
  // plan's faults each way and the case's seed.
  CaseProxy(EventLoop& loop, const plan::ProxyPlan& plan, bool udp, const Address& listen,
            const Address& target, const Thresholds& thresholds = {});

  uint16_t port() const { return udp_ ? udp_->port() : tcp_->port(); }
  const Transcript& transcript() const { return udp_ ? udp_->transcript() : tcp_->transcript(); }
  // The UDP proxy, for what only UDP has (kernel drops, the stall watch); nullptr for TCP.
  const UdpProxy* udp() const { return udp_.get(); }
  // TCP: connections reset at once, past peers::kMostConnections.
  size_t refused_connections() const { return tcp_ ? tcp_->refused_connections() : 0; }
  // Whether traffic from `source` that reached the reference peer came through this proxy
  // (and not straight from the program, which would dodge its faults).
  bool Carried(const Address& source) const {
    return udp_ ? udp_->Sent(source) : tcp_->Opened(source);
  }
  // The address the student's program (or the peer) first connected or sent to.
  const std::string& dialled() const { return udp_ ? udp_->dialled() : tcp_->dialled(); }

 private:
  std::unique_ptr<UdpProxy> udp_;
  std::unique_ptr<TcpProxy> tcp_;
};

}  // namespace netgrade::proxy
