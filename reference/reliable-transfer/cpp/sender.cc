// Go-Back-N sender over UDP: ./sender HOST PORT FILE WINDOW
// Cuts FILE (in the working folder) into DATA packets of 1000 bytes, keeps at most WINDOW of
// them unacknowledged, and when the timer (200 ms, restarted whenever the window's base moves)
// fires, sends every unacknowledged packet again. Then sends FIN until its ACK comes, at most
// 10 times, and exits 0.
//
// Every packet: a 10-byte header, big-endian (type, flags, checksum, seq, len), then the
// payload. The checksum is the Internet checksum (RFC 1071) of the whole packet with its field 0.
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

enum { DATA = 0, ACK = 1, FIN = 2 };
const size_t HEADER = 10;
const size_t PAYLOAD = 1000;  // bytes of the file in each DATA packet (the last may be shorter)
const long long TIMEOUT_MS = 200;
const int FIN_TRIES = 10;

static long long now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
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

// Waits until deadline for a valid ACK; returns its seq, or -1 when none came in time.
static long long wait_for_ack(int fd, long long deadline) {
  for (;;) {
    long long left = deadline - now_ms();
    if (left <= 0) return -1;
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, (int)left) <= 0) return -1;
    unsigned char buf[2048];
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    uint8_t type;
    uint32_t seq;
    if (n > 0 && parse_packet(buf, (size_t)n, &type, &seq) && type == ACK) return seq;
    // damaged, or not an ACK: as if it had been lost
  }
}

int main(int argc, char** argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: sender HOST PORT FILE WINDOW\n");
    return 2;
  }
  const char* name = argv[3];
  long window = atol(argv[4]);
  if (window < 1) {
    fprintf(stderr, "sender: WINDOW must be at least 1\n");
    return 2;
  }

  // The whole file in memory.
  FILE* f = fopen(name, "rb");
  if (f == NULL) {
    perror(name);
    return 1;
  }
  size_t size = 0, cap = 1 << 16;
  unsigned char* content = (unsigned char*)malloc(cap);
  size_t got;
  while ((got = fread(content + size, 1, cap - size, f)) > 0) {
    size += got;
    if (size == cap) content = (unsigned char*)realloc(content, cap *= 2);
  }
  fclose(f);
  uint32_t count = (uint32_t)((size + PAYLOAD - 1) / PAYLOAD);  // DATA packets (0 if empty)

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

  long long started = now_ms();
  unsigned char packet[HEADER + PAYLOAD];
  // Sends DATA packet seq (made again from the file: cheaper than keeping every packet).
  auto send_data = [&](uint32_t seq) {
    size_t start = (size_t)seq * PAYLOAD;
    size_t len = size - start < PAYLOAD ? size - start : PAYLOAD;
    size_t n = make_packet(packet, DATA, seq, content + start, (uint16_t)len);
    sendto(fd, packet, n, 0, to->ai_addr, to->ai_addrlen);
  };

  uint32_t base = 0;       // the oldest packet not acknowledged
  uint32_t next_seq = 0;   // the next packet to send for the first time
  long long deadline = 0;  // when the timer fires (it runs while base < next_seq)
  long resent = 0;
  while (base < count) {
    // Fill the window. The first packet of an empty window starts the timer.
    while (next_seq < count && next_seq < base + window) {
      send_data(next_seq);
      if (next_seq == base) deadline = now_ms() + TIMEOUT_MS;
      next_seq++;
    }
    long long ack = wait_for_ack(fd, deadline);
    if (ack < 0) {
      // The timer fired: Go-Back-N sends every unacknowledged packet again.
      for (uint32_t seq = base; seq < next_seq; seq++) send_data(seq);
      resent += next_seq - base;
      deadline = now_ms() + TIMEOUT_MS;
    } else if (ack > base && ack <= next_seq) {
      base = (uint32_t)ack;              // cumulative: every packet below ack is acknowledged
      deadline = now_ms() + TIMEOUT_MS;  // the base moved: restart the timer
    }
    // An ACK with ack <= base is a duplicate: nothing to do (the timer will say).
  }

  // Every DATA packet is acknowledged: FIN (seq = number of DATA packets) until its ACK
  // (seq + 1); the wait for it ignores duplicate ACKs of the DATA packets.
  size_t n = make_packet(packet, FIN, count, NULL, 0);
  for (int attempt = 0; attempt < FIN_TRIES; attempt++) {
    sendto(fd, packet, n, 0, to->ai_addr, to->ai_addrlen);
    long long deadline_fin = now_ms() + TIMEOUT_MS, ack;
    while ((ack = wait_for_ack(fd, deadline_fin)) >= 0 && ack != (long long)count + 1) {
    }
    if (ack == (long long)count + 1) break;
  }
  close(fd);
  freeaddrinfo(to);
  free(content);
  printf("sent %s: %zu bytes in %u packets, %ld resent, %.2f s\n", name, size, count, resent,
         (now_ms() - started) / 1000.0);
  return 0;
}
