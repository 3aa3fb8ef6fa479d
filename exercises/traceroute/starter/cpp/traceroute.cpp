// traceroute: echo requests with TTL 1, 2, 3, ... to HOST; each router where the TTL runs out
// answers "time exceeded", the destination an echo reply. Prints one line per TTL,
// "<ttl> <address> <rtt> ms", or "<ttl> * * *" when none of its 3 requests (1 s each) was
// answered; stops after the destination's line.
//
// Build: make (or: g++ -std=c++17 -Wall -o traceroute traceroute.cpp)   Run: sudo ./traceroute HOST
// Each Todo(...) below is one socket call left to write: replace the Todo(...) with the call
// it names. Run it as it is and it stops at the first one, saying which step of the README
// is next.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

const int kTries = 3, kMostHops = 30;

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char *step) {
  fprintf(stderr, "TODO: %s\n", step);
  exit(1);
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

static uint16_t checksum(const unsigned char *data, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(data[i] << 8 | data[i + 1]);
  if (len % 2) sum += (uint32_t)data[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* What `packet` (an IPv4 packet with its header) says about request (id, seq): 1 its echo
 * reply, 2 a time exceeded quoting it (the request's IP header and first 8 bytes come after
 * the time exceeded's own 8), 0 nothing of this request's. Fields in network byte order. */
static int answer(const unsigned char *packet, ssize_t n, uint16_t id, uint16_t seq) {
  if (n < 20) return 0;
  size_t ihl = (size_t)(packet[0] & 0x0f) * 4;
  if ((size_t)n < ihl + 8) return 0;
  const unsigned char *icmp = packet + ihl;
  const unsigned char *q = icmp;  // the echo header that carries (id, seq)
  int kind;
  if (icmp[0] == 0) {
    kind = 1;
  } else if (icmp[0] == 11 && (size_t)n >= ihl + 8 + 20 + 8) {
    const unsigned char *inner = icmp + 8;
    q = inner + (inner[0] & 0x0f) * 4;
    if ((size_t)(q - packet) + 8 > (size_t)n) return 0;
    kind = 2;
  } else {
    return 0;
  }
  uint16_t rid = (uint16_t)(q[4] << 8 | q[5]), rseq = (uint16_t)(q[6] << 8 | q[7]);
  return rid == id && rseq == seq ? kind : 0;
}

/* One request with this TTL: its round trip in ms (>= 0), who answered (*from) and whether it
 * was HOST's echo reply (*reached); -1 when nothing came within 1 s. */
static double probe(int sock, const struct sockaddr_in *to, uint16_t id, uint16_t seq, int ttl,
                    struct in_addr *from, bool *reached) {
  if (Todo("set this request's TTL: setsockopt(sock, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl) "
           "(README, traceroute step 2)") < 0) {
    perror("setsockopt");
    exit(1);
  }
  unsigned char req[16] = {8,
                           0,
                           0,
                           0,
                           (unsigned char)(id >> 8),
                           (unsigned char)id,
                           (unsigned char)(seq >> 8),
                           (unsigned char)seq};
  double sent = now_ms();
  memcpy(req + 8, &sent, sizeof sent);
  uint16_t sum = checksum(req, sizeof req);
  req[2] = (unsigned char)(sum >> 8);
  req[3] = (unsigned char)sum;
  if (Todo("send the echo request to HOST: "
           "sendto(sock, req, sizeof req, 0, (const struct sockaddr *)to, sizeof *to) "
           "(README, traceroute step 3)") < 0) {
    perror("sendto");
    exit(1);
  }
  double deadline = sent + 1000;
  for (;;) {
    double left = deadline - now_ms();
    if (left <= 0) return -1;
    struct pollfd p = {sock, POLLIN, 0};
    (void)p;
    if (Todo("wait at most what is left of the 1 s: poll(&p, 1, (int)left + 1) "
             "(README, traceroute step 4)") <= 0)
      continue;
    unsigned char buf[2048];
    struct sockaddr_in src;
    socklen_t srclen = sizeof src;
    (void)srclen;
    ssize_t n = Todo(
        "read one IP packet and who sent it: "
        "recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&src, &srclen) "
        "(README, traceroute step 5)");
    if (n < 0) continue;
    int got = answer(buf, n, id, seq);
    if (got != 0) {  // else: a late answer to an earlier request, another program's: wait on
      *from = src.sin_addr;
      *reached = got == 1;
      return now_ms() - sent;
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s HOST\n", argv[0]);
    return 2;
  }
  struct addrinfo hints = {}, *res;
  hints.ai_family = AF_INET;
  if (getaddrinfo(argv[1], NULL, &hints, &res) != 0) {
    fprintf(stderr, "unknown host %s\n", argv[1]);
    return 1;
  }
  struct sockaddr_in to = *reinterpret_cast<struct sockaddr_in *>(res->ai_addr);
  freeaddrinfo(res);
  int sock = Todo(
      "create an ICMP socket: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP) "
      "(README, traceroute step 1)");
  if (sock < 0) {
    perror("socket");
    return 1;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  uint16_t id = (uint16_t)(getpid() & 0xffff), seq = 0;
  for (int ttl = 1; ttl <= kMostHops; ++ttl) {
    double rtt = -1;
    struct in_addr from = {};
    bool reached = false;
    for (int i = 0; i < kTries && rtt < 0; ++i)
      rtt = probe(sock, &to, id, ++seq, ttl, &from, &reached);
    if (rtt < 0) {
      printf("%d * * *\n", ttl);
      continue;
    }
    printf("%d %s %.1f ms\n", ttl, inet_ntoa(from), rtt);
    if (reached) break;
  }
  Todo("close the socket: close(sock) (README, traceroute step 6)");
  return 0;
}
