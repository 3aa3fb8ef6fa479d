/* A C capitalize server as the course's examples write it: no SO_REUSEADDR, and a failed
 * bind() reported with perror(). Restarted while a client is connected, it says
 * "bind failed: Address already in use" and exits. */
#include <ctype.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int sockfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in servaddr;
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_addr.s_addr = INADDR_ANY;
    servaddr.sin_port = htons(atoi(argv[1]));
    if (bind(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) < 0) {
        perror("bind failed");
        exit(1);
    }
    listen(sockfd, 5);
    char buffer[1024];
    for (;;) {
        int connfd = accept(sockfd, NULL, NULL);
        int n;
        while ((n = read(connfd, buffer, sizeof(buffer))) > 0) {
            for (int i = 0; i < n; i++) buffer[i] = toupper((unsigned char)buffer[i]);
            write(connfd, buffer, n);
        }
        close(connfd);
    }
}
