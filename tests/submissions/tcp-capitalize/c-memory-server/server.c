// Keeps every 64 MiB it allocates, each touched, until malloc() fails.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  for (;;) {
    char *p = malloc(64 << 20);
    if (!p) { perror("malloc"); return 1; }
    memset(p, 1, 64 << 20);
  }
}
