// The machine's Unix sockets are out of a program's reach in every mode. Beside a real tmux
// server (run as the user netgrade runs as, whose client would run any command it is sent)
// and a listening socket of the machine's, named and abstract, open to every user (as the
// D-Bus session bus is to its user), tests/submissions/hostile/unix-socket-escape tries to
// connect to every socket /proc/net/unix lists, directly and through a link in its own
// folder, and to make tmux write a file beside its socket. In a jail none is in its files or
// network namespace; without one as a normal user (no user namespaces, Ubuntu 24.04's refused
// uid_map) the grader makes every connect() and allows only sockets beneath the program's
// folders; in a default container's caps (root without CAP_SYS_PTRACE) the filter refuses
// socket(AF_UNIX). Either way it passes, its own socketpair() works, its own Unix socket
// server works wherever it could make one (else it would fail), tmux wrote nothing, and the
// listeners were never connected to. hostile/guard-bypass tries every way around the guard at
// the same sockets.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/base/fd.h"
#include "tests/cli/netgrade_binary.h"
#include "tests/support/mode_tools.h"
#include "tests/support/open_to_others.h"
#include "tests/support/temp_dir.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

struct Mode {
  const char* name;
  const char* tool;  // a wrapper of ci/modes, or "" for none
  bool as_user;      // netgrade runs as uid 65534
  bool jailed;       // the case has a root of its own
  // What the JSON says its Unix sockets reach: "own root" (a jail), "own folders" (the grader
  // makes its connects: sandbox/connect_guard.h) or "none" (root without CAP_SYS_PTRACE).
  const char* unix_sockets;
};

constexpr uid_t kUser = 65534;

// A listening Unix socket at `path` (named, open to every user) or, for "@name", abstract.
Fd Listen(const std::string& path) {
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  socklen_t length = sizeof(sa_family_t) + path.size();
  path.copy(a.sun_path, sizeof a.sun_path - 1);
  if (path[0] == '@') a.sun_path[0] = '\0';
  if (!fd || ::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), length) != 0 ||
      ::listen(fd.get(), 16) != 0)
    return Fd();
  if (path[0] != '@') ::chmod(path.c_str(), 0777);
  return fd;
}

// Whether anyone connected to `listener` (a connection closed since still waits in its queue).
bool Connected(const Fd& listener) {
  Fd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  return static_cast<bool>(accepted);
}

// Runs `argv` as `uid` (setpriv when not root's own) and returns its exit status.
int RunAs(uid_t uid, std::vector<std::string> argv) {
  if (uid != 0)
    argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=" + std::to_string(uid),
                               "--regid=" + std::to_string(uid), "--clear-groups"});
  std::string command;
  for (const std::string& word : argv) command += "'" + word + "' ";
  return std::system((command + "</dev/null >/dev/null 2>&1").c_str());
}

class UnixSockets : public testing::TestWithParam<Mode> {};

// Grades hostile/`fixture` in `mode` beside the tmux server and the listeners: it must pass,
// with the JSON's Unix sockets as the mode has them, and reach none of them.
void GradeBesideTheMachinesSockets(const Mode& mode, const std::string& fixture) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run netgrade as each kind of user";
  for (const char* tool : {"/usr/bin/setpriv", "/usr/bin/tmux", "/usr/bin/python3"})
    ASSERT_EQ(::access(tool, X_OK), 0) << tool << " is missing: ci/setup --all installs it";
  if (mode.as_user && !testing_support::ClosedToOthers().empty())
    GTEST_SKIP() << testing_support::ClosedToOthersReason();
  if (*mode.tool) {
    ASSERT_TRUE(fs::exists(testing_support::ModeTool(mode.tool)))
        << testing_support::ModeTool(mode.tool) << " is missing: ci/modes builds it";
  }
  const uid_t uid = mode.as_user ? kUser : 0;

  testing_support::UniqueTempDir dir("netgrade-unix-escape");
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  ASSERT_EQ(::chown(dir.path().c_str(), uid, uid), 0);
  const std::string tmux = (dir.path() / "tmux-socket").string();
  ASSERT_EQ(RunAs(uid, {"/usr/bin/tmux", "-S", tmux, "new-session", "-d", "sleep 600"}), 0)
      << "a tmux server could not be started";
  Fd bus = Listen((dir.path() / "bus-socket").string());
  Fd abstract = Listen("@netgrade-unix-escape-" + std::to_string(::getpid()));
  ASSERT_TRUE(bus && abstract) << std::strerror(errno);

  std::vector<std::string> wrapper;
  if (mode.as_user)
    wrapper = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  if (*mode.tool) wrapper.push_back(testing_support::ModeTool(mode.tool));
  testing_cli::MachinePortsLock lock;  // without a jail, the machine's network
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", "tests/submissions/hostile/" + fixture,
       "--case", "server-one-line", "--format", "json"},
      {"TMPDIR=/tmp"}, wrapper);
  RunAs(uid, {"/usr/bin/tmux", "-S", tmux, "kill-server"});

  ASSERT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["cases"][0]["verdict"], "pass") << doc["cases"][0].dump();
  EXPECT_EQ(doc["sandbox"]["network_namespace"], mode.jailed) << doc["sandbox"].dump();
  const nlohmann::json& refused = doc["sandbox"]["refused_syscalls"];
  const std::string unix_sockets = mode.unix_sockets;
  EXPECT_EQ(doc["sandbox"]["unix_sockets"], unix_sockets) << doc["sandbox"].dump();
  EXPECT_EQ(std::find(refused.begin(), refused.end(), "socket(AF_UNIX)") != refused.end(),
            unix_sockets == "none")
      << refused.dump();
  EXPECT_EQ(
      std::find(refused.begin(), refused.end(), "socket(AF_UNIX, SOCK_DGRAM)") != refused.end(),
      unix_sockets == "own folders")
      << refused.dump();
  EXPECT_FALSE(fs::exists(dir.path() / "escaped")) << "tmux ran the program's command";
  EXPECT_FALSE(Connected(bus)) << "the program reached the machine's named socket";
  EXPECT_FALSE(Connected(abstract)) << "the program reached the machine's abstract socket";
}

TEST_P(UnixSockets, OfTheMachineAreOutOfReachAndTheProgramsOwnPairWorks) {
  GradeBesideTheMachinesSockets(GetParam(), "unix-socket-escape");
}

// Every way around the guard (hostile/guard-bypass: io_uring, sendto() with an address, the
// address rewritten during the call, a socket passed to a child, a thread's own descriptor
// table, the x32 and i386 call numbers) aimed at the same sockets: none is reached.
TEST_P(UnixSockets, NoWayAroundTheGuardReachesThem) {
  GradeBesideTheMachinesSockets(GetParam(), "guard-bypass");
}

INSTANTIATE_TEST_SUITE_P(
    EveryMode, UnixSockets,
    testing::Values(Mode{"root", "", false, true, "own root"},
                    Mode{"user", "", true, true, "own root"},
                    Mode{"no_userns", "no-userns", true, false, "own folders"},
                    Mode{"deny_uid_map", "deny-uid-map", true, false, "own folders"},
                    Mode{"docker_caps", "docker-caps", false, false, "none"}),
    [](const testing::TestParamInfo<Mode>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace netgrade
