// dns-lite server: answers "<id> <name>" with "<id> <name> <address>" (or "<id> <name>
// NXDOMAIN") from hosts.txt, to the address each query came from; anything else gets no
// answer. Usage: server PORT
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define MAX_ENTRIES 1024

static char names[MAX_ENTRIES][256], addresses[MAX_ENTRIES][64];
static int entries = 0;

// hosts.txt: name and address separated by any blanks; '#' lines and blank lines skipped;
// the last line may have no newline (sscanf reads words, it never cuts a character).
static void load(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  char line[1024];
  while (fgets(line, sizeof line, f) != NULL && entries < MAX_ENTRIES) {
    char name[256], address[64];
    if (sscanf(line, "%255s %63s", name, address) != 2 || name[0] == '#') continue;
    strcpy(names[entries], name);
    strcpy(addresses[entries], address);
    ++entries;
  }
  fclose(f);
}

static const char *lookup(const char *name) {
  for (int i = 0; i < entries; ++i)
    if (strcasecmp(names[i], name) == 0) return addresses[i];
  return "NXDOMAIN";
}

// "<id> <name>": two words, the first a number from 0 to 65535.
static int parse(const char *text, char *id, char *name) {
  char extra[2];
  if (sscanf(text, "%15s %255s %1s", id, name, extra) != 2) return 0;
  for (const char *c = id; *c; ++c)
    if (!isdigit((unsigned char)*c)) return 0;
  return strlen(id) <= 5 && atol(id) <= 65535;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  load("hosts.txt");
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
  static char buf[65536];
  for (;;) {
    struct sockaddr_storage from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(sock, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &from_len);
    if (n < 0) continue;
    buf[n] = '\0';
    char id[16], name[256], answer[400];
    if (!parse(buf, id, name)) continue;  // not "<id> <name>": no answer
    int len = snprintf(answer, sizeof answer, "%s %s %s", id, name, lookup(name));
    sendto(sock, answer, (size_t)len, 0, (struct sockaddr *)&from, from_len);
  }
}
