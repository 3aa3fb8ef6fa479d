// TCP capitalize server: answers every line with the same line in upper case.
// Usage: server PORT
#include <arpa/inet.h>
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

// send() may take only part of what it is given: send the rest until all of it is gone.
static int send_all(int fd, const char *data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    data += n;
    size -= (size_t)n;
  }
  return 0;
}

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

// recv() returns what has arrived, not a line: a line may come in pieces and several lines in
// one piece. Collect bytes until a newline, answer that line, keep the rest for the next one.
static void serve(int conn) {
  char *line = NULL;
  size_t used = 0, room = 0;
  char buf[4096];
  ssize_t n;
  while ((n = recv(conn, buf, sizeof buf, 0)) > 0) {
    for (ssize_t i = 0; i < n; ++i) {
      if (used == room) {
        room = room ? room * 2 : 1024;
        char *bigger = realloc(line, room);
        if (!bigger) goto done;
        line = bigger;
      }
      line[used++] = buf[i];
      if (buf[i] == '\n') {
        char *upper = malloc(3 * used);
        if (!upper) goto done;
        size_t size = upper_utf8(line, used, upper);
        int sent = send_all(conn, upper, size);
        free(upper);
        if (sent < 0) goto done;
        used = 0;
      }
    }
  }
done:
  free(line);
  close(conn);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  setlocale(LC_CTYPE, "C.UTF-8");  // towupper() for letters outside ASCII
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_ANY);  // all interfaces, so other computers can connect
  addr.sin_port = 3000; /* a beginner's port, without htons() */
  if (bind(server, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(server, 16) < 0) {
    perror("bind/listen");
    return 1;
  }
  printf("The server is ready to receive\n");
  fflush(stdout);
  for (;;) {
    int conn = accept(server, NULL, NULL);
    if (conn >= 0) serve(conn);
  }
}
