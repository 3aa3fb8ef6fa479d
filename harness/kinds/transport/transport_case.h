// A case of a transport lab (protocol: transport): the student's program on one side of an
// emulated link (link.h, one model each way, every choice from the case's seed), netgrade's
// built-in peer on the other (gbn_receiver.h against a sender, gbn_sender.h against a
// receiver), every datagram recorded (record.h). The program runs in the case's own network
// as a UDP lab's does; netgrade's peer is one UDP socket there, and the link is in this
// process: a datagram read from the program is held for its delivery time, then given to the
// peer; the peer's answer goes back the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/address.h"
#include "harness/base/fd.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/gbn_receiver.h"
#include "harness/kinds/transport/gbn_sender.h"
#include "harness/kinds/transport/kernel_flow.h"
#include "harness/kinds/transport/link.h"
#include "harness/kinds/transport/record.h"

namespace netgrade::transport {

class TransportKindCase : public kinds::KindCase {
 public:
  // Records kept; past them datagrams are counted only.
  static constexpr size_t kMostRecords = 200000;
  // Datagrams held in the link at once, whatever its queue: past them one is dropped.
  static constexpr size_t kMostHeld = 20000;

  ~TransportKindCase() override;
  check::CaseResult Run(kinds::CaseHost& host) override;
  std::shared_ptr<const observe::KindEvidence> Evidence(kinds::CaseHost& host) const override;
  size_t ActivityMark() const override { return activity_; }
  void OnProgramOutput(kinds::CaseHost&) override {}

 private:
  static constexpr size_t kMostDatagram = 65536;
  // Datagrams read in one turn of the loop: a flood leaves room for the timers.
  static constexpr int kMostReadsPerTurn = 64;

  Micros Since(TimePoint t) const;
  // Up to kMostReadsPerTurn datagrams waiting at `fd`, each given to `take` with its source and
  // its time of arrival.
  void ReadEach(int fd,
                const std::function<void(std::vector<uint8_t>, const Address&, Micros)>& take);
  void Read();
  // A datagram offered to one direction of the link at model time `at`; delivered by a timer.
  // `copy`: the copy of the program it is from or for (0 but in a case of two copies).
  void Offer(bool from_student, std::vector<uint8_t> bytes, Micros at, int copy = 0);
  // Where an offer at `at` to one direction of the link stands: never before the last one
  // offered that way (the program's datagrams and a kernel flow's packets share the link).
  Micros InOrder(bool from_student, Micros at);
  // `index`: its record's in the copy's records when this is its first delivery (the record
  // takes the time it was sent), else kMostRecords.
  void Deliver(bool from_student, std::vector<uint8_t> bytes, Micros at, int copy, size_t index);
  void ToPeer(std::vector<uint8_t> bytes, Micros at, int copy);
  // transfer: {copies: 2}: the second copy starts `second_after` after the first.
  void StartSecondCopy();
  // The copy a datagram read from `from` is of.
  int CopyOf(const Address& from);
  void ArmSenderTimer();
  bool Settled();
  // A packet the program sent fails the case whatever comes after it (malformed where the case
  // asks for well-formed packets; sent again sooner than the case allows): the case is settled
  // at once, not at its timeout.
  void LookForLastingFailure(const PacketRecord& rec);
  // From the program's first DATA packet: past GoodputDeadline, no FIN can reach the goodput
  // the case asks, and netgrade stops waiting for one (gave_up_at_).
  void WaitForGoodput(Micros first_data);
  bool AnythingFromProgram() const;
  // A receiving program's socket: how many datagrams the kernel dropped at it so far
  // (socket_drops_), looked at every kDropLook while the case runs and as each FIN is given.
  void LookAtDrops();
  void WatchDrops();
  // The link's own figures (its delivered rate, its timers' lag), after the program's.
  void LinkFigures(check::CaseResult* r) const;
  // transfer: {peer: {folder: DIR}}: the instructor's program plays the peer. Started before a
  // sending program (it listens), after a receiving one is bound; what it sends is read from
  // peer_socket_ and crosses the link as netgrade's own peer's answers do.
  void StartPeerProgram(bool listens);
  void ReadFromPeer();
  // How the instructor's program ended with a failure ("exited with status 1"), or "".
  std::string PeerFailed() const;
  // An ACK of the FIN (`lose_fin_ack` loses it by plan).
  bool IsFinAck(bool from_student, const Header& h) const;

  kinds::CaseHost* host_ = nullptr;
  PacketFormat format_;
  std::string file_;
  std::string file_name_;
  size_t window_ = 0;
  bool student_sends_ = true;
  std::unique_ptr<Link> out_, back_;
  Micros last_offer_[2] = {Micros{0}, Micros{0}};
  Fd socket_;
  // One copy of the program as the link sees it: where it is (the source of its datagrams, or
  // a receiver's port), netgrade's receiver for it (the program sends), what crossed. The first
  // is the program; a second (transfer: {copies: 2}) starts at `second_after` and shares the
  // link with it.
  struct Copy {
    Address where;
    bool known = false;
    std::optional<GbnReceiver> receiver;
    Micros fin_taken_at{-1};
    std::vector<PacketRecord> records;
    size_t unrecorded = 0;
    std::vector<Progress> progress;  // the bytes its receiver took in order, by when
    bool started = true;             // a second copy: once its time came
    Micros started_at{0};
  };
  std::vector<Copy> copies_ = std::vector<Copy>(1);  // sized once, before the case runs
  const Copy* second() const { return copies_.size() > 1 ? &copies_[1] : nullptr; }
  std::optional<GbnSender> sender_;  // netgrade's, against a receiving program
  // The instructor's program as the peer: netgrade's socket facing it, and where it is (its
  // port when it listens; learned from its first datagram when it sends). Against a sending
  // program, copies_[0].receiver then only reads what crossed (the file, the FIN); the
  // instructor's program answers.
  bool peer_program_ = false;
  Fd peer_socket_;
  Address peer_where_;
  bool peer_known_ = false;
  // The instructor's sender's DATA packets, by seq: how often each was sent; the most.
  std::map<uint64_t, size_t> peer_sends_;
  size_t peer_most_sends_ = 0;
  // The program's and netgrade's run delays (RunDelays) at the program's first packet, and the
  // longer of their growths from it to the FIN (when both wait, they wait for the same CPU).
  std::optional<std::pair<int64_t, int64_t>> waited_at_first_;
  int64_t waited_to_fin_ns_ = 0;
  std::pair<int64_t, int64_t> RunDelays() const;
  uint64_t sender_timer_ = 0;
  size_t silent_timeouts_ = 0;        // netgrade's sender's timeouts in a row with nothing back
  int fin_acks_to_lose_[2] = {0, 0};  // out, back
  bool failed_for_good_ = false;
  bool goodput_timer_armed_ = false;
  Micros gave_up_at_{-1};
  // What the link really did from the program, by the clock (its model says when; the loop
  // may be late): for the delivered rate and the timers' lag the report's figures give.
  Micros first_delivery_{-1}, last_delivery_{-1};
  size_t delivered_bytes_ = 0;
  Micros most_lag_{0};
  Micros last_ack_look_{-1000000};
  Micros last_resend_{-1000000};
  Micros last_flight_look_{0};
  std::map<uint64_t, Micros> last_sent_;      // a sender's DATA by seq: when it was last sent
  uint64_t first_data_seq_ = 0;               // the first DATA packet the program sent
  std::map<uint64_t, uint64_t> first_bytes_;  // a sender's DATA by seq: its first payload's hash
  size_t held_ = 0;                           // datagrams in the link now
  size_t held_to_peer_ = 0;
  size_t activity_ = 0;
  double base_rtt_ms_ = 0;
  double out_rate_bps_ = 0;
  double queue_full_ms_ = 0;
  bool rate_falls_ = false;    // a change lowers the rate from the program: out_rate_bps_ is it
  std::set<uint64_t> timers_;  // pending, cancelled with the case
  std::unique_ptr<KernelTcpFlow> tcp_;  // transfer: {beside: tcp}
  bool ending_ = false;                 // the case is settled: no copy starts any more
  size_t socket_drops_ = 0;
  uint64_t At(Micros at, std::function<void()> cb);
};

}  // namespace netgrade::transport
