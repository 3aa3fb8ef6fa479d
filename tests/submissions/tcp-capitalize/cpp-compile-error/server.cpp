#include <iostream>
#include <sys/socket.h>

int main(int argc, char** argv) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  std::cout << "The server is ready to receive" << std::endl
  return server;
}
