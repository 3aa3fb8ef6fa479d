// dns-lite server: answers "<id> <name>" with "<id> <name> <address>", or "<id> <name>
// NXDOMAIN", from hosts.txt, to the address each query came from.
//
// Build: make (or: g++ -std=c++17 -Wall -o server server.cpp)   Run: ./server PORT
// Each Todo(...) below is one call left to write: replace the Todo(...) with the call it
// names. Run it as it is and it stops at the first one, saying which step of the README is
// next.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

// Stops the program and says which step is still to write.
[[noreturn]] int Todo(const char* step) {
  std::fprintf(stderr, "TODO: %s\n", step);
  std::exit(1);
}

// A call that failed: perror() says which and why ("bind: Address already in use").
[[noreturn]] void Fail(const char* call) {
  std::perror(call);
  std::exit(1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The words of `text`, split on any whitespace (spaces, tabs, newlines).
std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  int sock = Todo("create a UDP socket: socket(AF_INET, SOCK_DGRAM, 0) (README, server step 1)");
  if (sock < 0) Fail("socket");
  [[maybe_unused]] sockaddr_in address{};  // used by the bind() you write
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_ANY);
  address.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[1])));
  if (Todo("bind it to the port: bind(sock, (sockaddr*)&address, sizeof address) "
           "(README, server step 2)") < 0)
    Fail("bind");

  std::map<std::string, std::string> table;
  std::ifstream hosts("hosts.txt");
  for (std::string line; std::getline(hosts, line);) {     // the last line needs no newline
    std::vector<std::string> words = Words(line);          // (README, server step 3)
    if (words.size() < 2 || words[0][0] == '#') continue;  // a blank line or a comment
    table[Lower(words[0])] = words[1];
  }

  char buf[65536];
  for (;;) {
    sockaddr_in from{};
    [[maybe_unused]] socklen_t from_len = sizeof from;  // for recvfrom() and sendto()
    ssize_t n = Todo(
        "receive a query: recvfrom(sock, buf, sizeof buf - 1, 0, (sockaddr*)&from, "
        "&from_len) (README, server step 4)");
    if (n < 0) continue;
    std::vector<std::string> words = Words(std::string(buf, static_cast<size_t>(n)));
    if (words.size() != 2 || words[0].size() > 5 ||
        !std::all_of(words[0].begin(), words[0].end(), ::isdigit))
      continue;  // not "<id> <name>": no answer
    auto found = table.find(Lower(words[1]));
    std::string answer = words[0] + " " + words[1] + " " +
                         (found == table.end() ? std::string("NXDOMAIN") : found->second);
    Todo(
        "answer the sender: sendto(sock, answer.data(), answer.size(), 0, (sockaddr*)&from, "
        "from_len) (README, server step 5)");
  }
}
