// Go-Back-N receiver over UDP: ./receiver PORT FILE
// Receives DATA packets on UDP PORT (every address) and appends their payloads to FILE (in
// the working folder) in order, keeping packets that come early until the gap before them
// fills. Answers every valid DATA packet with the cumulative ACK (the seq of the packet it now
// expects), to the address it came from; drops damaged packets silently. On the FIN it closes
// FILE, acknowledges the FIN (seq + 1), answers its repeats for 2 s after the last one, and
// exits 0.
//
// Every packet: a 10-byte header, big-endian (type, flags, checksum, seq, len), then the
// payload. The checksum is the Internet checksum (RFC 1071) of the whole packet with its field 0.
#include <arpa/inet.h>
#include <netinet/in.h>
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
const size_t PAYLOAD = 1000;       // the largest payload a DATA packet may have
const uint32_t KEEP = 1024;        // packets kept ahead of the expected one, at most
const long long LINGER_MS = 2000;  // answer repeated FINs this long after the last one

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

// Writes a packet without payload (an ACK here) into out; returns its length.
static size_t make_packet(unsigned char* out, uint8_t type, uint32_t seq) {
  out[0] = type;
  out[1] = 0;  // flags
  uint16_t zero = 0;
  uint32_t nseq = htonl(seq);
  memcpy(out + 2, &zero, 2);  // the checksum is computed with its field 0
  memcpy(out + 4, &nseq, 4);
  memcpy(out + 8, &zero, 2);  // len 0
  uint16_t sum = htons(checksum(out, HEADER));
  memcpy(out + 2, &sum, 2);
  return HEADER;
}

// Reads a packet: false if it is damaged (too short, wrong checksum, wrong len).
static bool parse_packet(unsigned char* buf, size_t n, uint8_t* type, uint32_t* seq,
                         uint16_t* len) {
  if (n < HEADER) return false;
  uint16_t stored, nlen;
  memcpy(&stored, buf + 2, 2);
  memcpy(&nlen, buf + 8, 2);
  *len = ntohs(nlen);
  if (*len > PAYLOAD || HEADER + *len != n) return false;
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

// Packets that came early, at index seq % KEEP.
static unsigned char kept[KEEP][PAYLOAD];
static uint16_t kept_len[KEEP];
static bool kept_here[KEEP];

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: receiver PORT FILE\n");
    return 2;
  }
  const char* name = argv[2];
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  sockaddr_in me = {};
  me.sin_family = AF_INET;
  me.sin_addr.s_addr = htonl(INADDR_ANY);
  me.sin_port = htons((uint16_t)atoi(argv[1]));
  if (bind(fd, (sockaddr*)&me, sizeof me) < 0) {
    perror("bind");
    return 1;
  }
  FILE* out = fopen(name, "wb");
  if (out == NULL) {
    perror(name);
    return 1;
  }

  uint32_t expected = 0;  // the seq of the next DATA packet to write
  size_t written = 0;
  unsigned char buf[2048], ack[HEADER];
  sockaddr_storage from;
  socklen_t fromlen;
  uint8_t type;
  uint32_t seq;
  uint16_t len;
  for (;;) {
    fromlen = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (sockaddr*)&from, &fromlen);
    if (n < 0 || !parse_packet(buf, (size_t)n, &type, &seq, &len)) continue;  // dropped
    if (type == DATA) {
      if (seq == expected) {
        fwrite(buf + HEADER, 1, len, out);
        written += len;
        expected++;
        while (kept_here[expected % KEEP]) {  // the gap is filled: write what came early
          uint32_t i = expected % KEEP;
          fwrite(kept[i], 1, kept_len[i], out);
          written += kept_len[i];
          kept_here[i] = false;
          expected++;
        }
      } else if (seq > expected && seq - expected < KEEP) {
        uint32_t i = seq % KEEP;
        memcpy(kept[i], buf + HEADER, len);
        kept_len[i] = len;
        kept_here[i] = true;
      }
      // seq < expected: a copy of a packet written already; acknowledged again, not written.
      size_t m = make_packet(ack, ACK, expected);
      sendto(fd, ack, m, 0, (sockaddr*)&from, fromlen);
    } else if (type == FIN && seq == expected) {
      break;  // every DATA packet has come: FILE is complete
    }
  }
  if (fclose(out) != 0) {
    perror(name);
    return 1;
  }
  printf("received %s: %zu bytes in %u packets\n", name, written, expected);
  fflush(stdout);
  size_t m = make_packet(ack, ACK, expected + 1);
  sendto(fd, ack, m, 0, (sockaddr*)&from, fromlen);

  // Linger: the FIN's ACK may be lost, and the sender then sends the FIN again.
  long long until = now_ms() + LINGER_MS;
  for (;;) {
    long long left = until - now_ms();
    if (left <= 0) break;
    pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, (int)left) <= 0) break;
    fromlen = sizeof from;
    ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (sockaddr*)&from, &fromlen);
    if (n < 0 || !parse_packet(buf, (size_t)n, &type, &seq, &len)) continue;
    if (type == FIN && seq == expected) {
      m = make_packet(ack, ACK, expected + 1);
      sendto(fd, ack, m, 0, (sockaddr*)&from, fromlen);
      until = now_ms() + LINGER_MS;
    } else if (type == DATA) {
      m = make_packet(ack, ACK, expected);  // a late copy: the same cumulative ACK
      sendto(fd, ack, m, 0, (sockaddr*)&from, fromlen);
    }
  }
  close(fd);
  return 0;
}
