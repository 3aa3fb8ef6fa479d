#include <stdio.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  int server = socket(AF_INET, SOCK_STREAM, 0)
  printf("The server is ready to receive\n");
  return server;
}
