// How many datagrams the UDP proxy asks the kernel for in one receive on a socket. A batch
// (recvmmsg) that finds one datagram costs a second receive that finds the queue empty: in a
// conversation, one datagram at a time, that is a tenth of what the proxy adds to a round
// trip. So a socket is read one datagram at a time (then poll() again) until a probe finds a
// queue behind the first, and in batches until several in a row come back with one or none.
#pragma once

namespace netgrade::proxy {

class ReceiveWidth {
 public:
  // A batch of this many when datagrams queue; one at a time, a batch every probe_every
  // readiness events to see whether they do.
  explicit ReceiveWidth(int batch, int probe_every = 4, int leave_after = 4)
      : batch_(batch), probe_every_(probe_every), leave_after_(leave_after) {}
  // The width of the next receive.
  int Ask();
  // What it got: `asked` from Ask, `got` datagrams received.
  void Got(int asked, int got);
  // Whether to receive again at once (a full batch: more may wait) rather than poll() first.
  bool More(int asked, int got) const { return asked > 1 && got == asked; }

 private:
  int batch_;
  int probe_every_;
  int leave_after_;  // batches in a row without a queue
  bool batching_ = false;
  int without_queue_ = 0;
  int since_probe_ = 0;
};

}  // namespace netgrade::proxy
