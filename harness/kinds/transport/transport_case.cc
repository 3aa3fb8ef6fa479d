#include "harness/kinds/transport/transport_case.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "harness/base/arrival.h"
#include "harness/base/error.h"
#include "harness/base/proc.h"
#include "harness/base/seed.h"
#include "harness/kinds/transport/evidence.h"
#include "harness/kinds/transport/flight.h"
#include "harness/kinds/transport/goodput.h"
#include "harness/kinds/transport/layout.h"
#include "harness/kinds/transport/traffic.h"
#include "harness/kinds/transport/transcript.h"

namespace netgrade::transport {
namespace {

constexpr int kReceiveBuffer = 8 << 20;

// One of netgrade's ends of the link (the program's, or the instructor's program's): a UDP
// socket on the peer's address, non-blocking, each datagram stamped with its arrival (a loaded
// machine may read it late; the link and the checks go by when it came).
Fd OpenLinkEnd(const std::string& host) {
  Fd fd = UdpBind(Address::Parse(host, 0));
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  StampArrivals(fd.get());
  // A sender's whole window may come at once: room for it (past net.core.rmem_max where
  // netgrade may, CAP_NET_ADMIN in the case's namespace), or the kernel drops what the link
  // never saw.
  int room = kReceiveBuffer;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof room) != 0)
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &room, sizeof room);
  return fd;
}

constexpr Micros kDropLook{100000};

const std::string* FileOf(const spec::Spec& spec, const std::string& path) {
  for (const spec::GivenFile& f : spec.files)
    if (f.path == path) return &f.content;
  return nullptr;
}

bool SameAddress(const Address& a, const Address& b) {
  return a.length == b.length && std::memcmp(&a.storage, &b.storage, a.length) == 0;
}

}  // namespace

TransportKindCase::~TransportKindCase() {
  if (!host_) return;
  for (uint64_t id : timers_) host_->loop().Cancel(id);
  if (socket_) host_->loop().Unwatch(socket_.get());
  if (peer_socket_) host_->loop().Unwatch(peer_socket_.get());
}

Micros TransportKindCase::Since(TimePoint t) const {
  return std::chrono::duration_cast<Micros>(t - host_->start());
}

uint64_t TransportKindCase::At(Micros at, std::function<void()> cb) {
  auto id = std::make_shared<uint64_t>(0);
  *id = host_->loop().At(host_->start() + at, [this, id, cb = std::move(cb)] {
    timers_.erase(*id);
    cb();
  });
  timers_.insert(*id);
  return *id;
}

check::CaseResult TransportKindCase::Run(kinds::CaseHost& host) {
  host_ = &host;
  const spec::Spec& spec = host.spec();
  const spec::Case& test = host.test();
  format_ = FormatOf(*PacketOf(spec));
  file_name_ = TransferOf(test)->file;
  if (const std::string* f = FileOf(spec, file_name_)) file_ = *f;
  window_ = static_cast<size_t>(TransferOf(test)->window);
  const spec::TransportLink link = LinkOf(test) ? *LinkOf(test) : spec::TransportLink{};
  const uint64_t seed = host.case_seed();
  out_ = std::make_unique<Link>(ConfigOf(link.out), SplitMix(seed ^ 0x6f7574));
  back_ = std::make_unique<Link>(ConfigOf(link.back), SplitMix(seed ^ 0x6261636b));
  base_rtt_ms_ = BaseRttMs(link, format_.payload_offset + format_.payload_max + kIpUdpOverhead,
                           format_.payload_offset + kIpUdpOverhead);
  // The bottleneck's lowest rate (a rate that drops halfway is judged by where it ends).
  out_rate_bps_ = link.out.rate_bps;
  for (const spec::LinkChange& c : link.out.changes)
    if (c.rate_bps && out_rate_bps_ > 0 && *c.rate_bps < out_rate_bps_) {
      out_rate_bps_ = *c.rate_bps;
      rate_falls_ = true;
    }
  queue_full_ms_ =
      QueueFullMs(link.out, format_.payload_offset + format_.payload_max + kIpUdpOverhead);
  fin_acks_to_lose_[0] = link.out.lose_fin_ack;
  fin_acks_to_lose_[1] = link.back.lose_fin_ack;
  for (const spec::Role& r : spec.roles)
    if (r.name == test.role) student_sends_ = !r.listens;
  peer_program_ = test.peer_program.has_value();

  const sandbox::CaseNetwork& network = host.network();
  const std::string& peer_host = network.peer_host();
  uint16_t port = 0;
  {
    sandbox::NetNamespace::Scope in_student(network.student());
    socket_ = OpenLinkEnd(peer_host);
    if (!student_sends_) {
      std::optional<uint64_t> start;
      if (network.isolated()) start = seed;
      port = PickFreePort(SOCK_DGRAM, start);
    }
    if (peer_program_) {
      peer_socket_ = OpenLinkEnd(peer_host);
    }
  }
  host.loop().Watch(socket_.get(), POLLIN, [this](short) { Read(); });
  if (peer_program_)
    host.loop().Watch(peer_socket_.get(), POLLIN, [this](short) { ReadFromPeer(); });
  if (TransferOf(test)->beside_tcp) {
    std::string why;
    auto offer = [this](bool out, Micros at, size_t bytes) {
      return (out ? out_ : back_)->Offer(InOrder(out, at), bytes);
    };
    tcp_ = KernelTcpFlow::Create({&host.loop(), host.start(), offer}, &why);
    if (!tcp_)
      throw SystemError("cannot make the TCP flow beside the program (" + why + ")", EPERM);
    tcp_->Start();
  }
  if (student_sends_) {
    copies_.resize(static_cast<size_t>(TransferOf(test)->copies));
    for (Copy& c : copies_) c.receiver.emplace(format_);
    if (second()) copies_[1].started = false;
    if (peer_program_) StartPeerProgram(true);
    host.StartProgramAt(peer_host, LocalAddress(socket_.get()).port());
    if (second())
      At(Since(host.loop().Now()) + std::chrono::milliseconds(TransferOf(test)->second_after_ms),
         [this] { StartSecondCopy(); });
  } else {
    host.StartProgramAt(peer_host, port);
    if (host.WaitUntilBound()) {
      copies_[0].where = Address::Parse(network.student_host(), port);
      copies_[0].known = true;
      if (peer_program_) {
        StartPeerProgram(false);
      } else {
        sender_.emplace(format_, std::vector<uint8_t>(file_.begin(), file_.end()), window_,
                        std::chrono::milliseconds(TransferOf(test)->timeout_ms));
        const Micros now = Since(host.loop().Now());
        for (auto& d : sender_->Start(now)) Offer(false, std::move(d), now);
        ArmSenderTimer();
      }
      WatchDrops();
    }
  }
  if (host.ProgramFinished() || student_sends_ || copies_[0].known)
    host.RunUntilSettled([this] { return Settled(); });
  ending_ = true;
  if (tcp_) tcp_->Stop();
  check::CaseResult r = host.Finish();
  const Copy* two = second();
  const bool both = two && two->started;
  const std::vector<PacketRecord> merged =
      both ? Merged(copies_[0].records, two->records) : std::vector<PacketRecord>{};
  DescribeRecord(test, format_, both ? merged : copies_[0].records,
                 copies_[0].unrecorded + (both ? two->unrecorded : 0), student_sends_, &r);
  if (auto e = std::dynamic_pointer_cast<const transport::Evidence>(Evidence(host)))
    r.figures = Figures(*e, ExpectOf(test.expect));
  LinkFigures(&r);
  if (peer_program_) {
    r.notes.push_back(fmt::format(
        "The instructor's {} ({}/) played against {}: what is said of netgrade's {} is what "
        "crossed the link to it.",
        test.peer_program->role, test.peer_program->written, r.program.empty() ? "it" : r.program,
        student_sends_ ? "receiver" : "sender"));
    if (std::string err = host.PeerProgramStderr(); !err.empty() && !r.passed())
      r.notes.push_back(fmt::format("The instructor's {} printed on standard error:\n{}",
                                    test.peer_program->role, err));
  }
  host.WriteCapture(&r);
  return r;
}

void TransportKindCase::ReadEach(
    int fd, const std::function<void(std::vector<uint8_t>, const Address&, Micros)>& take) {
  for (int i = 0; i < kMostReadsPerTurn; ++i) {
    Arrival a;
    if (!ReceiveStamped(fd, kMostDatagram, host_->loop().Now(), &a)) return;
    take(std::move(a.bytes), a.from, Since(a.at));
  }
}

void TransportKindCase::Read() {
  ReadEach(socket_.get(), [this](std::vector<uint8_t> buf, const Address& from, Micros at) {
    // The program's datagrams come from where it is; answers go back there.
    int copy = 0;
    if (student_sends_) copy = CopyOf(from);
    if (student_sends_ && copy == 0) {
      copies_[0].where = from;
      copies_[0].known = true;
      if (!waited_at_first_) waited_at_first_ = RunDelays();
    }
    ++activity_;
    Offer(true, std::move(buf), at, copy);
  });
}

int TransportKindCase::CopyOf(const Address& from) {
  // Before the second copy starts, every datagram is the first's; after, a new address is the
  // second's (its socket), and the first keeps the one it had.
  if (!second() || !second()->started) return 0;
  Copy& two = copies_[1];
  if (two.known) return SameAddress(from, two.where) ? 1 : 0;
  if (copies_[0].known && SameAddress(from, copies_[0].where)) return 0;
  two.where = from;
  two.known = true;
  return 1;
}

void TransportKindCase::StartSecondCopy() {
  // The first ended before its time came: nothing to share the link with (the checks say so).
  if (ending_ || host_->ProgramFinished()) return;
  host_->StartCopy();
  copies_[1].started = true;
  copies_[1].started_at = Since(host_->loop().Now());
}

Micros TransportKindCase::InOrder(bool from_student, Micros at) {
  Micros& last = last_offer_[from_student ? 0 : 1];
  last = std::max(at, last);
  return last;
}

void TransportKindCase::Offer(bool from_student, std::vector<uint8_t> bytes, Micros at, int copy) {
  at = InOrder(from_student, at);
  PacketRecord rec;
  rec.seen = at;
  rec.from_student = from_student;
  rec.size = bytes.size();
  rec.header = HeaderOf(Decode(format_, bytes));
  rec.copy = copy;
  if (peer_program_ && !from_student && rec.header.valid() && rec.header.type == format_.type_data)
    peer_most_sends_ = std::max(peer_most_sends_, ++peer_sends_[rec.header.seq]);
  Fate fate;
  if (copy == 0 && IsFinAck(from_student, rec.header) &&
      fin_acks_to_lose_[from_student ? 0 : 1] > 0) {
    // The case loses this ACK of the FIN by plan (`lose_fin_ack`).
    --fin_acks_to_lose_[from_student ? 0 : 1];
    fate.kind = Fate::kPlannedLoss;
  } else {
    fate = (from_student ? out_ : back_)->Offer(at, bytes.size());
  }
  rec.fate = fate.kind;
  rec.queued = fate.queued;
  rec.reordered = fate.reordered;
  rec.duplicated = fate.duplicated;
  if (held_ + fate.deliveries.size() > kMostHeld) {
    rec.overflow = true;
    fate.deliveries.clear();
  }
  // The record's index, when it is kept: a delivery to the program records when it happened.
  Copy& of = copies_[static_cast<size_t>(copy)];
  const size_t index = of.records.size() < kMostRecords ? of.records.size() : kMostRecords;
  bool first = true;
  for (const Delivery& d : fate.deliveries) {
    std::vector<uint8_t> copy = bytes;
    if (d.flipped_bit) {
      FlipBit(&copy, *d.flipped_bit);
      rec.corrupted = true;
    }
    if (rec.delivered < Micros{0}) rec.delivered = d.at;
    ++held_;
    if (from_student) ++held_to_peer_;
    At(d.at, [this, from_student, bytes = std::move(copy), at = d.at, copy = rec.copy,
              index = first ? index : kMostRecords]() mutable {
      --held_;
      if (from_student) --held_to_peer_;
      Deliver(from_student, std::move(bytes), at, copy, index);
    });
    first = false;
  }
  if (of.records.size() < kMostRecords)
    of.records.push_back(rec);
  else
    ++of.unrecorded;
  // The first copy's packets are judged as they come; a second copy's at the end.
  if (from_student && copy == 0) LookForLastingFailure(rec);
  ++activity_;
}

bool TransportKindCase::IsFinAck(bool from_student, const Header& h) const {
  if (!h.valid() || h.type != format_.type_ack) return false;
  // netgrade's receiver's answer to a FIN, or the program's to netgrade's sender's FIN.
  if (!from_student)
    return copies_[0].receiver && copies_[0].receiver->finished() &&
           h.seq == copies_[0].receiver->expected() + 1;
  return sender_ && h.seq == sender_->packets() + 1;
}

void TransportKindCase::Deliver(bool from_student, std::vector<uint8_t> bytes, Micros at, int copy,
                                size_t index) {
  const Micros now = Since(host_->loop().Now());
  most_lag_ = std::max(most_lag_, now - at);
  if (from_student) {
    // The bytes after the first delivery, over the time from it to the last.
    if (first_delivery_ < Micros{0})
      first_delivery_ = now;
    else
      delivered_bytes_ += bytes.size();
    last_delivery_ = now;
    ToPeer(std::move(bytes), at, copy);
    return;
  }
  // Every DATA packet before a FIN has been given: what its socket dropped of them is known.
  if (!student_sends_ && HeaderOf(Decode(format_, bytes)).type == format_.type_fin) LookAtDrops();
  Copy& to = copies_[static_cast<size_t>(copy)];
  // Given when it was sent, not when the link meant it to be: a loaded machine may run this
  // late, and the program's ACK must not look older than the packet it answers.
  if (index < to.records.size()) to.records[index].delivered = now;
  if (to.known)
    ::sendto(socket_.get(), bytes.data(), bytes.size(), MSG_DONTWAIT, to.where.sa(),
             to.where.length);
  ++activity_;
}

void TransportKindCase::ToPeer(std::vector<uint8_t> bytes, Micros at, int copy) {
  silent_timeouts_ = 0;
  Copy& of = copies_[static_cast<size_t>(copy)];
  if (of.receiver) {
    GbnReceiver::Answer a = of.receiver->Receive(bytes);
    if (a.took == GbnReceiver::Took::kInOrder && of.progress.size() < kMostRecords)
      of.progress.push_back({at, of.receiver->file().size()});
    if (a.took == GbnReceiver::Took::kFin && of.fin_taken_at < Micros{0}) {
      of.fin_taken_at = at;
      if (copy == 0 && waited_at_first_) {
        const auto [program, own] = RunDelays();
        waited_to_fin_ns_ =
            std::max(program - waited_at_first_->first, own - waited_at_first_->second);
      }
    }
    // The instructor's program answers instead, when it plays the peer.
    if (!peer_program_ && !a.reply.empty()) Offer(false, std::move(a.reply), at, copy);
    if (!peer_program_) return;
  }
  if (peer_program_) {
    if (peer_known_)
      ::sendto(peer_socket_.get(), bytes.data(), bytes.size(), MSG_DONTWAIT, peer_where_.sa(),
               peer_where_.length);
    return;
  }
  if (sender_) {
    for (auto& d : sender_->OnDatagram(bytes, at)) Offer(false, std::move(d), at);
    ArmSenderTimer();
  }
}

void TransportKindCase::LookAtDrops() {
  if (student_sends_ || !copies_[0].known || ending_) return;
  size_t drops = 0;
  {
    sandbox::NetNamespace::Scope in_student(host_->network().student());
    for (const char* table : {"/proc/thread-self/net/udp", "/proc/thread-self/net/udp6"})
      for (const ProcNetRow& row : ReadProcNet(table))
        if (row.local_port == copies_[0].where.port() && row.inode != 0) drops += row.drops;
  }
  socket_drops_ = std::max(socket_drops_, drops);
}

void TransportKindCase::WatchDrops() {
  if (ending_) return;
  LookAtDrops();
  At(Since(host_->loop().Now()) + kDropLook, [this] { WatchDrops(); });
}

std::pair<int64_t, int64_t> TransportKindCase::RunDelays() const {
  // This thread's (the case's loop, which runs the link), not netgrade's other cases'.
  return {host_->ProgramRunDelayNs(), ThisThreadRunDelayNs().value_or(0)};
}

void TransportKindCase::ArmSenderTimer() {
  if (sender_timer_) {
    host_->loop().Cancel(sender_timer_);
    timers_.erase(sender_timer_);
    sender_timer_ = 0;
  }
  std::optional<Micros> next = sender_->NextTimer();
  if (!next) return;
  sender_timer_ = At(*next, [this, when = *next] {
    sender_timer_ = 0;
    ++silent_timeouts_;
    for (auto& d : sender_->OnTimer(when)) Offer(false, std::move(d), when);
    ArmSenderTimer();
  });
}

}  // namespace netgrade::transport
