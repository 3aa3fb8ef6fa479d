// How many datagrams the UDP proxy asks the kernel for in one receive on a socket. A batch
// (recvmmsg) that finds one datagram costs a second receive that finds the queue empty: in a
// conversation, one datagram at a time, that is a tenth of what the proxy adds to a round
// trip. So a socket is read one datagram at a time (then poll() again) until a probe finds a
// queue behind the first, and in batches for as long as batches come back with more than one.
#pragma once

namespace netgrade::proxy {

class ReceiveWidth {
 public:
  // A batch of this many when datagrams queue; one at a time, a batch every probe_every
  // readiness events to see whether they do.
  explicit ReceiveWidth(int batch, int probe_every = 8) : batch_(batch), probe_every_(probe_every) {}
  // The width of the next receive.
  int Ask();
  // What it got: `asked` from Ask, `got` datagrams received.
  void Got(int asked, int got);
  // Whether to receive again at once (a full batch: more may wait) rather than poll() first.
  bool More(int asked, int got) const { return asked > 1 && got == asked; }

 private:
  int batch_;
  int probe_every_;
  bool batching_ = false;
  int since_probe_ = 0;
};

}  // namespace netgrade::proxy
