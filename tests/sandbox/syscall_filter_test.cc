#include "harness/sandbox/syscall_filter.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <mqueue.h>
#include <sched.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <thread>

namespace netgrade::sandbox {
namespace {

// What a call returned in a child under the filter: "ok", or the errno's name-free number.
std::string InFilteredChild(long (*call)(), UnixSockets unix_sockets = UnixSockets::kOwnRoot,
                            bool packet_sockets = false) {
  int report[2];
  if (::pipe(report) != 0) return "pipe";
  pid_t child = ::fork();
  if (child == 0) {
    ::close(report[0]);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        InstallSyscallFilter(StudentSyscallFilter(unix_sockets, packet_sockets)) < 0)
      ::_exit(2);
    long rc = call();
    std::string out = rc >= 0 ? "ok" : "errno " + std::to_string(errno);
    ssize_t ignored = ::write(report[1], out.data(), out.size());
    (void)ignored;
    ::_exit(0);
  }
  ::close(report[1]);
  std::string got;
  char buf[64];
  for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) got.append(buf, n);
  ::close(report[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? got : "child " + std::to_string(status);
}

TEST(SyscallFilter, RefusesKeysUserNamespacesAndTheKernelsWidestCalls) {
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_add_key, "user", "k", "v", 1, -3); }),
            "errno " + std::to_string(EPERM));
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_keyctl, 0, -3, 0, 0, 0); }),
            "errno " + std::to_string(EPERM));
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::unshare(CLONE_NEWUSER)); }),
            "errno " + std::to_string(EPERM));
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_io_uring_setup, 4, nullptr); }),
            "errno " + std::to_string(ENOSYS));
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_bpf, 0, nullptr, 0); }),
            "errno " + std::to_string(EPERM));
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_userfaultfd, 0); }),
            "errno " + std::to_string(EPERM));
  EXPECT_EQ(InFilteredChild([] { return ::syscall(SYS_ptrace, 0, 0, 0, 0); }),
            "errno " + std::to_string(EPERM));
}

// IPC objects outlive every process of a case: none can be made, nor an existing one (the
// operator's, another case's) reached.
TEST(SyscallFilter, RefusesSystemVIpcAndPosixMessageQueues) {
  const std::string refused = "errno " + std::to_string(EPERM);
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::shmget(IPC_PRIVATE, 1 << 20, 0600)); }),
            refused);
  EXPECT_EQ(InFilteredChild([] { return reinterpret_cast<long>(::shmat(0, nullptr, 0)); }),
            refused);
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::msgget(IPC_PRIVATE, 0600)); }),
            refused);
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::semget(IPC_PRIVATE, 1, 0600)); }),
            refused);
  EXPECT_EQ(
      InFilteredChild([] {
        return static_cast<long>(::mq_open("/netgrade-test", O_CREAT | O_RDWR, 0600, nullptr));
      }),
      refused);
}

// Root in a mount namespace of its own (what a program mapped to root in its jail's user
// namespace would be): the jail's mounts stay as they are.
TEST(SyscallFilter, RefusesMountsEvenInAMountNamespaceOfItsOwn) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root for a mount namespace";
  // In a mount namespace of its own: were the filter to let it through, only that
  // namespace's propagation would change.
  EXPECT_EQ(
      InFilteredChild([] {
        if (::unshare(CLONE_NEWNS) != 0) return 0L;  // "ok": the test fails, not the host
        return static_cast<long>(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr));
      }),
      "errno " + std::to_string(EPERM));
  // A path that is no mount point: let through, umount2 would fail with EINVAL or ENOENT.
  EXPECT_EQ(InFilteredChild(
                [] { return static_cast<long>(::umount2("/netgrade-no-such-mount", MNT_DETACH)); }),
            "errno " + std::to_string(EPERM));
}

// What a socket program does is untouched: processes, threads (libc falls back from clone3
// to clone), sockets.
TEST(SyscallFilter, LeavesForksThreadsAndSocketsAlone) {
  EXPECT_EQ(InFilteredChild([] {
              pid_t pid = ::fork();
              if (pid == 0) ::_exit(0);
              int status = 0;
              return pid > 0 && ::waitpid(pid, &status, 0) == pid ? 0L : -1L;
            }),
            "ok");
  EXPECT_EQ(InFilteredChild([] {
              int ran = 0;
              std::thread t([&] { ran = 1; });
              t.join();
              return ran == 1 ? 0L : -1L;
            }),
            "ok");
  EXPECT_EQ(InFilteredChild([] {
              int fd = ::socket(AF_INET, SOCK_STREAM, 0);
              if (fd >= 0) ::close(fd);
              return static_cast<long>(fd);
            }),
            "ok");
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::unshare(CLONE_FILES)); }), "ok");
}

// Without a jail and without the guard (the filter for a case with no root of its own, where
// the grader cannot make its connects) no Unix socket can be made, so none of the machine's is
// reached; a pair of the program's own still works, and TCP and UDP sockets are untouched. In
// a jail its own Unix sockets work.
TEST(SyscallFilter, WithoutAJailOrGuardRefusesUnixSocketsButNotSocketpairs) {
  const UnixSockets without_jail = UnixSockets::kRefused;
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(AF_UNIX, SOCK_STREAM, 0)); },
                            without_jail),
            "errno " + std::to_string(EACCES));
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(AF_UNIX, SOCK_DGRAM, 0)); },
                            without_jail),
            "errno " + std::to_string(EACCES));
  EXPECT_EQ(InFilteredChild(
                [] {
                  int pair[2];
                  return static_cast<long>(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
                },
                without_jail),
            "ok");
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(AF_INET, SOCK_STREAM, 0)); },
                            without_jail),
            "ok");
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(AF_UNIX, SOCK_STREAM, 0)); }),
            "ok");
  const auto& refused = RefusedSyscalls(UnixSockets::kRefused);
  EXPECT_NE(std::find(refused.begin(), refused.end(), "socket(AF_UNIX)"), refused.end());
  EXPECT_EQ(std::find(RefusedSyscalls().begin(), RefusedSyscalls().end(), "socket(AF_UNIX)"),
            RefusedSyscalls().end());
}

// Guarded (connect_guard.h), a program makes Unix stream sockets and pairs of every type but
// a datagram socket, which would reach a named socket by sendto() alone; SOCK_RAW is one too.
TEST(SyscallFilter, GuardedRefusesOnlyUnixDatagramSockets) {
  const UnixSockets guarded = UnixSockets::kGuarded;
  const std::string refused = "errno " + std::to_string(EACCES);
  EXPECT_EQ(
      InFilteredChild([] { return static_cast<long>(::socket(AF_UNIX, SOCK_STREAM, 0)); }, guarded),
      "ok");
  EXPECT_EQ(
      InFilteredChild(
          [] { return static_cast<long>(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)); },
          guarded),
      "ok");
  EXPECT_EQ(InFilteredChild(
                [] { return static_cast<long>(::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0)); },
                guarded),
            refused);
  EXPECT_EQ(
      InFilteredChild([] { return static_cast<long>(::socket(AF_UNIX, SOCK_RAW, 0)); }, guarded),
      refused);
  EXPECT_EQ(InFilteredChild(
                [] {
                  int pair[2];
                  return static_cast<long>(::socketpair(AF_UNIX, SOCK_DGRAM, 0, pair));
                },
                guarded),
            refused);
  EXPECT_EQ(
      InFilteredChild(
          [] {
            int pair[2];
            return static_cast<long>(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair));
          },
          guarded),
      "ok");
  EXPECT_EQ(
      InFilteredChild([] { return static_cast<long>(::socket(AF_INET, SOCK_DGRAM, 0)); }, guarded),
      "ok");
  EXPECT_TRUE(StudentSyscallFilter(guarded).notifies);
  EXPECT_FALSE(StudentSyscallFilter(UnixSockets::kRefused).notifies);
  const auto& listed = RefusedSyscalls(guarded);
  EXPECT_NE(std::find(listed.begin(), listed.end(), "socket(AF_UNIX, SOCK_DGRAM)"), listed.end());
  EXPECT_EQ(std::find(listed.begin(), listed.end(), "socket(AF_UNIX)"), listed.end());
}

// What a call returns here without any filter: whether the kernel would have let it through.
std::string Unfiltered(long (*call)()) {
  long rc = call();
  return rc >= 0 ? "ok" : "errno " + std::to_string(errno);
}

long Vsock() { return ::socket(AF_VSOCK, SOCK_STREAM, 0); }
long Alg() { return ::socket(AF_ALG, SOCK_SEQPACKET, 0); }
// The family through the raw call with the register's high 32 bits set: the kernel reads an
// int, so this is AF_VSOCK to it, and a 64-bit comparison in the filter would not see it.
long VsockHighBits() { return ::syscall(SYS_socket, (1L << 32) | AF_VSOCK, SOCK_STREAM, 0); }

// Socket families are an allowlist: AF_VSOCK (a channel to the hypervisor from inside any
// network namespace) and every other family netgrade does not offer fail as on a kernel
// without them, for socket() and socketpair(), in every mode, whatever the register's high
// bits say.
TEST(SyscallFilter, RefusesEverySocketFamilyItDoesNotOffer) {
  const std::string missing = "errno " + std::to_string(EAFNOSUPPORT);
  // Where the kernel has them (this machine: a vsock device, CID 3), they work unfiltered.
  std::string bare_vsock = Unfiltered(Vsock);
  std::string bare_high = Unfiltered(VsockHighBits);
  EXPECT_EQ(bare_vsock, bare_high) << "the kernel reads socket()'s family as an int";
  for (UnixSockets u : {UnixSockets::kOwnRoot, UnixSockets::kGuarded, UnixSockets::kRefused}) {
    EXPECT_EQ(InFilteredChild(Vsock, u), missing) << "unfiltered: " << bare_vsock;
    EXPECT_EQ(InFilteredChild(VsockHighBits, u), missing) << "unfiltered: " << bare_high;
    EXPECT_EQ(InFilteredChild(Alg, u), missing);
    EXPECT_EQ(InFilteredChild(Vsock, u, /*packet_sockets=*/true), missing);
  }
  for (int family : {AF_TIPC, AF_RDS, AF_CAN, AF_BLUETOOTH, AF_KEY, AF_XDP, AF_PPPOX, AF_PACKET,
                     AF_APPLETALK, AF_X25, AF_LLC, AF_IB, AF_MPLS, AF_SMC, AF_QIPCRTR, AF_MCTP}) {
    // One child for all: a function pointer cannot carry the family.
    static int tried;
    tried = family;
    EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(tried, SOCK_DGRAM, 0)); }),
              missing)
        << "family " << family;
    EXPECT_EQ(InFilteredChild([] {
                int pair[2];
                return static_cast<long>(::socketpair(tried, SOCK_STREAM, 0, pair));
              }),
              missing)
        << "socketpair, family " << family;
  }
  EXPECT_EQ(InFilteredChild([] {
              int pair[2];
              return ::syscall(SYS_socketpair, (1L << 32) | AF_VSOCK, SOCK_STREAM, 0, pair);
            }),
            missing);
}

// What runtimes need stays: TCP and UDP over IPv4 and IPv6, and netlink's routing protocol,
// with which libc, Go, Java and libuv list the program's own interfaces; netlink's other
// protocols (uevents, sock diag) are refused as a missing protocol.
TEST(SyscallFilter, OffersInetAndNetlinkRouteAlone) {
  EXPECT_EQ(InFilteredChild([] { return static_cast<long>(::socket(AF_INET6, SOCK_DGRAM, 0)); }),
            "ok");
  EXPECT_EQ(
      InFilteredChild([] {
        return static_cast<long>(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
      }),
      "ok");
  const std::string no_protocol = "errno " + std::to_string(EPROTONOSUPPORT);
  EXPECT_EQ(Unfiltered([] {
              return static_cast<long>(::socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT));
            }),
            "ok")
      << "uevents work unfiltered";
  EXPECT_EQ(InFilteredChild([] {
              return static_cast<long>(::socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT));
            }),
            no_protocol);
  EXPECT_EQ(InFilteredChild([] {
              return ::syscall(SYS_socket, AF_NETLINK, SOCK_RAW, (1L << 32) | NETLINK_SOCK_DIAG);
            }),
            no_protocol);
}

// AF_PACKET is offered only where a lab gives raw rights (the ICMP labs, in the case's own
// network): there the kernel decides (root here: made).
TEST(SyscallFilter, OffersPacketSocketsOnlyWhereTheLabGivesRawRights) {
  auto packet = [] { return static_cast<long>(::socket(AF_PACKET, SOCK_RAW, 0)); };
  EXPECT_EQ(InFilteredChild(packet), "errno " + std::to_string(EAFNOSUPPORT));
  EXPECT_NE(InFilteredChild(packet, UnixSockets::kOwnRoot, /*packet_sockets=*/true),
            "errno " + std::to_string(EAFNOSUPPORT));
  if (::geteuid() == 0) {
    EXPECT_EQ(InFilteredChild(packet, UnixSockets::kOwnRoot, /*packet_sockets=*/true), "ok");
  }
  std::vector<std::string> with = OfferedSocketFamilies(UnixSockets::kOwnRoot, true);
  std::vector<std::string> without = OfferedSocketFamilies(UnixSockets::kGuarded, false);
  EXPECT_NE(std::find(with.begin(), with.end(), "AF_PACKET (in the case's network)"), with.end());
  for (const std::string& f : without) EXPECT_EQ(f.find("AF_PACKET"), std::string::npos) << f;
  EXPECT_EQ(without.front(), "AF_INET");
}

// The words a student reads name every refused call or its group (io_uring's three, the mount
// API's, clone's and unshare's user namespaces); clone3 is left out: libc falls back from its
// ENOSYS and no program sees it.
TEST(SyscallFilter, TheWordsForStudentsNameEveryRefusedCall) {
  std::string words = RefusedSyscallsInWords();
  std::vector<std::string> calls = RefusedSyscalls(UnixSockets::kRefused);
  for (const std::string& call : RefusedSyscalls(UnixSockets::kGuarded)) calls.push_back(call);
  for (const std::string& call : calls) {
    if (call == "clone3") continue;
    std::string named = call;
    if (call == "socket(any family not offered)") named = "sockets of any family but";
    if (call.rfind("io_uring", 0) == 0) named = "io_uring";
    if (call.find("CLONE_NEWUSER") != std::string::npos) named = "user namespaces";
    for (const char* mount_api : {"mount", "umount2", "pivot_root", "open_tree", "move_mount",
                                  "fsopen", "fsmount", "fsconfig", "fspick", "mount_setattr"})
      if (call == mount_api) named = "mount calls";
    for (const char* ipc : {"shm", "msg", "sem", "ipc"})
      if (call.rfind(ipc, 0) == 0) named = "System V IPC";
    EXPECT_NE(words.find(named), std::string::npos) << call << " is not in: " << words;
  }
}

}  // namespace
}  // namespace netgrade::sandbox
