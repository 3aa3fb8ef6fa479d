#include "harness/proxy/case_proxy.h"

namespace netgrade::proxy {

CaseProxy::CaseProxy(EventLoop& loop, const plan::ProxyPlan& plan, bool udp, const Address& listen,
                     const Address& target, const Thresholds& thresholds) {
  ProxyOptions po;
  po.listen = listen;
  po.target = target;
  po.upstream = plan.upstream;
  po.downstream = plan.downstream;
  po.upstream_is = plan.upstream_is;
  po.seed = plan.seed;
  po.shown_seed = plan.run_seed;
  po.thresholds = thresholds;
  po.follow_server = plan.follow_server;
  if (udp)
    udp_ = std::make_unique<UdpProxy>(loop, po);
  else
    tcp_ = std::make_unique<TcpProxy>(loop, po);
}

}  // namespace netgrade::proxy
