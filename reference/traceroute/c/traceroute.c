/* traceroute (the textbook's Traceroute lab) in C: echo requests with TTL 1, 2, 3, ... to HOST
 * on a raw ICMP socket, the TTL of each set with setsockopt(IP_TTL). Each router where the TTL
 * runs out answers "time exceeded" (type 11), quoting the request's IP header and first 8
 * bytes; the destination answers with an echo reply. One line per TTL: the address and round
 * trip of the first request answered, or "* * *" when none of 3 (each waited for 1 s) was. An
 * answer is matched to its request by the identifier and sequence number it carries or quotes
 * (network byte order): a late answer to an earlier request is not this one's.
 *
 * Usage: traceroute HOST
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

#define WAIT_MS 1000.0
#define TRIES 3
#define MOST_HOPS 30

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
 * reply, 2 a time exceeded quoting it, 0 nothing of this request's. */
static int answer(const unsigned char *packet, ssize_t n, uint16_t id, uint16_t seq) {
  if (n < 20) return 0;
  size_t ihl = (size_t)(packet[0] & 0x0f) * 4;
  if ((size_t)n < ihl + 8) return 0;
  const unsigned char *icmp = packet + ihl;
  const unsigned char *q = icmp; /* the echo header carrying (id, seq) */
  int kind;
  if (icmp[0] == 0) {
    kind = 1;
  } else if (icmp[0] == 11) {
    if ((size_t)n < ihl + 8 + 20 + 8) return 0;
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

/* One request with this TTL: its round trip in ms (>= 0) and who answered, or -1 after 1 s.
 * *reached says whether the answer was the destination's echo reply. */
static double probe(int sock, const struct sockaddr_in *to, uint16_t id, uint16_t seq, int ttl,
                    struct in_addr *from, int *reached) {
  if (setsockopt(sock, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl) < 0) {
    perror("setsockopt IP_TTL");
    exit(1);
  }
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
  double deadline = sent + WAIT_MS;
  for (;;) {
    double left = deadline - now_ms();
    if (left <= 0) return -1;
    struct pollfd p = {sock, POLLIN, 0};
    if (poll(&p, 1, (int)left + 1) <= 0) continue;
    unsigned char buf[2048];
    struct sockaddr_in src;
    socklen_t srclen = sizeof src;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&src, &srclen);
    if (n < 0) continue;
    int got = answer(buf, n, id, seq);
    if (got != 0) {
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
  struct addrinfo hints = {0}, *res;
  hints.ai_family = AF_INET;
  if (getaddrinfo(argv[1], NULL, &hints, &res) != 0) {
    fprintf(stderr, "unknown host %s\n", argv[1]);
    return 1;
  }
  struct sockaddr_in to = *(struct sockaddr_in *)res->ai_addr;
  freeaddrinfo(res);
  int sock = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  if (sock < 0) {
    perror("socket");
    return 1;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
  uint16_t id = (uint16_t)(getpid() & 0xffff);
  uint16_t seq = 0;
  for (int ttl = 1; ttl <= MOST_HOPS; ++ttl) {
    double rtt = -1;
    struct in_addr from;
    int reached = 0;
    for (int i = 0; i < TRIES && rtt < 0; ++i)
      rtt = probe(sock, &to, id, ++seq, ttl, &from, &reached);
    if (rtt < 0) {
      printf("%d * * *\n", ttl);
      continue;
    }
    printf("%d %s %.1f ms\n", ttl, inet_ntoa(from), rtt);
    if (reached) break;
  }
  close(sock);
  return 0;
}
