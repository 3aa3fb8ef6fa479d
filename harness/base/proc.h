// Reading /proc, in one place: the processes below a process, a process's state and parent
// (its stat file), and the kernel's socket tables (/proc/.../net/tcp, udp, tcp6, udp6).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netgrade {

// Every live descendant of root (children, grandchildren, ...), root included when alive.
std::vector<pid_t> DescendantsOf(pid_t root);
// The children of pid (of each of its threads), each thread's in the order they were forked.
std::vector<pid_t> ChildrenOf(pid_t pid);

// The value of `key` ("Uid:", "Threads:", "Tgid:", "CapEff:") in a /proc/<pid>/status file's
// text, its leading blanks dropped; "" when the file has no such line.
std::string ProcStatusField(const std::string& status, const std::string& key);

// The tasks (threads) of every process whose real user is `uid`, as a /proc mounted at `proc`
// shows them: what the kernel's RLIMIT_NPROC counts for that user. Status files that cannot
// be read (a process gone) count nothing.
int TasksOfUser(uid_t uid, const std::string& proc = "/proc");

// The fields of a /proc/<pid>/stat (or task/<tid>/stat) file that the grader reads.
struct ProcStat {
  char state = '?';  // R, S, D, Z, T, ...
  pid_t ppid = -1;
};
// Parses the file's text; the command name in parentheses may hold anything, ')' included.
std::optional<ProcStat> ParseProcStat(const std::string& text);
std::optional<ProcStat> ReadProcStat(const std::string& stat_path);

// A thread's /proc/.../schedstat: its time on a CPU, and its time runnable but not running
// (the run delay: how long the machine's load made it wait for a CPU), in nanoseconds.
struct SchedStat {
  int64_t on_cpu_ns = 0;
  int64_t waiting_ns = 0;
};
// Parses the file's text; nullopt when malformed.
std::optional<SchedStat> ParseSchedStat(const std::string& schedstat_text);
// Every thread of `pids`, each read once (a process gone has none). /proc/<pid>/schedstat is
// the first thread's alone, and a program's work is often on another: a Go program's loop, a
// JVM's main thread.
std::vector<SchedStat> ThreadSchedStats(const std::vector<pid_t>& pids);

// How long a process's first thread has waited for a CPU. A case's deadline grows by it, so
// that a loaded machine does not turn a slow program into a timed-out one. nullopt when
// malformed or unreadable.
std::optional<int64_t> ParseRunDelayNs(const std::string& schedstat_text);
std::optional<int64_t> ReadRunDelayNs(pid_t pid);
// The calling thread's own (/proc/thread-self/schedstat): one event loop's, not its process's
// other threads'.
std::optional<int64_t> ThisThreadRunDelayNs();
// The longest wait of any thread of `pids` (a process gone counts 0): what a program of
// several processes or threads is owed.
int64_t LongestRunDelayNs(const std::vector<pid_t>& pids);

// Whether packets wait in the kernel's per-CPU receive backlogs (/proc/net/softnet_stat,
// its 12th column: the input and process queues' lengths). Loopback hands what a program sends
// to the backlog, and a softirq delivers it to the receiving socket: within the sender's call
// on an idle machine, later (in ksoftirqd) on a loaded one, and meanwhile it is in neither
// socket's queue. False when every CPU's backlog is empty; true when one is not, or when it
// cannot be told (an older kernel's file: fewer columns). Parses the file's text.
bool PacketsInBacklog(const std::string& softnet_stat_text);
bool PacketsInBacklog();

// One row of a /proc/.../net/{tcp,tcp6,udp,udp6} table.
struct ProcNetRow {
  bool ipv6 = false;
  std::string local_address;  // "127.0.0.1", "::", ...
  uint16_t local_port = 0;
  std::string remote_address;
  uint16_t remote_port = 0;
  int state = 0;  // the kernel's TCP state number: 0x0A LISTEN, 0x01 ESTABLISHED, ...
  long tx_queue = 0;
  long rx_queue = 0;
  uid_t uid = 0;       // the socket's owner: the user that created it
  uint64_t inode = 0;  // 0: no process holds it any more (TIME_WAIT, an orphan)
  // The UDP tables' `drops`: datagrams the kernel dropped at this socket, its receive buffer
  // full (0 in the TCP tables, which have no such column).
  uint64_t drops = 0;
};
// The rows of a table's text; `ipv6` for the tables ending in 6. Malformed rows are skipped.
std::vector<ProcNetRow> ParseProcNet(const std::string& text, bool ipv6);
// Reads and parses the table at `path` (ipv6 when it ends in "6"); empty when unreadable.
std::vector<ProcNetRow> ReadProcNet(const std::string& path);

}  // namespace netgrade
