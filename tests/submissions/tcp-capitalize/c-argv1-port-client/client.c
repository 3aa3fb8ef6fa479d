/* TCP client: ./client <server> <port> */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
    int sockfd, n;
    char sendline[1024], recvline[1024];
    struct sockaddr_in servaddr;

    sockfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(atoi(argv[1]));
    servaddr.sin_addr.s_addr = inet_addr("127.0.0.1");
    if (connect(sockfd, (struct sockaddr *)&servaddr, sizeof(servaddr)) < 0) {
        perror("connect");
        exit(1);
    }
    while (fgets(sendline, sizeof(sendline), stdin) != NULL) {
        write(sockfd, sendline, strlen(sendline));
        n = read(sockfd, recvline, sizeof(recvline) - 1);
        if (n <= 0)
            break;
        recvline[n] = 0;
        fputs(recvline, stdout);
    }
    close(sockfd);
    return 0;
}
