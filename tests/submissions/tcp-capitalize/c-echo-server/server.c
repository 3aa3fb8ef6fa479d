#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    int opt = 1;
    setsockopt(sockfd, SOL_SOCKET, SO_REUSEADDR, &opt, sizeof(opt));
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = INADDR_ANY;
    servaddr.sin_port = htons(atoi(argv[1]));
    bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr));
    listen(sockfd, 5);
    char buffer[1024];
    for (;;) {
        int connfd = accept(sockfd, NULL, NULL);
        int n;
        while ((n = read(connfd, buffer, sizeof(buffer))) > 0) {
            /* forgot: for (i = 0; i < n; i++) buffer[i] = toupper(buffer[i]); */
            write(connfd, buffer, n);
        }
        close(connfd);
    }
}
