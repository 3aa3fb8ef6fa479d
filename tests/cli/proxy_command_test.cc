// netgrade proxy by hand: what it refuses before it opens any socket.
#include <gtest/gtest.h>

#include "harness/sandbox/process.h"

namespace netgrade {
namespace {

// Runs netgrade with args; the exit status, or -1 when it was still running after 10 s (a
// proxy that started instead of refusing) and had to be killed.
int Netgrade(const std::vector<std::string>& args, std::string* err) {
  EventLoop loop;
  sandbox::SpawnOptions o;
  o.argv = {std::string(NETGRADE_BINARY_DIR) + "/netgrade"};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = {"PATH=/usr/bin:/bin"};
  o.stdout_tty = false;
  o.student_filter = false;  // netgrade itself: it makes namespaces and mounts
  auto p = sandbox::Process::Start(o, loop);
  bool exited =
      loop.RunUntil([&] { return p->exit_info().exited; }, Clock::now() + std::chrono::seconds(10));
  if (!exited) p->Kill();
  p->DrainOutput();
  *err = p->stderr_text();
  return exited ? p->exit_info().status : -1;
}

TEST(ProxyCommand, RefusesToListenBeyondLoopback) {
  for (const char* host : {"0.0.0.0", "::", "10.1.2.3"}) {
    std::string err;
    EXPECT_EQ(
        Netgrade({"proxy", "udp", "--listen", "0", "--listen-host", host, "--to", "127.0.0.1:9"},
                 &err),
        2)
        << host;
    EXPECT_NE(err.find("only listens on loopback"), std::string::npos) << err;
  }
}

TEST(ProxyCommand, AcceptsAnyLoopbackListenHostButOnlyLoopbackTargets) {
  // 127.0.0.2 passes the listen check, so the refusal that comes is the one of --to.
  std::string err;
  EXPECT_EQ(Netgrade({"proxy", "tcp", "--listen", "0", "--listen-host", "127.0.0.2", "--to",
                      "10.0.0.1:9"},
                     &err),
            2);
  EXPECT_NE(err.find("only forwards to loopback"), std::string::npos) << err;
}

}  // namespace
}  // namespace netgrade
