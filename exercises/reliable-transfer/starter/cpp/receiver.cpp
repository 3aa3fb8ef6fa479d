// Go-Back-N receiver over UDP (starter): writes the file a sender sends to FILE.
//
// Build: make (or: g++ -std=c++17 -Wall -o receiver receiver.cc)   Run: ./receiver PORT FILE
// Written for you: the command line, the socket, the packet's header (make_packet,
// parse_packet) and the Internet checksum. Left to write: the protocol, each Todo(...) below,
// in the order of the README's "The receiver, step by step". Run it as it is: it waits for the
// first packet, then stops at the first one.
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
const size_t HEADER = 10;          // type(1) flags(1) checksum(2) seq(4) len(2), big-endian
const size_t PAYLOAD = 1000;       // the largest payload a DATA packet may have
const uint32_t KEEP = 1024;        // packets kept ahead of the expected one, at most
const long long LINGER_MS = 2000;  // answer repeated FINs this long after the last one

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  fprintf(stderr, "TODO: %s\n", step);
  exit(1);
}

// Milliseconds from a fixed point: for the linger's deadline.
long long now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
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

// Writes a packet without payload (an ACK) into out (HEADER bytes); returns its length.
size_t make_packet(unsigned char* out, uint8_t type, uint32_t seq) {
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

// Reads the n bytes of a datagram: false if it is damaged (too short, wrong checksum, wrong
// len); otherwise its type, seq and payload length (the payload is at buf + HEADER).
bool parse_packet(unsigned char* buf, size_t n, uint8_t* type, uint32_t* seq, uint16_t* len) {
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

  // Packets that come early are kept until the gap before them fills: for instance in arrays
  // of KEEP payloads of PAYLOAD bytes, at index seq % KEEP, with their lengths and a flag each.
  uint32_t expected = 0;  // the seq of the next DATA packet to write
  unsigned char buf[2048];
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
      // seq == expected: fwrite() the payload (buf + HEADER, len bytes), and the kept packets
      // that follow it. Later (below expected + KEEP): keep it. Below expected: a copy.
      Todo(
          "write the packet if seq == expected (then the kept ones that follow), keep it if it "
          "is a later one, write nothing for a copy (README, receiver step 1)");
      // unsigned char ack[HEADER]; make_packet(ack, ACK, expected) makes the ACK.
      Todo(
          "acknowledge it, to the address it came from: "
          "sendto(fd, ack, HEADER, 0, (sockaddr*)&from, fromlen) (README, receiver step 2)");
    } else if (type == FIN && seq == expected) {
      Todo(
          "the file is complete: fclose() it, and acknowledge the FIN with an ACK of seq + 1 "
          "(README, receiver step 3)");
      Todo(
          "linger: answer each repeated FIN the same way until 2 s have passed since the last "
          "one (poll() with the time left), then exit 0 (README, receiver step 4)");
    }
  }
}
