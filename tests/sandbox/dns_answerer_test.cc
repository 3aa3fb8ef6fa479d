#include "harness/sandbox/dns_answerer.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "harness/sandbox/any_address.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/netns.h"

namespace netgrade::sandbox {
namespace {

// A standard query for `name` of `type`, as a resolver sends it.
std::string Query(const std::string& name, uint16_t type, uint16_t flags = 0x0100) {
  std::string q = {
      '\x12', '\x34', static_cast<char>(flags >> 8), static_cast<char>(flags), 0, 1, 0, 0, 0, 0,
      0,      0};
  size_t start = 0;
  while (start <= name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    q += static_cast<char>(dot - start);
    q += name.substr(start, dot - start);
    start = dot + 1;
  }
  q += '\0';
  q += {static_cast<char>(type >> 8), static_cast<char>(type), 0, 1};
  return q;
}

in_addr Ipv4(const char* text) {
  in_addr a{};
  ::inet_pton(AF_INET, text, &a);
  return a;
}

int Count(const std::string& answer, size_t at) {
  return (static_cast<unsigned char>(answer[at]) << 8) | static_cast<unsigned char>(answer[at + 1]);
}

TEST(AnswerQuery, AnswersAnAQueryWithThePeersAddress) {
  std::string name;
  std::string query = Query("DESKTOP-7QK2", 1);
  std::string answer = AnswerQuery(query, Ipv4("192.0.2.1"), &name);
  EXPECT_EQ(name, "DESKTOP-7QK2");
  ASSERT_EQ(answer.size(), query.size() + 16);
  EXPECT_EQ(answer.substr(0, 2), "\x12\x34") << "the query's id";
  EXPECT_TRUE(answer[2] & 0x80) << "a response";
  EXPECT_EQ(Count(answer, 6), 1) << "one answer";
  EXPECT_EQ(answer.substr(answer.size() - 4), std::string("\xc0\x00\x02\x01", 4));
}

TEST(AnswerQuery, AnswersAnAaaaQueryWithNoRecord) {
  std::string name;
  std::string answer = AnswerQuery(Query("my-laptop", 28), Ipv4("127.0.0.1"), &name);
  ASSERT_GE(answer.size(), 12u);
  EXPECT_EQ(answer[3] & 0x0f, 0) << "no error: the name exists, with no IPv6 address";
  EXPECT_EQ(Count(answer, 6), 0);
}

TEST(AnswerQuery, IgnoresWhatIsNotAQuery) {
  std::string name;
  EXPECT_EQ(AnswerQuery("", Ipv4("127.0.0.1"), &name), "");
  EXPECT_EQ(AnswerQuery(Query("x", 1, 0x8000), Ipv4("127.0.0.1"), &name), "") << "a response";
  std::string cut = Query("DESKTOP-7QK2", 1);
  EXPECT_EQ(AnswerQuery(cut.substr(0, 16), Ipv4("127.0.0.1"), &name), "");
  std::string label_too_long = Query("x", 1);
  label_too_long[12] = 63;  // runs past the end
  EXPECT_EQ(AnswerQuery(label_too_long, Ipv4("127.0.0.1"), &name), "");
}

// In a child: the case's resolv.conf over /etc/resolv.conf (a mount namespace of its own), in
// the case's network namespace, then getaddrinfo as a program calls it. Writes what it got.
[[noreturn]] void ResolveInChild(const NetNamespace& ns, const std::string& resolv, int out) {
  if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr))
    ::_exit(2);
  if (::mount(resolv.c_str(), "/etc/resolv.conf", nullptr, MS_BIND, nullptr) != 0) ::_exit(3);
  if (::setns(ns.fd(), CLONE_NEWNET) != 0) ::_exit(4);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;  // AF_UNSPEC: an A and an AAAA query, as Python sends
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo("DESKTOP-7QK2", "12000", &hints, &res);
  std::string got = rc == 0 ? "" : std::string("error: ") + ::gai_strerror(rc);
  for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (a->ai_family == AF_INET)
      ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, text,
                  sizeof text);
    got += (got.empty() ? "" : " ") + std::string(a->ai_family == AF_INET ? text : "IPv6");
  }
  if (::write(out, got.data(), got.size()) < 0) ::_exit(5);
  ::_exit(0);
}

TEST(DnsAnswerer, AProgramsGetaddrinfoResolvesAPcsNameToThePeer) {
  std::string why;
  auto ns = NetNamespace::Create(&why);
  if (!ns) GTEST_SKIP() << why;
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace (the resolv.conf)";
  std::error_code ec;
  if (std::filesystem::symlink_status("/etc/resolv.conf", ec).type() !=
      std::filesystem::file_type::regular)
    GTEST_SKIP() << "/etc/resolv.conf is not a plain file here (the jail skips it too)";
  EventLoop loop;
  std::unique_ptr<DnsAnswerer> answerer;
  {
    NetNamespace::Scope in(ns.get());
    MakeEveryAddressLocal();
    answerer = std::make_unique<DnsAnswerer>(loop, "192.0.2.1");
  }
  std::string resolv = WriteResolvConf();
  int pipe_fds[2];
  ASSERT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  pid_t child = ::fork();
  if (child == 0) ResolveInChild(*ns, resolv, pipe_fds[1]);
  ::close(pipe_fds[1]);
  Fd from_child(pipe_fds[0]);
  std::string got;
  bool ended = false;
  loop.Watch(from_child.get(), POLLIN, [&](short) {
    char buf[256];
    ssize_t n = ::read(from_child.get(), buf, sizeof buf);
    if (n > 0) got.append(buf, static_cast<size_t>(n));
    if (n <= 0) ended = true;
  });
  loop.RunUntil([&] { return ended; }, Clock::now() + std::chrono::seconds(10));
  int status = 0;
  ::waitpid(child, &status, 0);
  ::unlink(resolv.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
  EXPECT_EQ(got, "192.0.2.1") << "one IPv4 address, no IPv6";
  ASSERT_FALSE(answerer->names().empty());
  EXPECT_EQ(answerer->names().front().rfind("DESKTOP-7QK2", 0), 0u) << answerer->names().front();
}

}  // namespace
}  // namespace netgrade::sandbox
