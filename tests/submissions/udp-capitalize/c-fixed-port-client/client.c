#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 12000
#define MAXLINE 1024

int main() {
    int sockfd;
    char buffer[MAXLINE], line[MAXLINE];
    struct sockaddr_in servaddr;

    if ((sockfd = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
        perror("socket creation failed");
        return 1;
    }
    memset(&servaddr, 0, sizeof(servaddr));
    servaddr.sin_family = AF_INET;
    servaddr.sin_port = htons(PORT);
    servaddr.sin_addr.s_addr = inet_addr("127.0.0.1");

    while (fgets(line, sizeof(line), stdin) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        sendto(sockfd, line, strlen(line), 0, (const struct sockaddr *)&servaddr,
               sizeof(servaddr));
        int n = recvfrom(sockfd, buffer, MAXLINE - 1, 0, NULL, NULL);
        buffer[n] = '\0';
        printf("From Server: %s\n", buffer);
    }
    close(sockfd);
    return 0;
}
