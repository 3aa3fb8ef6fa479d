// What a TCP or UDP case watches of where its program sends, while it runs: a client's sends
// to ports where nothing listens (and in the other protocol: a UDP client in a TCP lab), a UDP
// server's answers to such ports, a program in the middle's connections to ports other than
// the case's own server, and a UDP client's silence after one of its datagrams was lost (the
// proxy's drop, or the peer's port closed by a script). The runner (run/case_runner.cc) makes
// one for its case and asks it; the protocol decides what is watched, here.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/observe/stray_sends.h"
#include "harness/observe/udp_stall.h"
#include "harness/proxy/udp_proxy.h"

namespace netgrade::sockets {

class SendsWatch {
 public:
  struct Setup {
    EventLoop* loop = nullptr;
    bool datagrams = false;  // the lab's protocol is UDP
    bool own_namespace = false;
    std::chrono::milliseconds stall_after{};   // Thresholds::stall_after_drop, scaled
    std::function<std::vector<pid_t>()> pids;  // the program's processes as of now
    std::function<pid_t()> live_pid;           // its main process, 0 once it has exited
  };
  explicit SendsWatch(Setup setup) : setup_(std::move(setup)) {}

  // A client's case, in the peer's namespace, once the peer listens at `peer_port` and the
  // program is given `given` (the proxy's port where there is one). `proxy`: the proxy's
  // datagram part, nullptr without one (or in a TCP lab); `peer_datagrams` counts what the
  // peer received (a resend after a closed port's loss counts as sent since it).
  void WatchClient(uint16_t given, uint16_t peer_port, const proxy::UdpProxy* proxy,
                   std::function<size_t()> peer_datagrams);
  // A listening program's case, once it listens on `port`: a UDP server's answers elsewhere,
  // or a TCP program's connections to ports other than `own_server_port` (0: no own server).
  // The own server's port when its connections are watched (for the judge), else 0.
  uint16_t WatchServer(uint16_t port, uint16_t own_server_port);

  // The program's sends are seen as they happen (a raw socket in the case's own namespace).
  bool sends_visible() const;
  // Something the program sent went where nothing listens (in either protocol).
  bool strayed() const;
  // In the lab's own protocol (a server's answers elsewhere).
  bool strayed_in_protocol() const { return stray_ && !stray_->seen().empty(); }
  // What went where nothing listens, the lab's protocol first.
  std::vector<observe::StraySend> seen() const;
  // The stall after a loss, once a client's is being watched; nullptr otherwise.
  observe::UdpStallWatch* stall() const { return stall_.get(); }

 private:
  Setup setup_;
  std::unique_ptr<observe::ClosedPortLosses> closed_losses_;  // before stall_, which reads it
  std::unique_ptr<observe::UdpStallWatch> stall_;
  std::unique_ptr<observe::StraySendWatch> stray_;
  std::unique_ptr<observe::StraySendWatch> stray_other_;
};

}  // namespace netgrade::sockets
