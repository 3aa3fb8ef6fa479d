// A sender that chooses its own window: reliable-transfer's packets with congestion control.
// Usage: ./sender HOST PORT FILE
// Sends FILE (in the working folder) in DATA packets of 1000 bytes, as reliable-transfer's
// sender does, but with no WINDOW argument: it keeps `cwnd` packets in flight and moves cwnd as
// Reno does, with an eye on the round trip.
// - Slow start: cwnd grows by one packet per ACK that acknowledges something new (it doubles
//   each round trip), until a loss, or until a round trip is past the least seen by an eighth
//   of it (4 to 16 ms): the queue at the bottleneck is filling (HyStart's exit; slow start's
//   bursts fill it early, so it may leave short of what the link holds). Past 100 packets it
//   grows by 50 a round trip at most (RFC 3742's limited slow start): a long path's exit comes
//   a round trip late, and the queue must hold what was sent meanwhile.
// - Congestion avoidance: cwnd grows by (least round trip / 50 ms) squared packets a round
//   trip, at least one (TCP Hybla's rule: Reno's one packet is too slow to fill a long path
//   after an early exit, and an increase by a share of cwnd would keep a first copy's lead over
//   a second for good); when the round trip is more than a quarter again over the least of the
//   last 3 s, cwnd shrinks by a fifth (a delay-based brake: no standing queue when the link
//   slows down, and no loss where the queue is shorter than the link's own round trip; the
//   least round trip of the last 3 s, not of all time, so that a copy that started while the
//   queue was full brakes at the round trip another copy brakes at). Once each time the queue
//   rises past that line; again after a round trip measured well under it (an eighth over the
//   least), or after 3 round trips while the queue stays over the line; once a round trip only
//   while the round trip is more than twice the least, and 4 ms (the queue holds more than the
//   path's own round trip: the link slowed, for the queue of one bandwidth-delay product that
//   two copies fill never holds that). Two copies whose least round trips differ by a few ms so
//   brake once each as the queue rises, as AIMD's losses make them halve together, not the one
//   with the lower line every round trip while the other grows (two-of-it, the Python
//   reference: Jain's index 0.83 in 1 run of 8 before, at least 0.98 in 10).
// - Where the queue stands over one copy's line and under the other's, the one copy brakes
//   alone, every 3 round trips: it holds the queue there only while it keeps 10 times 3 packets
//   (a fifth of them a brake, against the 2 packets a round trip the two grow), about half of
//   what the two keep in flight. Braking every round trip there, as it did from half again over
//   the least until this rule, it fell to 5 packets while the other grew to 80 and more
//   (two-of-it, the JavaScript reference, --seed 1 on a 2-CPU machine: Jain's index 0.78 in 1
//   run of 205, under 0.9 in 4 more, a loss in 50 of the 55 runs logged; 0.77 in the platform's
//   CI, the second copy 7.40 Mbit/s to the first's 2.14; after, 16 runs of each reference: 0.98
//   to 1.0 in JavaScript, 0.97 to 1.0 in Python, 0.92 to 1.0 in C++, no loss in 47 of the 48).
//   The least round trips of two copies do differ, by up to 16 ms: the second copy's first
//   round trips take the first's queue for the path's, the least of the last 3 s rises while a
//   queue stands, and a loss that one copy alone meets lets that copy alone see the path empty
//   again.
// - Round trips are measured to when each ACK is read, not to when the batch it came in began
//   to be read: an ACK read later in a batch took the batch's start for its arrival and gave a
//   round trip under the path's own (37.2 ms where the path's is 40.9 ms), and the least round
//   trip and lines of that copy under the other's.
// - Beside a flow that fills the queue (a loss-based TCP): two loss events within 12 s though
//   the brake keeps the queue short say so; so does the brake braking at 4 packets or fewer
//   (so few do not hold a queue up; braked that far, a sender would wait for the losses that so
//   few packets seldom meet).
//   The brake then only gives the link away: it stops, cwnd grows by 2 packets a round trip and
//   a loss leaves 0.7 of it (CUBIC's own decrease), until 12 s pass with fewer losses.
// - Three duplicate ACKs: the oldest unacknowledged packet is sent again and cwnd halved, once
//   per window (NewReno: each partial ACK in that recovery sends the next hole at once).
// - A timeout (RFC 6298: srtt + 4 rttvar, at least 200 ms): cwnd goes back to 1 and slow start
//   begins again; the oldest packet is sent again; the timeout doubles (up to 4 s) until an ACK
//   acknowledges something new.
// Then sends FIN until its ACK comes, at most 10 times, and exits 0.
//
// Every packet: a 10-byte header, big-endian (type, flags, checksum, seq, len), then the
// payload. The checksum is the Internet checksum (RFC 1071) of the whole packet with its field 0.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <limits>
#include <utility>
#include <vector>

enum { DATA = 0, ACK = 1, FIN = 2 };
const size_t HEADER = 10;
const size_t PAYLOAD = 1000;  // bytes of the file in each DATA packet (the last may be shorter)
const int FIN_TRIES = 10;
const double MIN_RTO = 0.2, MAX_RTO = 4.0;  // seconds
const double MIN_RTT_KEPT = 3.0;  // seconds: the least round trip is of the last this many
// Losses that come though the delay brake keeps the queue short say another flow fills it:
// this many loss events within COMPETE_SPAN seconds, and the sender competes.
const size_t COMPETE_LOSSES = 2;
const double COMPETE_SPAN = 12.0;
const double COMPETE_GROWTH = 2.0;    // packets a round trip while it competes
const double COMPETE_DECREASE = 0.7;  // and what a loss leaves of cwnd then (CUBIC's own)
// The brake braking at this cwnd or under counts as a loss event: so few packets do not hold a
// queue up, another flow does.
const double FLOOR_SAYS_COMPETING = 4.0;
// While the queue stays over the brake's line, the brake shrinks cwnd again after this many
// round trips (not every round trip: a copy braking alone would give the link away).
const double BRAKE_EVERY = 3;

// Seconds on the monotonic clock.
static double now_s() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + t.tv_nsec / 1e9;
}

// The Internet checksum: the one's complement of the one's-complement sum of 16-bit words
// (big-endian; an odd last byte is summed as if a 0 byte followed it).
static uint16_t checksum(const unsigned char* data, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(data[i] << 8 | data[i + 1]);
  if (len % 2) sum += (uint32_t)data[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

// Writes the packet (header, then payload) into out; returns its length.
static size_t make_packet(unsigned char* out, uint8_t type, uint32_t seq,
                          const unsigned char* payload, uint16_t len) {
  out[0] = type;
  out[1] = 0;  // flags
  uint16_t zero = 0, nlen = htons(len);
  uint32_t nseq = htonl(seq);
  memcpy(out + 2, &zero, 2);  // the checksum is computed with its field 0
  memcpy(out + 4, &nseq, 4);
  memcpy(out + 8, &nlen, 2);
  if (len > 0) memcpy(out + HEADER, payload, len);
  uint16_t sum = htons(checksum(out, HEADER + len));
  memcpy(out + 2, &sum, 2);
  return HEADER + len;
}

// Reads a packet: false if it is damaged (too short, wrong checksum, wrong len).
static bool parse_packet(unsigned char* buf, size_t n, uint8_t* type, uint32_t* seq) {
  if (n < HEADER) return false;
  uint16_t stored, len;
  memcpy(&stored, buf + 2, 2);
  memcpy(&len, buf + 8, 2);
  len = ntohs(len);
  if (HEADER + len != n) return false;
  memset(buf + 2, 0, 2);
  uint16_t sum = checksum(buf, n);
  memcpy(buf + 2, &stored, 2);
  if (sum != ntohs(stored)) return false;
  uint32_t nseq;
  memcpy(&nseq, buf + 4, 4);
  *type = buf[0];
  *seq = ntohl(nseq);
  return true;
}

// Waits at most `seconds` (forever if negative) for the socket to be readable.
static bool wait_readable(int fd, double seconds) {
  int ms = seconds < 0 ? -1 : (int)std::ceil(seconds * 1000);  // never wake before the deadline
  pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, ms) > 0 && (p.revents & POLLIN);
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: sender HOST PORT FILE\n");
    return 2;
  }
  const char* name = argv[3];

  // The whole file in memory.
  FILE* f = fopen(name, "rb");
  if (f == NULL) {
    perror(name);
    return 1;
  }
  std::vector<unsigned char> content;
  unsigned char chunk[1 << 16];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    content.insert(content.end(), chunk, chunk + got);
  fclose(f);
  const size_t size = content.size();
  const uint32_t count = (uint32_t)((size + PAYLOAD - 1) / PAYLOAD);  // DATA packets (0 if empty)

  addrinfo hints = {}, *to = NULL;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (getaddrinfo(argv[1], argv[2], &hints, &to) != 0 || to == NULL) {
    fprintf(stderr, "sender: cannot resolve %s\n", argv[1]);
    return 1;
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  const double started = now_s();

  uint32_t base = 0;      // the oldest packet not acknowledged
  uint32_t next_seq = 0;  // the next packet to send for the first time
  double cwnd = 4.0;      // packets
  double ssthresh = std::numeric_limits<double>::infinity();
  std::vector<double> sent_at(count);  // seq -> when it was first sent (round-trip samples)
  std::vector<bool> sent(count), resent(count);  // resent: sent more than once, no sample (Karn)
  bool have_srtt = false;
  double srtt = 0, rttvar = 0, min_rtt = 0;
  std::deque<std::pair<double, double>> recent_rtts;  // (when, rtt), rtt rising: min_rtt's
  double rto = 1.0;
  bool timer = false;   // the timer, for the oldest unacknowledged packet ...
  double deadline = 0;  // ... fires then
  int dup_acks = 0;
  long long recover = -1;   // in recovery until an ACK reaches this (NewReno); -1: not in recovery
  double last_brake = 0;    // when the delay brake last shrank cwnd
  bool brake_armed = true;  // a round trip well under the brake's line since it last shrank
  std::deque<double> losses;  // when each loss event (a halving, a timeout) came
  // Whether a flow that fills the queue shares the link: losses keep coming though the delay
  // brake keeps the queue short. The brake then only gives the link away.
  auto competing = [&](double now) {
    while (!losses.empty() && losses.front() < now - COMPETE_SPAN) losses.pop_front();
    return losses.size() >= COMPETE_LOSSES;
  };
  long resends = 0;

  unsigned char packet[HEADER + PAYLOAD];
  // Sends DATA packet seq (made again from the file: cheaper than keeping every packet).
  auto send_data = [&](uint32_t seq) {
    size_t start = (size_t)seq * PAYLOAD;
    size_t len = std::min(size - start, PAYLOAD);
    size_t n = make_packet(packet, DATA, seq, content.data() + start, (uint16_t)len);
    sendto(fd, packet, n, 0, to->ai_addr, to->ai_addrlen);
    if (sent[seq]) {
      resent[seq] = true;
      resends++;
    } else {
      sent[seq] = true;
      sent_at[seq] = now_s();
    }
  };

  // A round-trip sample: RFC 6298's estimator, and the delay signals.
  auto sample = [&](double rtt, double now) {
    const bool first = !have_srtt;
    if (first) {
      have_srtt = true;
      srtt = rtt;
      rttvar = rtt / 2;
    } else {
      rttvar = 0.75 * rttvar + 0.25 * std::fabs(srtt - rtt);
      srtt = 0.875 * srtt + 0.125 * rtt;
    }
    rto = std::min(MAX_RTO, std::max(MIN_RTO, srtt + 4 * rttvar));
    // The least of the last MIN_RTT_KEPT seconds (a sliding window's minimum).
    while (!recent_rtts.empty() && recent_rtts.back().second >= rtt) recent_rtts.pop_back();
    recent_rtts.emplace_back(now, rtt);
    while (recent_rtts.front().first < now - MIN_RTT_KEPT) recent_rtts.pop_front();
    min_rtt = recent_rtts.front().second;
    const bool over = rtt > 1.25 * min_rtt + 0.002;
    const bool over_path = rtt > 2 * min_rtt + 0.004;       // the queue holds more than the path
    if (rtt < 1.125 * min_rtt + 0.001) brake_armed = true;  // the queue fell well under the line
    if (cwnd < ssthresh && rtt > min_rtt + std::max(0.004, std::min(min_rtt / 8, 0.016))) {
      ssthresh = cwnd;  // HyStart: leave slow start as the queue builds
    } else if (cwnd >= ssthresh && over &&
               now - last_brake > (brake_armed || over_path ? 1 : BRAKE_EVERY) * srtt &&
               !competing(now)) {
      // At its floor the brake cannot be what holds the queue up: another flow fills it.
      if (cwnd <= FLOOR_SAYS_COMPETING) losses.push_back(now);
      cwnd = std::max(2.0, cwnd * 4 / 5);  // the delay brake
      ssthresh = cwnd;
      last_brake = now;
      brake_armed = false;
    }
  };

  while (base < count) {
    // Send new packets while fewer than cwnd are in flight. The first starts the timer.
    while (next_seq < count && (long long)(next_seq - base) < (long long)cwnd) {
      send_data(next_seq);
      if (!timer) {
        timer = true;
        deadline = now_s() + rto;
      }
      next_seq++;
    }

    bool readable = wait_readable(fd, timer ? std::max(0.0, deadline - now_s()) : -1);
    double now = now_s();
    if (!readable) {
      if (timer && now >= deadline) {
        // A timeout: back to slow start, the oldest packet again, the timeout doubled.
        ssthresh = std::max(cwnd / 2, 2.0);
        cwnd = 1.0;
        losses.push_back(now);
        dup_acks = 0;
        recover = (long long)next_seq - 1;
        send_data(base);
        rto = std::min(MAX_RTO, rto * 2);
        deadline = now + rto;
      }
      continue;
    }

    // Every datagram waiting, each judged at the same `now` (its round trip ends at `read_at`).
    for (;;) {
      unsigned char buf[2048];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n < 0) break;                // nothing more to read
      const double read_at = now_s();  // when this ACK is read, not when the batch began
      uint8_t type;
      uint32_t seq;
      if (!parse_packet(buf, (size_t)n, &type, &seq) || type != ACK)
        continue;  // damaged, or not an ACK: as if it had been lost
      long long ack = seq;
      if (ack > base && ack <= next_seq) {
        uint32_t last = (uint32_t)(ack - 1);
        if (!resent[last] && sent[last]) sample(read_at - sent_at[last], now);
        double newly = (double)(ack - base);
        base = (uint32_t)ack;
        dup_acks = 0;
        if (recover >= 0 && base <= recover) {
          send_data(base);  // a partial ACK: the next hole, at once
        } else {
          recover = -1;
          if (cwnd < ssthresh) {
            // Slow start, limited past 100 packets to 50 more a round trip (RFC 3742), and
            // no further than ssthresh.
            cwnd = std::min(ssthresh, cwnd + (cwnd <= 100 ? newly : newly * 50 / cwnd));
          } else {
            // (min_rtt / 50 ms) squared a round trip, at least one (TCP Hybla's rule);
            // COMPETE_GROWTH beside a flow that fills the queue.
            const double rho = std::max(1.0, min_rtt / 0.05);
            cwnd += newly * (competing(now) ? COMPETE_GROWTH : rho * rho) / cwnd;
          }
        }
        if (have_srtt && srtt != 0) rto = std::min(MAX_RTO, std::max(MIN_RTO, srtt + 4 * rttvar));
        timer = base < next_seq;
        if (timer) deadline = now + rto;
      } else if (ack == base && base < next_seq) {
        dup_acks++;
        if (dup_acks == 3 && recover < 0) {
          // Fast retransmit: the oldest again, the window halved once for this loss (by 0.7
          // beside a flow that fills the queue, as CUBIC does itself).
          ssthresh = std::max(cwnd * (competing(now) ? COMPETE_DECREASE : 0.5), 2.0);
          cwnd = ssthresh;
          losses.push_back(now);
          recover = (long long)next_seq - 1;
          send_data(base);
          deadline = now + rto;
        }
      }
    }
  }

  // Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK
  // (seq + 1); the wait for it ignores duplicate ACKs of the DATA packets.
  size_t fin_len = make_packet(packet, FIN, count, NULL, 0);
  for (int attempt = 0; attempt < FIN_TRIES; attempt++) {
    sendto(fd, packet, fin_len, 0, to->ai_addr, to->ai_addrlen);
    double until = now_s() + std::max(rto, MIN_RTO);
    bool got_ack = false;
    while (!got_ack) {
      double left = until - now_s();
      if (left <= 0 || !wait_readable(fd, left)) break;
      unsigned char buf[2048];
      ssize_t n = recv(fd, buf, sizeof buf, 0);
      uint8_t type;
      uint32_t seq;
      got_ack =
          n >= 0 && parse_packet(buf, (size_t)n, &type, &seq) && type == ACK && seq == count + 1;
    }
    if (got_ack) break;
  }
  close(fd);
  freeaddrinfo(to);
  printf("sent %s: %zu bytes in %u packets, %ld resent, %.2f s\n", name, size, count, resends,
         now_s() - started);
  return 0;
}
