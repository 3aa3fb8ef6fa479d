/* ICMP pinger (the textbook's ICMP Pinger lab) in C: COUNT echo requests to HOST on a raw
 * socket, one at a time, each waited for at most 1 s; prints each round trip, a timeout, or an
 * unreachable destination, then a summary. Identifier and sequence number in network byte
 * order. Replies of another identifier (another ping on the same host), late or doubled
 * replies, and ICMP messages about other requests are skipped.
 *
 * Usage: pinger HOST COUNT
 */
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
 * reply, 2 a destination unreachable about it, 0 nothing. Fields in network byte order. */
static int answer(const unsigned char *packet, ssize_t n, uint16_t id, uint16_t seq) {
  if (n < 20) return 0;
  size_t ihl = (size_t)(packet[0] & 0x0f) * 4;
  if ((size_t)n < ihl + 8) return 0;
  const unsigned char *icmp = packet + ihl;
  uint16_t rid = (uint16_t)(icmp[4] << 8 | icmp[5]), rseq = (uint16_t)(icmp[6] << 8 | icmp[7]);
  if (icmp[0] == 0) return rid == id && rseq == seq ? 1 : 0;
  if (icmp[0] == 3 && (size_t)n >= ihl + 8 + 20 + 8) {
    const unsigned char *inner = icmp + 8;
    const unsigned char *q = inner + (inner[0] & 0x0f) * 4;
    if ((size_t)(q - packet) + 8 > (size_t)n) return 0;
    rid = (uint16_t)(q[4] << 8 | q[5]);
    rseq = (uint16_t)(q[6] << 8 | q[7]);
    return rid == id && rseq == seq ? 2 : 0;
  }
  return 0;
}

/* The round trip in ms (>= 0), -1 for a timeout, -2 for unreachable. */
static double ping_once(int sock, const struct sockaddr_in *to, uint16_t id, uint16_t seq) {
  unsigned char req[16] = {8, 0, 0, 0, (unsigned char)(id >> 8), (unsigned char)id,
                           (unsigned char)(seq >> 8), (unsigned char)seq};
  double sent = now_ms();
  memcpy(req + 8, &sent, sizeof sent);
  uint16_t sum = checksum(req, sizeof req);
  req[2] = (unsigned char)(sum >> 8);
  req[3] = (unsigned char)sum;
  if (sendto(sock, req, sizeof req, 0, (const struct sockaddr *)to, sizeof *to) < 0) {
    perror("sendto");
    exit(1);
  }
  double deadline = sent + 1000;
  for (;;) {
    double left = deadline - now_ms();
    if (left <= 0) return -1;
    struct pollfd p = {sock, POLLIN, 0};
    if (poll(&p, 1, (int)left + 1) <= 0) continue;
    unsigned char buf[2048];
    ssize_t n = recv(sock, buf, sizeof buf, 0);
    if (n < 0) continue;
    int got = answer(buf, n, id, seq);
    if (got == 1) return now_ms() - sent;
    if (got == 2) return -2;
  }
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s HOST COUNT\n", argv[0]);
    return 2;
  }
  struct addrinfo hints = {0}, *res;
  hints.ai_family = AF_INET;
  if (getaddrinfo(argv[1], NULL, &hints, &res) != 0) {
    fprintf(stderr, "unknown host %s\n", argv[1]);
    return 1;
  }
  struct sockaddr_in to = *(struct sockaddr_in *)res->ai_addr;
  freeaddrinfo(res);
  int count = atoi(argv[2]);
  int sock = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  if (sock < 0) {
    perror("socket");
    return 1;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  uint16_t id = (uint16_t)(getpid() & 0xffff);
  int received = 0;
  double min = 0, max = 0, total = 0;
  for (int seq = 1; seq <= count; ++seq) {
    double t = ping_once(sock, &to, id, (uint16_t)seq);
    if (t >= 0) {
      printf("seq=%d time=%.1f ms\n", seq, t);
      if (received == 0 || t < min) min = t;
      if (received == 0 || t > max) max = t;
      total += t;
      ++received;
    } else {
      printf("seq=%d %s\n", seq, t == -1 ? "timeout" : "unreachable");
    }
  }
  printf("%d sent, %d received, %d%% loss\n", count, received,
         (int)((100.0 * (count - received)) / count + 0.5));
  if (received > 0) printf("rtt min/avg/max = %.1f/%.1f/%.1f ms\n", min, total / received, max);
  close(sock);
  return 0;
}
