#include "harness/sandbox/jail.h"

#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "harness/base/file.h"
#include "tests/support/in_mount_namespace.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

bool Has(const JailPlan& plan, JailStep::Kind kind, const std::string& inside,
         const std::string& source = "") {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const JailStep& s) {
    return s.kind == kind && s.path == plan.root + inside && (source.empty() || s.source == source);
  });
}

TEST(PlanJail, TakesTheSystemReadOnlyAndTheCopyWritable) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "/tmp/netgrade-1-abc/submission/s.py",
                           "/tmp/netgrade-1-hosts");
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/usr", "/usr"));
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/etc", "/etc"));
  EXPECT_TRUE(Has(plan, JailStep::kBindReadOnly, "/etc/hosts", "/tmp/netgrade-1-hosts"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/tmp"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/dev/shm"));
  EXPECT_TRUE(Has(plan, JailStep::kTmpfs, "/var/tmp"));
  EXPECT_TRUE(Has(plan, JailStep::kBind, "/tmp/netgrade-1-abc/submission",
                  "/tmp/netgrade-1-abc/submission"));
  // Nothing of the grader's tree, nor anyone's home, is taken in.
  for (const JailStep& s : plan.steps) {
    EXPECT_EQ(s.source.rfind(NETGRADE_SOURCE_DIR, 0), std::string::npos) << s.source;
    EXPECT_NE(s.source, "/root");
    EXPECT_NE(s.source, "/home");
  }
}

TEST(PlanJail, NamesTheCasesNameServerWhenTheSystemsResolvConfIsAFile) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "", "/tmp/netgrade-1-hosts",
                           "/tmp/netgrade-1-resolv");
  std::error_code ec;
  bool plain = std::filesystem::symlink_status("/etc/resolv.conf", ec).type() ==
               std::filesystem::file_type::regular;
  // A link (to /run/...) leads nowhere in the jail, where the resolver then asks 127.0.0.1.
  EXPECT_EQ(Has(plan, JailStep::kBindReadOnly, "/etc/resolv.conf", "/tmp/netgrade-1-resolv"),
            plain);
  JailPlan without = PlanJail("/tmp/netgrade-1-abc/submission", "", "/tmp/netgrade-1-hosts");
  EXPECT_FALSE(Has(without, JailStep::kBindReadOnly, "/etc/resolv.conf", ""));
}

TEST(PlanJail, BindsAProgramOutsideTheCopyReadOnlyAtItsPath) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "/srv/course/build/server", "");
  EXPECT_TRUE(
      Has(plan, JailStep::kBindReadOnly, "/srv/course/build/server", "/srv/course/build/server"));
  EXPECT_TRUE(Has(plan, JailStep::kMkdir, "/srv/course/build"));
  EXPECT_FALSE(Has(plan, JailStep::kBindReadOnly, "/srv/course/build", "/srv/course/build"))
      << "only the program, not its folder";
}

using testing_support::InMountNamespace;

// Built for real in a child with a mount namespace of its own: the child reports what its
// root holds, and whether it could write where it must not.
TEST(EnterJail, LeavesOnlyTheSystemAndTheCopy) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  fs::path work = fs::temp_directory_path() / ("netgrade-jail-test-" + std::to_string(::getpid()));
  fs::create_directories(work);
  ASSERT_TRUE(WriteFile(work / "mine.txt", "mine"));
  JailPlan plan = PlanJail(work, "", "");
  std::string got = InMountNamespace([&]() -> std::string {
    if (!EnterJail(plan)) return "the jail could not be built";
    std::string out;
    for (const std::string& name : DirNames("/")) out += name + " ";
    out += "| " + ReadFile(work.string() + "/mine.txt").value_or("?");
    out += ::access(NETGRADE_SOURCE_DIR, F_OK) == 0 ? " | source visible" : " | no source";
    out += WriteFile("/usr/netgrade-jail-test", "x") ? " | usr writable" : " | usr read-only";
    out += WriteFile("/tmp/x", "x") ? " | tmp writable" : " | tmp read-only";
    // /dev holds the devices and takes nothing new (a /dev/tty of a program's own).
    out += WriteFile("/dev/tty", "x") ? " | dev writable" : " | dev read-only";
    out += WriteFile("/dev/null", "x") ? " | null" : " | no null";
    out += WriteFile("/dev/shm/x", "x") ? " | shm" : " | no shm";
    return out;
  });
  EXPECT_NE(got.find("| mine | no source | usr read-only | tmp writable | dev read-only | null | "
                     "shm"),
            std::string::npos)
      << got;
  EXPECT_EQ(got.find("root "), std::string::npos) << got;
  EXPECT_EQ(got.find("home "), std::string::npos) << got;
  EXPECT_FALSE(fs::exists("/usr/netgrade-jail-test"));
  fs::remove_all(work);
}

// A minimal Debian (debootstrap --variant=minbase, a slim image) has no /etc/hosts to bind
// the case's onto: the jail's /etc is then made of the system's entries, with the case's
// hosts file among them, and stays read-only.
TEST(EnterJail, ASystemWithoutEtcHostsGetsTheCasesHostsFile) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  fs::path work = fs::temp_directory_path() / ("netgrade-jail-hosts-" + std::to_string(::getpid()));
  fs::create_directories(work);
  fs::path hosts = work.string() + "-hosts";
  ASSERT_TRUE(WriteFile(hosts, "10.0.0.1 servername\n"));
  std::string got = InMountNamespace([&]() -> std::string {
    // This machine's /etc, as a minimal system has it: no hosts; a file, a folder, a link.
    if (::mount("tmpfs", "/etc", "tmpfs", 0, "size=64k") != 0) return "tmpfs";
    if (!WriteFile("/etc/passwd", "root:x:0:0::/root:/bin/sh\n")) return "passwd";
    fs::create_directories("/etc/ssl/certs");
    fs::create_symlink("../proc/self/mounts", "/etc/mtab");
    JailPlan plan = PlanJail(work, "", hosts);
    int failed = -1;
    if (!BuildJail(plan, &failed)) return "failed at " + DescribeJailStep(plan, failed);
    if (!PivotIntoJail(plan)) return "pivot";
    std::string out = ReadFile("/etc/hosts").value_or("no hosts");
    out += "|" + ReadFile("/etc/passwd").value_or("no passwd");
    out += fs::is_directory("/etc/ssl/certs") ? "|ssl" : "|no ssl";
    out += fs::is_symlink("/etc/mtab") ? "|mtab link" : "|no mtab link";
    out += WriteFile("/etc/new", "x") ? "|etc writable" : "|etc read-only";
    // No netbase either: the textbook pinger's getprotobyname("icmp") finds netgrade's.
    out += ReadFile("/etc/protocols").value_or("").find("\nicmp\t1\tICMP\n") != std::string::npos
               ? "|icmp is 1"
               : "|no icmp";
    return out;
  });
  EXPECT_EQ(got,
            "10.0.0.1 servername\n|root:x:0:0::/root:/bin/sh\n|ssl|mtab link|etc read-only"
            "|icmp is 1");
  fs::remove_all(work);
  fs::remove(hosts);
}

// A slim image with an /etc/hosts but no /etc/protocols, and a case with no hosts file of its
// own: the machine's hosts stays as it is, and the protocols come from netgrade.
TEST(EnterJail, ASystemWithoutEtcProtocolsGetsOneAndKeepsItsOwnHosts) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  fs::path work = fs::temp_directory_path() / ("netgrade-jail-proto-" + std::to_string(::getpid()));
  fs::create_directories(work);
  std::string got = InMountNamespace([&]() -> std::string {
    if (::mount("tmpfs", "/etc", "tmpfs", 0, "size=64k") != 0) return "tmpfs";
    if (!WriteFile("/etc/hosts", "127.0.0.1 localhost\n")) return "hosts";
    JailPlan plan = PlanJail(work, "", "");
    int failed = -1;
    if (!BuildJail(plan, &failed)) return "failed at " + DescribeJailStep(plan, failed);
    if (!PivotIntoJail(plan)) return "pivot";
    std::string out = ReadFile("/etc/hosts").value_or("no hosts");
    std::string protocols = ReadFile("/etc/protocols").value_or("");
    out += protocols.find("\nicmp\t1\tICMP\n") != std::string::npos ? "|icmp is 1" : "|no icmp";
    out += protocols.find("\ntcp\t6\tTCP\n") != std::string::npos ? "|tcp is 6" : "|no tcp";
    out += WriteFile("/etc/new", "x") ? "|etc writable" : "|etc read-only";
    return out;
  });
  EXPECT_EQ(got, "127.0.0.1 localhost\n|icmp is 1|tcp is 6|etc read-only");
  fs::remove_all(work);
}

// netgrade run in a chroot (a build root, a system made with debootstrap): the current root
// is not a mount point, so pivot_root refuses; the jail's root moves over it instead.
TEST(EnterJail, WorksInAChrootWhoseRootIsNoMountPoint) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  fs::path top = fs::temp_directory_path() / ("netgrade-jail-chroot-" + std::to_string(::getpid()));
  fs::create_directories(top / "tmp");
  ASSERT_TRUE(WriteFile(top / "in-the-chroot", "x"));
  std::string got = InMountNamespace([&]() -> std::string {
    for (const char* dir : {"usr", "etc", "dev", "proc"}) {
      fs::create_directories(top / dir);
      std::string target = (top / dir).string();
      if (::mount((std::string("/") + dir).c_str(), target.c_str(), nullptr, MS_BIND | MS_REC,
                  nullptr) != 0)
        return std::string("bind ") + dir;
    }
    for (const char* link : {"bin", "sbin", "lib", "lib32", "lib64", "libx32"}) {
      std::error_code ec;
      fs::path real = fs::path("/") / link;
      if (fs::is_symlink(real, ec)) fs::create_symlink(fs::read_symlink(real, ec), top / link, ec);
    }
    if (::chroot(top.c_str()) != 0 || ::chdir("/") != 0) return "chroot";
    fs::create_directories("/tmp/work");
    fs::create_directories(JailMountPoint());  // made before, outside, by an earlier test
    JailPlan plan = PlanJail("/tmp/work", "", "");
    int failed = -1;
    if (!BuildJail(plan, &failed)) return "failed at " + DescribeJailStep(plan, failed);
    if (!PivotIntoJail(plan)) return "pivot: " + std::string(std::strerror(errno));
    std::string out = fs::exists("/in-the-chroot") ? "chroot visible" : "jail";
    out += fs::is_directory("/tmp/work") ? "|work" : "|no work";
    return out;
  });
  EXPECT_EQ(got, "jail|work");
  fs::remove_all(top);
}

TEST(DescribeJailStep, NamesTheStepAndItsPathInside) {
  JailPlan plan = PlanJail("/tmp/netgrade-1-abc/submission", "", "/tmp/netgrade-1-hosts");
  for (size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == JailStep::kBindReadOnly &&
        plan.steps[i].path == plan.root + "/etc/hosts") {
      EXPECT_EQ(DescribeJailStep(plan, static_cast<int>(i)),
                "binding /tmp/netgrade-1-hosts read-only onto /etc/hosts");
    }
  }
  EXPECT_NE(DescribeJailStep(plan, static_cast<int>(plan.steps.size())).find("pivot_root"),
            std::string::npos);
  EXPECT_EQ(DescribeJailStep(plan, -1), "");
}

}  // namespace
}  // namespace netgrade::sandbox
