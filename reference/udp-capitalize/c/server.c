// UDP capitalize server: answers every datagram with its text in upper case.
// Usage: server PORT
#include <arpa/inet.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <wchar.h>
#include <wctype.h>

// The upper case of UTF-8 text as Python's str.upper() gives it: each character by towupper()
// in a UTF-8 locale (é to É), and ß, which has no single upper-case letter, to SS. A byte that
// is not UTF-8 passes as it is. `out` has room for 3 bytes per byte of `in`.
static size_t upper_utf8(const char *in, size_t n, char *out) {
  mbstate_t from, to;
  memset(&from, 0, sizeof from);
  memset(&to, 0, sizeof to);
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    wchar_t wc;
    size_t len = mbrtowc(&wc, in + i, n - i, &from);
    if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
      out[o++] = in[i++];
      memset(&from, 0, sizeof from);
      continue;
    }
    if (wc == 0xDF) {  // ß
      out[o++] = 'S';
      out[o++] = 'S';
    } else {
      size_t made = wcrtomb(out + o, (wchar_t)towupper((wint_t)wc), &to);
      if (made == (size_t)-1) {
        memcpy(out + o, in + i, len);
        made = len;
      }
      o += made;
    }
    i += len;
  }
  return o;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  setlocale(LC_CTYPE, "C.UTF-8");  // towupper() for letters outside ASCII
  int sock = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  addr.sin_port = htons((unsigned short)atoi(argv[1]));
  if (bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror("bind");
    return 1;
  }
  printf("The server is ready to receive\n");
  fflush(stdout);
  static char buf[65535];  // the largest datagram there is: nothing is cut
  static char answer[3 * 65535];
  for (;;) {
    struct sockaddr_storage from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &from_len);
    if (n < 0) continue;
    // The datagram's length, not strlen(): it is bytes, with no '\0' after them.
    size_t size = upper_utf8(buf, (size_t)n, answer);
    if (size > 65507) size = 65507;  // the most one UDP datagram over IPv4 holds
    sendto(sock, answer, size, 0, (struct sockaddr *)&from, from_len);
  }
}
