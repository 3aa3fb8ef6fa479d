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

// netgrade's sender's timeouts in a row with nothing from a resting program: it will not answer.
constexpr size_t kSilentTimeouts = 3;
// A receiver given this many rounds of packets and answering none of them.
constexpr size_t kNeverAnswered = 5;
constexpr Micros kFlightLook{200000};
constexpr Micros kDropLook{100000};

const std::string* FileOf(const spec::Spec& spec, const std::string& path) {
  for (const spec::GivenFile& f : spec.files)
    if (f.path == path) return &f.content;
  return nullptr;
}

bool SameBytes(const std::vector<uint8_t>& got, const std::string& file) {
  return got.size() == file.size() &&
         std::equal(got.begin(), got.end(), file.begin(),
                    [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); });
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
  format_ = FormatOf(*spec.packet);
  file_name_ = test.transfer->file;
  if (const std::string* f = FileOf(spec, file_name_)) file_ = *f;
  window_ = static_cast<size_t>(test.transfer->window);
  const spec::TransportLink link = test.link.value_or(spec::TransportLink{});
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
  if (test.transfer->beside_tcp) {
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
    copies_.resize(static_cast<size_t>(test.transfer->copies));
    for (Copy& c : copies_) c.receiver.emplace(format_);
    if (second()) copies_[1].started = false;
    if (peer_program_) StartPeerProgram(true);
    host.StartProgramAt(peer_host, LocalAddress(socket_.get()).port());
    if (second())
      At(Since(host.loop().Now()) + std::chrono::milliseconds(test.transfer->second_after_ms),
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
                        std::chrono::milliseconds(test.transfer->timeout_ms));
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
    r.figures = Figures(*e, test.expect.transport ? &*test.expect.transport : nullptr);
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

void TransportKindCase::LinkFigures(check::CaseResult* r) const {
  // The rate the link delivered the program's datagrams at, by the clock (from the first
  // delivery to the last, the bytes after the first), and how late its timers fired.
  const Micros span = last_delivery_ - first_delivery_;
  // A receiving program sends ACKs alone that way: no rate of theirs says what the link does.
  if (student_sends_ && out_rate_bps_ > 0 && span >= std::chrono::milliseconds(20) &&
      delivered_bytes_ > 0)
    r->figures.push_back(
        {.name = "link delivered",
         .value = std::round(delivered_bytes_ * 8 / (span.count() / 1e6) / 1e4) / 100,
         .unit = "Mbit/s",
         .words = fmt::format("its rate {} {:g} Mbit/s", rate_falls_ ? "falls to" : "is",
                              out_rate_bps_ / 1e6)});
  r->figures.push_back({.name = "timers late",
                        .value = std::round(most_lag_.count() / 10.0) / 100,
                        .unit = "ms at most",
                        .words = ""});
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

void TransportKindCase::LookForLastingFailure(const PacketRecord& rec) {
  if (failed_for_good_) return;
  const spec::Expect& e = host_->test().expect;
  if (!e.transport) return;
  if (!student_sends_) {
    // A receiver's ACK that is not the cumulative one stays wrong; looked at at most every
    // 100 ms, the record read whole.
    if (!e.transport->acks || rec.seen - last_ack_look_ < std::chrono::milliseconds(100)) return;
    last_ack_look_ = rec.seen;
    // Packets its socket dropped make ACKs below the cumulative one right: which ones is worked
    // out once, at the end (ReadAcks reads the record again for each).
    LookAtDrops();
    if (socket_drops_ == 0 && ReadAcks(format_, copies_[0].records).wrong) failed_for_good_ = true;
    return;
  }
  const Header& h = rec.header;
  if (h.valid() && h.type == format_.type_data && !goodput_timer_armed_) WaitForGoodput(rec.seen);
  // More in flight than the window stays so: looked at at most every 200 ms (a flood is
  // stopped within that), the record read whole.
  const size_t window = JudgedWindow(*e.transport, window_);
  if (window > 0 && rec.seen - last_flight_look_ >= kFlightLook) {
    last_flight_look_ = rec.seen;
    if (ReadSender(format_, copies_[0].records).max_in_flight > window) failed_for_good_ = true;
  }
  const bool oversize = rec.size > format_.header_size() + format_.payload_max;
  if (e.transport->well_formed && (!h.valid() || oversize)) failed_for_good_ = true;
  if (!h.valid() || h.type != format_.type_data || !e.transport->resend_not_before_ms) return;
  if (last_sent_.empty()) first_data_seq_ = h.seq;
  auto [it, first] = last_sent_.try_emplace(h.seq, rec.seen);
  if (!first) {
    // The first resend of a burst (flight.h's Resend::first_of_burst) sent too soon.
    const bool first_of_burst = rec.seen - last_resend_ > kBurstGap;
    // But the first burst led by the first packet sent, which may be the machine's
    // (sender_checks.cc), until another is too soon.
    const bool excused = last_resend_ < Micros{0} && h.seq == first_data_seq_;
    if (first_of_burst && !excused &&
        rec.seen - it->second < std::chrono::milliseconds(*e.transport->resend_not_before_ms))
      failed_for_good_ = true;
    it->second = rec.seen;
    last_resend_ = rec.seen;
  }
}

void TransportKindCase::WaitForGoodput(Micros first_data) {
  goodput_timer_armed_ = true;
  const spec::Expect& e = host_->test().expect;
  if (!e.transport->goodput_at_least) return;
  std::shared_ptr<const observe::KindEvidence> now = Evidence(*host_);
  const auto* evidence = static_cast<const transport::Evidence*>(now.get());
  std::optional<Micros> deadline = GoodputDeadline(*evidence, *e.transport->goodput_at_least);
  if (!deadline) return;
  At(first_data + *deadline, [this, at = first_data + *deadline] {
    if (copies_[0].fin_taken_at < Micros{0}) gave_up_at_ = at;
  });
}

bool TransportKindCase::AnythingFromProgram() const {
  for (const PacketRecord& r : copies_[0].records)
    if (r.from_student) return true;
  return false;
}

bool TransportKindCase::Settled() {
  if (failed_for_good_ || gave_up_at_ >= Micros{0}) return true;
  // The instructor's program failed: nothing the program does now is judged against it.
  if (!PeerFailed().empty()) return true;
  if (host_->ProgramFinished()) {
    // What it sent last still crosses to netgrade's receiver: its FIN decides the transfer.
    // A second copy decides its own once it has ended (or was never started: the first ended
    // before its time).
    if (student_sends_)
      return held_to_peer_ == 0 && (!second() || !second()->started || host_->CopyEnded());
    // A receiver gone after acknowledging the FIN: once netgrade's sender has sent the FIN
    // again (its ACK lost), whether anyone answered it is known.
    return !sender_ || sender_->done() || sender_->fin_acked() || sender_->fins_sent() != 1;
  }
  if (held_ > 0) return false;
  if (student_sends_) return host_->AtRest();
  if (peer_program_) {
    // A receiver that has answered nothing while the instructor's sender sent a packet
    // kNeverAnswered times more never will.
    if (peer_most_sends_ > kNeverAnswered && !AnythingFromProgram()) return true;
    // The instructor's sender has ended (its transfer done), and the program waits with no
    // timeout of its own.
    return host_->PeerProgramEnded() && host_->AtRest();
  }
  // netgrade's sender is done (or the program has not answered it for a while) and the program
  // waits with no timeout of its own: nothing will wake it.
  if ((sender_ && sender_->done()) || silent_timeouts_ >= kSilentTimeouts) {
    // A receiver that has answered nothing to kNeverAnswered rounds of packets never will.
    if (silent_timeouts_ >= kNeverAnswered && !AnythingFromProgram()) return true;
    return host_->AtRest();
  }
  return false;
}

std::shared_ptr<const observe::KindEvidence> TransportKindCase::Evidence(
    kinds::CaseHost& host) const {
  auto e = std::make_shared<transport::Evidence>();
  const Copy& first = copies_[0];
  e->records = &first.records;
  e->unrecorded = first.unrecorded;
  e->format = format_;
  e->student_sends = student_sends_;
  e->file_name = file_name_;
  e->file = &file_;
  e->window = window_;
  if (first.receiver) {
    const std::vector<uint8_t>& got = first.receiver->file();
    e->received_bytes = got.size();
    e->received_file_right = SameBytes(got, file_);
    e->fin_taken = first.receiver->finished();
    e->expected = first.receiver->expected();
    e->fin_taken_at = first.fin_taken_at;
    e->waited_for_cpu = Micros{std::max<int64_t>(0, waited_to_fin_ns_) / 1000};
    e->gave_up_at = gave_up_at_;
    e->progress = &first.progress;
  }
  if (const Copy* two = second()) {
    SecondCopy& c = e->second.emplace();
    c.started = two->started;
    c.started_at = two->started_at;
    c.records = &two->records;
    c.progress = &two->progress;
    const std::vector<uint8_t>& got = two->receiver->file();
    c.received_bytes = got.size();
    c.received_file_right = SameBytes(got, file_);
    c.fin_taken = two->receiver->finished();
    c.fin_taken_at = two->fin_taken_at;
    if (std::optional<kinds::CopyEnd> end = host.CopyEnded()) {
      c.ended = true;
      c.status = end->status;
      c.signal = end->signal;
      c.stderr_tail = end->stderr_tail;
    }
  }
  if (tcp_) {
    TcpBeside& t = e->tcp.emplace();
    t.connected = tcp_->connected();
    t.congestion_control = tcp_->congestion_control();
    t.progress = &tcp_->progress();
    t.bytes = tcp_->bytes_read();
    t.packets = tcp_->packets();
    t.dropped = tcp_->dropped();
  }
  e->socket_drops = socket_drops_;
  if (sender_) {
    e->fins_sent = sender_->fins_sent();
    e->fin_acked = sender_->fin_acked();
  }
  if (peer_program_) {
    const spec::PeerProgram& peer = *host.test().peer_program;
    e->peer_program = fmt::format("the instructor's {} ({}/)", peer.role, peer.written);
    e->peer_failed = PeerFailed();
    if (!e->peer_failed.empty()) e->peer_stderr = host.PeerProgramStderr();
  }
  e->base_rtt_ms = base_rtt_ms_;
  e->out_rate_bps = out_rate_bps_;
  e->queue_full_ms = queue_full_ms_;
  e->timers_late_ms = most_lag_.count() / 1000.0;
  return e;
}

}  // namespace netgrade::transport
