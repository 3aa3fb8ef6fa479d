// A student who is not root, on the machines students have: user namespaces refused (Debian's
// switch, a container's seccomp profile) or half allowed (Ubuntu 24.04: unshare() works and
// the uid_map write is refused). netgrade notices before any case, grades the whole run
// without a network of the program's own, says so in one plain sentence, and grades the
// reference solution 100%: never a half-made namespace, an ERROR or a FAIL blamed on the
// student. The wrappers of ci/modes imitate those machines.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "harness/base/proc.h"
#include "harness/sandbox/port_lock.h"
#include "tests/cli/netgrade_binary.h"
#include "tests/cli/peer_lab.h"
#include "tests/support/mode_tools.h"
#include "tests/support/open_to_others.h"
#include "tests/support/temp_dir.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// As `uid` (65534, nobody, unless a test needs a user no other test runs as), through
// setpriv, under `tool`.
std::vector<std::string> AsNormalUserUnder(const std::string& tool, int uid = 65534) {
  return {"/usr/bin/setpriv", fmt::format("--reuid={}", uid), fmt::format("--regid={}", uid),
          "--clear-groups", testing_support::ModeTool(tool)};
}

class UserModes : public testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
    ASSERT_TRUE(fs::exists(testing_support::ModeTool(GetParam())))
        << testing_support::ModeTool(GetParam())
        << " is missing: ci/modes builds it with the tests";
    ASSERT_EQ(::access("/usr/bin/setpriv", X_OK), 0) << "setpriv(1) is not installed";
    // The tree must be readable by that user (a clone made with umask 022 is, unless it is in
    // a home folder closed to others).
    if (!testing_support::ClosedToOthers().empty())
      GTEST_SKIP() << testing_support::ClosedToOthersReason();
  }
};

TEST_P(UserModes, TheReferencePassesWithoutANetworkOfItsOwnSaidInOneSentence) {
  testing_cli::MachinePortsLock lock;  // the machine's own network: its ports are shared
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", "reference/tcp-capitalize/python",
       "--format", "json", "--jobs", "2"},
      {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  ASSERT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  for (const nlohmann::json& c : doc["cases"]) EXPECT_EQ(c["verdict"], "pass") << c.dump();
  EXPECT_EQ(doc["score"], doc["max_score"]);
  const nlohmann::json& box = doc["sandbox"];
  EXPECT_EQ(box["network_namespace"], false) << box.dump();
  EXPECT_EQ(box["user"], "same as grader");
  // Why, for whoever asks: the refused step.
  EXPECT_NE(box["weaker"].dump().find("nor a user namespace"), std::string::npos) << box.dump();
  // The student reads nothing about it: the spec gives the port on the command line, so the
  // containment does not bear on this run (tcp-capitalize has no fixed port).
  EXPECT_EQ(ran.err, "");
}

TEST_P(UserModes, TheTextbookSpecOnAFixedPortIsToldInOnePlainSentence) {
  testing_cli::MachinePortsLock lock;
  testing_cli::Ran ran =
      testing_cli::RunNetgrade({"check", "specs/tcp-capitalize-textbook.yaml", "--submission",
                                "tests/submissions/tcp-capitalize-textbook/textbook", "--role",
                                "server", "--format", "json"},
                               {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  EXPECT_EQ(ran.err,
            "netgrade could not give your program a network of its own here, so a program on a "
            "fixed port uses this computer's own port (--verbose says why).\n");
}

// Another run (here the test) holds the fixed port's turn: netgrade says it waits, and after
// its bound (made short here) grades all the same, the port itself being free.
TEST_P(UserModes, ARunWaitsItsTurnOnAFixedPortAndSaysSo) {
  testing_cli::MachinePortsLock lock;
  testing_support::UniqueTempDir tmp("netgrade-port-turn");
  ASSERT_EQ(::chmod(tmp.path().c_str(), 01777), 0) << "as the temporary directory is";
  sandbox::PortLocks other =
      sandbox::PortLocks::Take({12000}, std::chrono::milliseconds(0), nullptr, tmp.path());
  ASSERT_EQ(other.held(), std::vector<uint16_t>{12000});
  testing_cli::Ran ran =
      testing_cli::RunNetgrade({"check", "specs/tcp-capitalize-textbook.yaml", "--submission",
                                "tests/submissions/tcp-capitalize-textbook/textbook", "--role",
                                "server", "--case", "server-one-sentence"},
                               {"TMPDIR=" + tmp.path().string(), "NETGRADE_PORT_TURN_MS=300"},
                               AsNormalUserUnder(GetParam()));
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  EXPECT_NE(ran.err.find("another netgrade run on this computer grades a program on port 12000 "
                         "(without a network of their own, programs on a fixed port share this "
                         "computer's): waiting for it to finish, at most 1 s"),
            std::string::npos)
      << ran.err;
}

// No kernel cap per case here (no cgroup, no user namespace for RLIMIT_NPROC to count a
// case's tasks alone): the report says so, and the watcher stops a fork bomb past its cap and
// 100 children holding 2000 MiB in memfd files past the memory cap, leaving nothing behind.
// Between two of the watcher's looks the fork bomb stays under the user's backstop
// (RLIMIT_NPROC: the user's tasks plus 4 times the cap): unbounded, it made 10,000 processes
// here and, once, filled the machine's PID space under CI's load, so that another test's
// fork() failed. It runs as a user of its own, whom no other test's processes count against.
TEST_P(UserModes, WithoutAKernelCapTheWatcherStopsTheCaseAndTheReportSaysSo) {
  const int uid = std::string(GetParam()) == "no-userns" ? 65533 : 65532;
  for (const char* fixture : {"fork-bomb", "many-children"}) {
    const int before = TasksOfUser(uid);
    std::atomic<bool> done{false};
    std::atomic<int> peak{before};
    std::thread sampler([&] {
      while (!done) {
        peak = std::max(peak.load(), TasksOfUser(uid));
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
    testing_cli::Ran ran =
        testing_cli::RunNetgrade({"check", "specs/tcp-capitalize.yaml", "--submission",
                                  std::string("tests/submissions/hostile/") + fixture, "--role",
                                  "server", "--case", "server-one-line", "--format", "json"},
                                 {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam(), uid));
    done = true;
    sampler.join();
    // 512 over what the user had when the program started, and the grader's own threads.
    EXPECT_LT(peak.load(), before + 4 * 128 + 64) << fixture;
    ASSERT_EQ(ran.status, 1) << fixture << ": " << ran.err << ran.out;
    nlohmann::json doc = nlohmann::json::parse(ran.out);
    const nlohmann::json& box = doc["sandbox"];
    EXPECT_EQ(box["process_cap"], false) << box.dump();
    EXPECT_EQ(box["memory_cap"], false) << box.dump();
    EXPECT_EQ(box["process_cap_by"], "a watcher") << box.dump();
    EXPECT_NE(box["weaker"].dump().find("processes not capped by the kernel"), std::string::npos)
        << box.dump();
    EXPECT_NE(box["weaker"].dump().find("memory not capped across processes by the kernel"),
              std::string::npos)
        << box.dump();
    const nlohmann::json& c = doc["cases"][0];
    if (std::string(fixture) == "fork-bomb") {
      EXPECT_EQ(c["diagnosis"], "too_many_processes") << c.dump();
      EXPECT_NE(c["message"].get<std::string>().find("so it was stopped there"), std::string::npos)
          << c.dump();
    } else {
      EXPECT_EQ(c["diagnosis"], "memory_limit") << c.dump();
    }
    EXPECT_EQ(::system(fmt::format("pgrep -u {} >/dev/null", uid).c_str()), 256)
        << fixture << ": left processes";
  }
}

// A transport lab's link is in netgrade's process, over the case's loopback: where the user may
// not make namespaces its cases run all the same, and the reference passes them.
TEST_P(UserModes, ATransportLabsCasesRunWithoutANetworkOfTheirOwn) {
  testing_cli::Ran ran =
      testing_cli::RunNetgrade({"check", "specs/reliable-transfer.yaml", "--submission",
                                "reference/reliable-transfer/python", "--case", "sender-data-lost",
                                "--case", "receiver-corrupted"},
                               {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  EXPECT_NE(ran.out.find("PASS  sender-data-lost"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("PASS  receiver-corrupted"), std::string::npos) << ran.out;
}

// An ICMP lab where the user may not make namespaces: each case reported not run, exit 2,
// with what would make it work (as text, and as JUnit's skipped for a CI page); never a raw
// socket on the machine's network.
TEST_P(UserModes, AnIcmpLabsCasesAreReportedNotRunWithWhatWouldMakeThemRun) {
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/icmp-pinger.yaml", "--submission", "reference/icmp-pinger/python"},
      {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  EXPECT_EQ(ran.status, 2) << ran.err << ran.out;
  EXPECT_NE(ran.out.find("SKIP  four-replies"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("Run netgrade as root (sudo netgrade check ...)"), std::string::npos)
      << ran.out;
  EXPECT_NE(ran.out.find("no case is graded (5 not run on this machine)"), std::string::npos)
      << ran.out;
  testing_cli::Ran junit =
      testing_cli::RunNetgrade({"check", "specs/icmp-pinger.yaml", "--submission",
                                "reference/icmp-pinger/python", "--format", "junit"},
                               {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  EXPECT_EQ(junit.status, 2) << junit.err;
  EXPECT_NE(junit.out.find("tests=\"5\" failures=\"0\" errors=\"0\" skipped=\"5\""),
            std::string::npos)
      << junit.out;
}

INSTANTIATE_TEST_SUITE_P(Refused, UserModes, testing::Values("no-userns", "deny-uid-map"),
                         [](const testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

// A normal user with user namespaces: the ICMP lab runs in full, raw sockets and routers
// in the cases' own networks (the capability is held in the grader's user namespace).
TEST(UserModeWithNamespaces, AnIcmpLabsReferencePassesAsANormalUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to become another user";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv(1) is not installed";
  if (!testing_support::ClosedToOthers().empty())
    GTEST_SKIP() << testing_support::ClosedToOthersReason();
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/icmp-pinger.yaml", "--submission", "reference/icmp-pinger/python",
       "--format", "json", "--case", "four-replies", "--case", "destination-unreachable"},
      {"TMPDIR=/tmp"}, {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  if (ran.status == 2 && ran.err.find("cannot make them here") != std::string::npos)
    GTEST_SKIP() << "this machine allows no user namespaces: " << ran.err;
  ASSERT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["sandbox"]["network_namespace"], true) << doc["sandbox"].dump();
  for (const nlohmann::json& c : doc["cases"]) EXPECT_EQ(c["verdict"], "pass") << c.dump();
}

}  // namespace
}  // namespace netgrade

namespace netgrade {
namespace {

// An instructor's programs as a transport lab's peers, where the user may not make
// namespaces: each runs beside the student's on the machine's loopback, contained as it is,
// and the references pass against them both ways.
TEST_P(UserModes, AnInstructorsProgramsPlayTheTransportLabsPeersWithoutANetworkOfTheirOwn) {
  std::string tmpl = (fs::temp_directory_path() / "netgrade-peer-modes-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  const fs::path lab = tmpl;
  testing_cli::WritePeerLab(
      lab,
      {{"receiver.py", testing_cli::SourceText("reference/reliable-transfer/python/receiver.py")},
       {"sender.py", testing_cli::SourceText("reference/reliable-transfer/python/sender.py")}});
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", (lab / "rt.yaml").string(), "--submission", (lab / "alice").string()},
      {"TMPDIR=/tmp"}, AsNormalUserUnder(GetParam()));
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  EXPECT_NE(ran.out.find("PASS  against-instructor"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("PASS  from-instructor"), std::string::npos) << ran.out;
  fs::remove_all(lab);
}

}  // namespace
}  // namespace netgrade
