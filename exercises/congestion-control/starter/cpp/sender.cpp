// A sender that chooses its own window (starter): sends FILE to the receiver at HOST:PORT.
//
// Build: make (or: g++ -std=c++17 -Wall -o sender sender.cpp)   Run: ./sender HOST PORT FILE
// Written for you: the command line, the file read into memory, the socket, the packets
// (make_packet, parse_packet and the Internet checksum), the loop that sends, reads the ACKs
// and sends again on a timeout, the round-trip samples, and the FIN at the end.
// Left to write: the congestion control, each "TODO (README, sender step N)" below, in the
// order of the README's "The sender, step by step". Run it as it is and it stops at step 1, at
// its first round-trip sample; with step 1 written it delivers the file, slowly: its window
// stays at 4 packets, a placeholder for steps 2 to 6.
#include <arpa/inet.h>
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
#include <limits>
#include <vector>

enum { DATA = 0, ACK = 1, FIN = 2 };
const size_t HEADER = 10;       // type(1) flags(1) checksum(2) seq(4) len(2), big-endian
const size_t PAYLOAD = 1000;    // bytes of the file in each DATA packet (the last may be shorter)
const double TIMEOUT_MS = 200;  // the timeout until the first round-trip sample
const int FIN_TRIES = 10;

// Stops the program and says which step is still to write.
[[noreturn]] void Todo(const char* step) {
  fprintf(stderr, "TODO: %s\n", step);
  exit(1);
}

// Milliseconds from a fixed point, with their fractions: for the timer and the round trips.
double now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

// The Internet checksum: the one's complement of the one's-complement sum of 16-bit words
// (big-endian; an odd last byte is summed as if a 0 byte followed it).
uint16_t checksum(const unsigned char* data, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(data[i] << 8 | data[i + 1]);
  if (len % 2) sum += (uint32_t)data[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

// Writes the packet (header, then `len` bytes of payload) into out, which has room for
// HEADER + len bytes; returns its length, to give sendto().
size_t make_packet(unsigned char* out, uint8_t type, uint32_t seq, const unsigned char* payload,
                   uint16_t len) {
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

// Reads the n bytes of a datagram: false if it is damaged (too short, wrong checksum, wrong
// len); otherwise its type and seq.
bool parse_packet(unsigned char* buf, size_t n, uint8_t* type, uint32_t* seq) {
  if (n < HEADER) return false;
  uint16_t stored, len;
  memcpy(&stored, buf + 2, 2);
  memcpy(&len, buf + 8, 2);
  len = ntohs(len);
  if (len > PAYLOAD || HEADER + len != n) return false;
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

// Waits up to `ms` milliseconds for a datagram: its length, or -1 if the time ran out.
long receive(int fd, unsigned char* buf, size_t size, double ms) {
  pollfd p = {fd, POLLIN, 0};
  if (poll(&p, 1, (int)std::ceil(std::max(ms, 0.0))) <= 0) return -1;
  return (long)recv(fd, buf, size, 0);
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
  unsigned char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    content.insert(content.end(), chunk, chunk + got);
  fclose(f);
  // One DATA packet per 1000 bytes of the file, the last one shorter; an empty file has none.
  const uint32_t count = (uint32_t)((content.size() + PAYLOAD - 1) / PAYLOAD);

  // The receiver's address, and the socket.
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
  const double started = now_ms();

  uint32_t base = 0;      // the oldest packet not acknowledged
  uint32_t next_seq = 0;  // the next packet to send for the first time
  double deadline = -1;   // when the timer fires (now_ms() + rto); -1: no packet in flight
  int dup_acks = 0;       // duplicate ACKs in a row (ACK == base again)
  std::vector<double> sent_at(count, -1);  // when each packet was first sent: round trips
  std::vector<bool> resent(count, false);  // sent more than once: no round-trip sample (Karn)
  long resends = 0;

  // The congestion control's state. Until you write the steps, the window stays at 4
  // whatever happens: once step 1 is written, the file arrives, at 4 packets per round trip.
  double cwnd = 4;  // the window, in packets: at most (long)cwnd unacknowledged
  double ssthresh = std::numeric_limits<double>::infinity();  // TODO (README, sender step 2)
  double rto = TIMEOUT_MS;                                    // the timeout, in milliseconds
  double srtt = -1;     // TODO (README, sender step 1): the smoothed round trip; -1: none yet
  double rttvar = -1;   // TODO (README, sender step 1): its variation
  double min_rtt = -1;  // TODO (README, sender step 6): the least round trip seen
  long recover = -1;    // TODO (README, sender step 4): in recovery until base reaches it; -1: not
  (void)ssthresh, (void)srtt, (void)rttvar, (void)min_rtt, (void)recover;  // unused until then

  // Sends DATA packet seq, and notes when (its first time) or that it was sent again.
  unsigned char packet[HEADER + PAYLOAD];
  auto send = [&](uint32_t seq) {
    size_t start = (size_t)seq * PAYLOAD;
    uint16_t len = (uint16_t)std::min(PAYLOAD, content.size() - start);
    size_t n = make_packet(packet, DATA, seq, content.data() + start, len);
    sendto(fd, packet, n, 0, to->ai_addr, to->ai_addrlen);
    if (sent_at[seq] >= 0) {
      resent[seq] = true;
      ++resends;
    } else {
      sent_at[seq] = now_ms();
    }
  };

  unsigned char buf[2048];
  while (base < count) {
    // Send new packets while fewer than cwnd are unacknowledged. The first starts the timer.
    while (next_seq < count && next_seq - base < std::max(1L, (long)cwnd)) {
      send(next_seq);
      if (deadline < 0) deadline = now_ms() + rto;
      ++next_seq;
    }

    double now = now_ms();
    if (now >= deadline) {
      // The timer fired: packet base is taken as lost. Only it is sent again; the receiver
      // keeps the packets after it, and its ACK says where the next hole is.
      // TODO (README, sender step 5): the link is badly congested: ssthresh = half of cwnd (at
      // least 2), cwnd = 1 (slow start again), and double rto (up to 60 s).
      dup_acks = 0;
      send(base);
      deadline = now + rto;
      continue;
    }

    // Wait for an ACK until the timer fires.
    long n = receive(fd, buf, sizeof buf, deadline - now);
    if (n < 0) continue;  // back to the top: the timer has fired
    now = now_ms();
    uint8_t type;
    uint32_t ack;
    if (!parse_packet(buf, (size_t)n, &type, &ack) || type != ACK)
      continue;  // damaged, or not an ACK: as if it had been lost

    if (ack > base && ack <= next_seq) {
      // A new ACK: packets base to ack - 1 have arrived.
      uint32_t newly = ack - base;
      (void)newly;  // TODO (README, sender steps 2 and 3) uses it
      // The round trip of packet ack - 1, unless it was sent more than once (then which copy
      // the ACK answers is not known); -1: no sample.
      double rtt = resent[ack - 1] ? -1 : now - sent_at[ack - 1];
      if (rtt >= 0) {
        Todo(
            "update srtt and rttvar with each round-trip sample rtt (RFC 6298), then "
            "rto = srtt + 4 * rttvar, at least 200 ms (README, sender step 1)");
        // TODO (README, sender step 6): min_rtt = the least rtt seen; rtt - min_rtt is the time
        // your packets now wait in the bottleneck's queue: shrink cwnd a little (at most once a
        // round trip) when that grows.
      }
      base = ack;
      dup_acks = 0;
      // TODO (README, sender step 4): in fast recovery (base still below `recover`), send packet
      // base again at once; an ACK that reaches `recover` ends the recovery.
      // TODO (README, sender steps 2 and 3): grow the window: cwnd += newly while cwnd < ssthresh
      // (slow start), cwnd += newly / cwnd after that (one packet per round trip).
      deadline = base < next_seq ? now + rto : -1;
    } else if (ack == base && base < next_seq) {
      // A duplicate ACK: a packet after base arrived, base did not (lost, or late).
      ++dup_acks;
      // TODO (README, sender step 4): on the 3rd duplicate ACK in a row (not on every one), and
      // not already in recovery: fast retransmit. ssthresh = half of cwnd (at least 2),
      // cwnd = ssthresh, send packet base again, recover = next_seq.
    }
  }

  // Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK
  // (seq + 1), at most FIN_TRIES times, waiting a timeout for it each time.
  unsigned char fin[HEADER];
  size_t fin_len = make_packet(fin, FIN, count, NULL, 0);
  for (int attempt = 0; attempt < FIN_TRIES; ++attempt) {
    sendto(fd, fin, fin_len, 0, to->ai_addr, to->ai_addrlen);
    double until = now_ms() + rto;
    bool answered = false;
    while (!answered) {
      long n = receive(fd, buf, sizeof buf, until - now_ms());
      if (n < 0) break;
      uint8_t type;
      uint32_t seq;
      answered = parse_packet(buf, (size_t)n, &type, &seq) && type == ACK && seq == count + 1;
    }
    if (answered) break;
  }
  close(fd);
  freeaddrinfo(to);
  printf("sent %s: %zu bytes in %u packets, %ld resent, %.2f s\n", name, content.size(), count,
         resends, (now_ms() - started) / 1000);
  return 0;
}
