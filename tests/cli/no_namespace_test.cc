// netgrade where no network namespace can be made (a non-root student on Ubuntu 24.04, where
// user namespaces are refused; the no-userns tool makes that so here): the programs share the
// machine's network, and two things a student on a laptop meets there are explained. The
// textbook's host name 'servername', unknown to this machine, is named as the cause of the
// client's crash; a fixed port (the textbook's 12000) held by the student's own server from an
// earlier try stops the run before any case, naming that server.
//
// Each netgrade runs as a normal user (uid 65534, through setpriv) under no-userns, inside a
// network namespace and a mount namespace that the test makes (nsenter): its port 12000 is
// the test's alone, whatever runs beside it, nothing it sends leaves that namespace's loopback,
// and its /etc/hosts is the one the test chooses.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/cli/netgrade_binary.h"
#include "tests/support/mode_tools.h"
#include "tests/support/open_to_others.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

constexpr uid_t kUser = 65534;  // nobody: a normal user
constexpr char kPython[] = "/usr/bin/python3";
constexpr char kTextbook[] = "tests/submissions/tcp-capitalize-textbook/textbook";

// Why these tests cannot run here; "" when they can.
std::string SkipReason() {
  if (::geteuid() != 0) return "needs root to make namespaces and become another user";
  for (const char* tool : {"/usr/bin/setpriv", "/usr/bin/nsenter"})
    if (::access(tool, X_OK) != 0) return std::string(tool) + " is not installed";
  if (::access(kPython, X_OK) != 0) return std::string(kPython) + " is not installed";
  if (!testing_support::ClosedToOthers().empty()) return testing_support::ClosedToOthersReason();
  return "";
}

// A network namespace (loopback up, nothing else) and a mount namespace whose /etc/hosts holds
// `hosts`, kept by a child process until destroyed. With `server_as`, that child is the
// textbook's server, `python3 TCPServer.py` as that user, listening on port 12000 there: the
// constructor returns once it has said so ("The server is ready to receive").
class OwnNetwork {
 public:
  OwnNetwork(const std::string& hosts, std::optional<uid_t> server_as) {
    hosts_file_ =
        fs::temp_directory_path() / ("netgrade-no-namespace-hosts-" + std::to_string(::getpid()) +
                                     "-" + std::to_string(++count_));
    std::ofstream(hosts_file_) << hosts;
    fs::permissions(hosts_file_, fs::perms::owner_read | fs::perms::owner_write |
                                     fs::perms::group_read | fs::perms::others_read);
    int ready[2];
    if (::pipe2(ready, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) Child(ready[1], server_as);
    ::close(ready[1]);
    // What the child says: its first line, or why it failed; EOF if it died.
    char c;
    while (::read(ready[0], &c, 1) == 1 && c != '\n') said_ += c;
    ::close(ready[0]);
  }
  ~OwnNetwork() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    std::error_code ignored;
    fs::remove(hosts_file_, ignored);
  }
  OwnNetwork(const OwnNetwork&) = delete;
  OwnNetwork& operator=(const OwnNetwork&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& said() const { return said_; }

  // netgrade in these namespaces, as the normal user, with user namespaces refused.
  testing_cli::Ran Netgrade(const std::vector<std::string>& args) const {
    std::string ns = "/proc/" + std::to_string(pid_) + "/ns/";
    return testing_cli::RunNetgrade(
        args, {},
        {"/usr/bin/nsenter", "--net=" + ns + "net", "--mount=" + ns + "mnt",
         std::string("--wd=") + NETGRADE_SOURCE_DIR, "/usr/bin/setpriv",
         "--reuid=" + std::to_string(kUser), "--regid=" + std::to_string(kUser), "--clear-groups",
         testing_support::ModeTool("no-userns")});
  }

 private:
  [[noreturn]] void Child(int ready, std::optional<uid_t> server_as) {
    auto fail = [ready](const char* what) {
      std::string line = std::string(what) + ": " + std::strerror(errno) + "\n";
      (void)!::write(ready, line.data(), line.size());
      ::_exit(127);
    };
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the test
    if (::unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) fail("unshare");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail("mount private");
    if (::mount(hosts_file_.c_str(), "/etc/hosts", nullptr, MS_BIND, nullptr) != 0)
      fail("bind /etc/hosts");
    int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (s < 0 || ::ioctl(s, SIOCGIFFLAGS, &ifr) != 0) fail("SIOCGIFFLAGS lo");
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    if (::ioctl(s, SIOCSIFFLAGS, &ifr) != 0) fail("SIOCSIFFLAGS lo");
    ::close(s);
    if (!server_as) {
      (void)!::write(ready, "ready\n", 6);
      for (;;) ::pause();
    }
    if (::chdir(NETGRADE_SOURCE_DIR) != 0 || ::chdir(kTextbook) != 0) fail("chdir");
    if (::setgroups(0, nullptr) != 0 || ::setresgid(*server_as, *server_as, *server_as) != 0 ||
        ::setresuid(*server_as, *server_as, *server_as) != 0)
      fail("become the user");
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a change of user cleared it
    if (::dup2(ready, STDOUT_FILENO) < 0) fail("dup2");
    ::setenv("PYTHONUNBUFFERED", "1", 1);  // its "ready" line comes at once, through the pipe
    ::execl(kPython, "python3", "TCPServer.py", static_cast<char*>(nullptr));
    fail("exec python3");
    ::_exit(127);
  }

  static inline int count_ = 0;
  fs::path hosts_file_;
  pid_t pid_ = -1;
  std::string said_;
};

class NoNamespace : public testing::Test {
 protected:
  void SetUp() override {
    if (std::string why = SkipReason(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_EQ(::access(testing_support::ModeTool("no-userns").c_str(), X_OK), 0)
        << testing_support::ModeTool("no-userns") << " is missing: ci/modes builds it";
  }
};

constexpr char kWithoutTextbookNames[] = "127.0.0.1 localhost\n::1 localhost\n";

const std::vector<std::string> kClientCheck = {"check",        "specs/tcp-capitalize-textbook.yaml",
                                               "--submission", kTextbook,
                                               "--role",       "client",
                                               "--format",     "json"};

// The report of the client's one case, from a run that really had no network namespace.
nlohmann::json ClientCase(const testing_cli::Ran& ran) {
  nlohmann::json doc = nlohmann::json::parse(ran.out, nullptr, false);
  if (doc.is_discarded() || doc["cases"].size() != 1) {
    ADD_FAILURE() << "no report of one case: " << ran.err << ran.out;
    return nlohmann::json::object();
  }
  EXPECT_EQ(doc["sandbox"]["network_namespace"], false) << ran.out;
  return doc["cases"][0];
}

// The textbook's TCPClient.py connects to 'servername', which this machine's /etc/hosts does
// not map: the connect guard answers the program's read of /etc/hosts with the machine's file
// and the textbook's names (connect_guard.h), so the client reaches the reference server and
// passes, and nothing is said of the name. (Where the guard cannot run, a container's root
// without CAP_SYS_PTRACE, its crash is explained by that name: check/fixed_host.cc.)
TEST_F(NoNamespace, TheTextbooksHostNameResolvesWithoutANetworkOfItsOwn) {
  OwnNetwork net(kWithoutTextbookNames, std::nullopt);
  ASSERT_EQ(net.said(), "ready");
  testing_cli::Ran ran = net.Netgrade(kClientCheck);
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json c = ClientCase(ran);
  EXPECT_EQ(c.value("verdict", ""), "pass") << ran.out;
  EXPECT_EQ(ran.out.find("a name this computer does not know"), std::string::npos) << ran.out;
}

// Where /etc/hosts maps it, the name leads to the reference server on this machine: the
// client passes, and nothing is said of the name.
TEST_F(NoNamespace, TheTextbooksHostNameMappedInEtcHostsJustWorks) {
  OwnNetwork net("127.0.0.1 localhost\n127.0.0.1 servername hostname\n", std::nullopt);
  ASSERT_EQ(net.said(), "ready");
  testing_cli::Ran ran = net.Netgrade(kClientCheck);
  EXPECT_EQ(ran.status, 0) << ran.err << ran.out;
  nlohmann::json c = ClientCase(ran);
  EXPECT_EQ(c.value("verdict", ""), "pass") << ran.out;
  EXPECT_EQ(ran.out.find("a name this computer does not know"), std::string::npos) << ran.out;
}

const std::vector<std::string> kCheckAll = {"check", "specs/tcp-capitalize-textbook.yaml",
                                            "--submission", kTextbook};

// The student's own TCPServer.py from an earlier try still listens on port 12000: the run
// stops before any case, a usage error (2, not a grader ERROR, 3), naming that server, its pid
// and how to stop it; no report. (Looked for only without a network namespace: the sentence
// itself says the run had none.)
TEST_F(NoNamespace, APortHeldByTheStudentsOwnServerStopsTheRunNamingIt) {
  OwnNetwork net(kWithoutTextbookNames, kUser);
  ASSERT_EQ(net.said(), "The server is ready to receive");
  testing_cli::Ran ran = net.Netgrade(kCheckAll);
  EXPECT_EQ(ran.status, 2) << ran.err << ran.out;
  std::string pid = std::to_string(net.pid());
  EXPECT_NE(ran.err.find("netgrade: error: Port 12000, which this exercise's programs use, is "
                         "taken on this computer by 'python3 TCPServer.py' (pid " +
                         pid +
                         ", one of your own programs: an earlier run of your server still "
                         "running?). Stop it (kill " +
                         pid + ") and check again.\n"),
            std::string::npos)
      << ran.err;
  EXPECT_EQ(ran.out, "") << "no case may run";
}

// Held by another user's program (root's here), whose descriptors a normal user may not read:
// the run stops the same way and says whose it is not.
TEST_F(NoNamespace, APortHeldByAnotherUsersProgramStopsTheRunSayingSo) {
  OwnNetwork net(kWithoutTextbookNames, 0);
  ASSERT_EQ(net.said(), "The server is ready to receive");
  testing_cli::Ran ran = net.Netgrade(kCheckAll);
  EXPECT_EQ(ran.status, 2) << ran.err << ran.out;
  EXPECT_NE(ran.err.find("netgrade: error: Port 12000, which this exercise's programs use, is "
                         "taken on this computer by another user's program (uid 0; netgrade may "
                         "not see which)."),
            std::string::npos)
      << ran.err;
  EXPECT_EQ(ran.out, "");
}

// An ICMP lab's programs need routers made of network namespaces and raw sockets in them:
// where netgrade cannot make them each case is reported not run (exit 2), with why and what
// would make it work, and no ICMP program runs on the machine's network.
TEST_F(NoNamespace, AnIcmpLabsCasesAreReportedNotRunWithWhatWouldMakeThemRun) {
  OwnNetwork net(kWithoutTextbookNames, std::nullopt);
  ASSERT_EQ(net.said(), "ready");
  testing_cli::Ran ran = net.Netgrade({"check", "specs/icmp-pinger.yaml", "--submission",
                                       "reference/icmp-pinger/python", "--format", "json"});
  EXPECT_EQ(ran.status, 2) << ran.err << ran.out;
  EXPECT_NE(ran.err.find("5 of 5 cases not run on this machine (exit status 2)"), std::string::npos)
      << ran.err;
  nlohmann::json doc = nlohmann::json::parse(ran.out);
  EXPECT_EQ(doc["passed"], false);
  EXPECT_EQ(doc["not_run"], 5);
  ASSERT_EQ(doc["cases"].size(), 5u) << ran.out;
  for (const nlohmann::json& c : doc["cases"]) {
    EXPECT_EQ(c["verdict"], "not_run") << c.dump();
    EXPECT_EQ(c["diagnosis"], "not_run_here") << c.dump();
    EXPECT_EQ(c["program"], "") << "an ICMP program ran: " << c.dump();
    EXPECT_EQ(c["student_ms"], 0.0) << c.dump();
    EXPECT_NE(c["message"].get<std::string>().find(
                  "icmp-pinger is an ICMP lab: its programs need a network of routers netgrade "
                  "makes from network namespaces, and netgrade cannot make them here"),
              std::string::npos)
        << c.dump();
  }
}

}  // namespace
}  // namespace netgrade
