// Go-Back-N sender over UDP (starter): sends FILE to the receiver at HOST:PORT.
//
// Build: make (or: g++ -std=c++17 -Wall -o sender sender.cc)   Run: ./sender HOST PORT FILE WINDOW
// Written for you: the command line, the file read into memory, the socket, the packet's header
// (make_packet, parse_packet) and the Internet checksum. Left to write: the protocol, each
// Todo(...) below, in the order of the README's "The sender, step by step". Run it as it is
// and it stops at the first one.
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
const size_t HEADER = 10;     // type(1) flags(1) checksum(2) seq(4) len(2), big-endian
const size_t PAYLOAD = 1000;  // bytes of the file in each DATA packet (the last may be shorter)
const long long TIMEOUT_MS = 200;
const int FIN_TRIES = 10;

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  fprintf(stderr, "TODO: %s\n", step);
  exit(1);
}

// Milliseconds from a fixed point: for the timer's deadline.
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

// Writes the packet (header, then `len` bytes of payload) into out, which has room for
// HEADER + PAYLOAD bytes; returns its length, to give sendto().
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

  // The whole file in memory: `size` bytes at `content`.
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

  // Packet seq holds the file's bytes from seq * PAYLOAD, PAYLOAD of them or what is left:
  //   unsigned char packet[HEADER + PAYLOAD];
  //   size_t n = make_packet(packet, DATA, seq, content + seq * PAYLOAD, len);
  //   sendto(fd, packet, n, 0, to->ai_addr, to->ai_addrlen);
  uint32_t count = Todo(
      "count the DATA packets: one per 1000 bytes of the file, the last one shorter; an empty "
      "file has none (README, sender step 1)");

  // The window: keep base (the oldest packet not acknowledged), next_seq (the next packet to
  // send for the first time) and the timer's deadline (now_ms() + TIMEOUT_MS).
  uint32_t base = 0;
  while (base < count) {
    Todo(
        "send packets while next_seq < base + window (and packets are left); the first "
        "packet of an empty window (next_seq == base) starts the timer (README, sender step 2)");
    Todo(
        "if the timer has fired (now_ms() >= deadline), send packets base to next_seq - 1 "
        "again and restart the timer (README, sender step 3)");
    Todo(
        "wait for a datagram until the deadline: poll() with the time left, then recv(); "
        "parse_packet() it: false is a damaged packet, ignore it (README, sender step 4)");
    Todo(
        "an ACK n with base < n <= next_seq acknowledges every packet below n: base = n, and "
        "restart the timer; an ACK n <= base (a duplicate) changes nothing (README, sender "
        "step 5)");
  }

  Todo(
      "send FIN with seq count until an ACK with seq count + 1 comes, waiting TIMEOUT_MS for "
      "it each time, at most FIN_TRIES times (README, sender step 6)");
  printf("sent %s: %zu bytes in %u packets\n", name, size, count);
  close(fd);
  freeaddrinfo(to);
  free(content);
  return 0;
}
