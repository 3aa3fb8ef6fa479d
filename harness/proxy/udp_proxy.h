// A UDP proxy on loopback between a client and a server, applying a fault plan to each
// direction. Each client address gets an upstream socket of its own, so the server sees
// distinct clients and its answers go back to the right one. Big socket buffers, batches
// (recvmmsg, sendmmsg), and the kernel's own drops (SO_RXQ_OVFL, SO_MEMINFO) are counted
// apart from the plan's: loss the plan did not intend is the grader's problem, never the
// student's. The path of a datagram that no fault touches is one receive, one send, no copy,
// no timer.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/event_loop.h"
#include "harness/base/thresholds.h"
#include "harness/plan/fault_plan.h"
#include "harness/proxy/receive_width.h"
#include "harness/proxy/transcript.h"
#include "harness/spec/spec.h"

namespace netgrade::proxy {

struct ProxyOptions {
  Address listen;  // port 0: the kernel picks
  Address target;
  spec::DirectionFaults upstream;    // client -> server
  spec::DirectionFaults downstream;  // server -> client
  // Which way "upstream" is for the student, for the transcript and the plan's streams.
  plan::Direction upstream_is = plan::Direction::kToStudent;
  uint64_t seed = 0;  // the case's: what the faults are drawn from
  // The seed a transcript names (the run's, which --seed replays); the case's derives from it.
  uint64_t shown_seed = 0;
  // TCP coalesce: writes are merged until the sender has been quiet this long.
  std::chrono::milliseconds coalesce_window{5};
  // UDP: the receive and send buffers asked for on every socket of the proxy (a test asks
  // for tiny ones to make the kernel drop).
  int udp_buffer_bytes = 16 << 20;
  // The run's, scaled by its multiplier: TCP waits at most slice_wait_bound for a receiver
  // to read a slice; UDP holds a datagram at most hold_bound (beyond its delay) for the next.
  Thresholds thresholds;
  // UDP: a flow's datagrams from the client go to the address its last answer came from, once
  // one has come (a TFTP server's transfer port), not to `target`.
  bool follow_server = false;
};

class UdpProxy {
 public:
  UdpProxy(EventLoop& loop, const ProxyOptions& options);
  ~UdpProxy();
  UdpProxy(const UdpProxy&) = delete;
  UdpProxy& operator=(const UdpProxy&) = delete;

  uint16_t port() const { return listen_address_.port(); }
  const Transcript& transcript() const { return transcript_; }
  // The address the first client sent to ("" before one did).
  const std::string& dialled() const { return dialled_; }
  // Whether a datagram from `source` came from this proxy: from its listening socket or a
  // flow's upstream one (by port: a UDP port bound by the proxy is bound by no one else).
  bool Sent(const Address& source) const {
    return source.port() == port() || own_ports_.count(source.port()) > 0;
  }
  Transcript& transcript() { return transcript_; }
  // Datagrams the kernel dropped on the proxy's sockets, that it refused to send, or that
  // the proxy could not carry (from more client ports than it keeps flows for): never the
  // plan's drops. Asks the kernel, so drops after the last datagram received count too.
  uint64_t kernel_drops() const;
  // When the plan last dropped a datagram going `d`, and how many datagrams came from the
  // student since then.
  std::optional<TimePoint> last_drop(plan::Direction d) const;
  int from_student_since_last_drop() const { return since_drop_; }

 private:
  static constexpr int kBatchSize = 32;  // datagrams per recvmmsg/sendmmsg
  struct Flow {
    Address client;
    Fd upstream;
    std::optional<Address> server;  // follow_server: where its last answer came from
    ReceiveWidth width{kBatchSize};
  };
  // A datagram the plan holds back: it goes out (with its copies) right after the next one
  // of its direction has passed, or when `timer` fires, whichever comes first. A late one
  // waits in late_ for the other direction's next datagram, with no timer.
  struct Held {
    std::string data;
    int fd;
    Address to;
    int index;
    int copies;
    uint64_t timer;
  };
  // A datagram to send with the next Flush(); `data` points into the receive batch or into
  // owned_, both kept until then.
  struct Outgoing {
    int fd;
    Address to;
    std::string_view data;
  };
  class Batch;

  void OnReadable(int fd, Flow* flow);
  Flow* FlowOf(const Address& client);
  void Forward(bool upstream, std::string_view data, int fd, const Address& to);
  void Emit(int fd, const Address& to, std::string_view data) { out_.push_back({fd, to, data}); }
  // Sends what was emitted, in order, with one sendmmsg per run of the same socket.
  void Flush();
  // Emits the held datagrams of direction `way`, in the order they came, up to and
  // including the one with index `last_index` (0: all of them).
  void ReleaseHeld(int way, int last_index, const std::string& why);
  // Emits the late datagrams of direction `way`, in the order they came.
  void ReleaseLate(int way, const std::string& why);
  void NoteDrops(int fd, uint32_t kernel_count);
  plan::Direction Way(bool upstream) const;

  EventLoop& loop_;
  ProxyOptions options_;
  Fd listen_fd_;
  Address listen_address_;
  std::vector<std::unique_ptr<Flow>> flows_;
  std::set<uint16_t> own_ports_;  // of every flow's upstream socket, the listening one's too
  Flow* last_flow_ = nullptr;     // the flow of the previous datagram: most often this one's
  std::unique_ptr<Batch> batch_;
  ReceiveWidth listen_width_{kBatchSize};
  std::vector<Outgoing> out_;
  std::deque<std::string> owned_;  // data of emitted datagrams that no batch slot holds
  int count_[2] = {0, 0};          // datagrams seen, per direction (0 upstream, 1 downstream)
  std::deque<Held> held_[2];       // in the order they came
  std::deque<Held> late_[2];       // `late`: until the other way sends (timer unused)
  std::optional<TimePoint> last_drop_[2];  // indexed by plan::Direction
  int since_drop_ = 0;
  uint64_t send_failures_ = 0;
  std::map<int, uint32_t> overflow_seen_;  // the kernel's drop counter per socket
  std::vector<uint64_t> timers_;
  Transcript transcript_;
  std::string dialled_;
};

}  // namespace netgrade::proxy
