#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int listenfd, connfd, n, i, one = 1;
    char buf[1024];
    struct sockaddr_in addr;

    listenfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons(atoi(argv[1]));
    bind(listenfd, (struct sockaddr *)&addr, sizeof(addr));
    listen(listenfd, 5);
    for (;;) {
        connfd = accept(listenfd, NULL, NULL);
        while ((n = read(connfd, buf, sizeof(buf))) > 0) {
            for (i = 0; i < n; i++)
                buf[i] = toupper((unsigned char)buf[i]);
            write(connfd, buf, n);
        }
        close(connfd);
    }
    return 0;
}
