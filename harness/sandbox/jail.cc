#include "harness/sandbox/jail.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>

#include "harness/base/error.h"
#include "harness/sandbox/hosts_file.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
namespace {

// What of the system a program may need: read-only. Everything else of the real root (the
// grader's tree, /root, /home, /srv, /var, /run, ...) is simply not there.
constexpr const char* kSystemDirs[] = {"usr", "etc", "opt"};
// Merged-/usr links on Debian 12 ("bin -> usr/bin"); bound like kSystemDirs where they are
// real directories.
constexpr const char* kSystemLinks[] = {"bin", "sbin", "lib", "lib32", "lib64", "libx32"};
constexpr const char* kDevices[] = {"null", "zero", "full", "random", "urandom"};

class Planner {
 public:
  explicit Planner(JailPlan* plan) : plan_(plan) {}

  void Add(JailStep::Kind kind, const std::string& inside, const std::string& source = "") {
    plan_->steps.push_back({kind, plan_->root + inside, source});
    if (kind == JailStep::kMkdir) made_.insert(inside);
  }
  // mkdir -p of `inside`'s components that are not made yet.
  void MakeParents(const fs::path& inside, bool and_itself) {
    fs::path at = "/";
    std::vector<fs::path> parts(inside.begin(), inside.end());
    if (!and_itself && !parts.empty()) parts.pop_back();
    for (const fs::path& part : parts) {
      if (part == "/") continue;
      at /= part;
      if (!made_.count(at.string())) Add(JailStep::kMkdir, at.string());
    }
  }
  bool Made(const std::string& inside) const { return made_.count(inside) > 0; }

 private:
  JailPlan* plan_;
  std::set<std::string> made_;
};

// `dir` as a read-only tmpfs of its own holding each of the real one's entries: links as
// links, folders and files bound read-only (the tmpfs is made read-only with the root).
// `left_out`, a name of the case's own (hosts, which may be a dangling link), is not taken.
void PlanEntries(Planner& p, const std::string& dir, const std::string& left_out) {
  p.Add(JailStep::kTmpfs, dir, "mode=0755,size=64k");
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    std::string path = e.path().string();
    if (e.path().filename() == left_out) continue;
    fs::file_type type = e.symlink_status(ec).type();
    if (type == fs::file_type::symlink) {
      p.Add(JailStep::kSymlink, path, fs::read_symlink(e.path(), ec).string());
    } else if (type == fs::file_type::directory) {
      p.Add(JailStep::kMkdir, path);
      p.Add(JailStep::kBindReadOnly, path, path);
    } else if (type == fs::file_type::regular) {
      p.Add(JailStep::kTouch, path);
      p.Add(JailStep::kBindReadOnly, path, path);
    }
  }
}

bool Under(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end();
}

// Binds each of `read_only` (toolchains' installations) read-only at its own path, but one
// the jail shows already (in the system's folders, the workdir or another of them), one that
// would cover the workdir or a folder of the jail's own (/tmp), and the kernel's views;
// returns those bound.
std::vector<fs::path> PlanReadOnly(Planner& p, const fs::path& work,
                                   const std::vector<std::string>& read_only) {
  // Sorted, a folder comes before what lies in it, which it then shows already.
  std::vector<fs::path> paths;
  for (const std::string& entry : read_only) paths.push_back(fs::path(entry).lexically_normal());
  std::sort(paths.begin(), paths.end());
  std::vector<fs::path> bound;
  for (const fs::path& path : paths) {
    if (!path.is_absolute() || path == path.root_path() || Under(work, path) || Under(path, work))
      continue;
    bool skip = false;
    for (const char* dir : {"/usr", "/etc", "/opt", "/proc", "/sys", "/dev"})
      skip = skip || Under(path, dir);
    // Nor one holding a folder the jail makes its own (/tmp's tmpfs, the system's binds).
    for (const char* own : {"/usr", "/etc", "/opt", "/tmp", "/var/tmp", "/dev", "/proc"})
      skip = skip || Under(own, path);
    for (const fs::path& r : bound) skip = skip || Under(path, r);
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (skip || ec || (!fs::is_directory(status) && !fs::is_regular_file(status))) continue;
    bool folder = fs::is_directory(status);
    p.MakeParents(path, folder);
    if (!folder) p.Add(JailStep::kTouch, path.string());
    p.Add(JailStep::kBindReadOnly, path.string(), path.string());
    bound.push_back(path);
  }
  return bound;
}

}  // namespace

JailPlan PlanJail(const std::string& workdir, const std::string& program,
                  const std::string& hosts_file, const std::string& resolv_conf,
                  const std::vector<std::string>& read_only) {
  JailPlan plan;
  plan.root = JailMountPoint();
  plan.proc = plan.root + "/proc";
  Planner p(&plan);
  p.Add(JailStep::kTmpfs, "", "mode=0755,size=1m");
  std::error_code ec;
  // A bind needs something to land on: where the system has no /etc/hosts (a minimal Debian,
  // a slim container image) the jail's /etc is a tmpfs holding each entry of the real one.
  // So too without /etc/protocols (no netbase there either): getprotobyname("icmp"), the
  // textbook's way to a raw socket, would fail on the machine, not on the program.
  const bool no_hosts = !hosts_file.empty() && !fs::exists("/etc/hosts", ec);
  const bool no_protocols = fs::is_directory("/etc", ec) && !fs::exists("/etc/protocols", ec);
  const bool etc_by_entry = no_hosts || no_protocols;
  for (const char* dir : kSystemDirs) {
    if (!fs::is_directory(fs::path("/") / dir, ec)) continue;
    p.Add(JailStep::kMkdir, std::string("/") + dir);
    if (etc_by_entry && std::string(dir) == "etc")
      PlanEntries(p, "/etc", hosts_file.empty() ? "" : "hosts");
    else
      p.Add(JailStep::kBindReadOnly, std::string("/") + dir, std::string("/") + dir);
  }
  for (const char* name : kSystemLinks) {
    fs::path real = fs::path("/") / name;
    std::error_code ec;
    if (fs::is_symlink(real, ec)) {
      p.Add(JailStep::kSymlink, real.string(), fs::read_symlink(real, ec).string());
    } else if (fs::is_directory(real, ec)) {
      p.Add(JailStep::kMkdir, real.string());
      p.Add(JailStep::kBindReadOnly, real.string(), real.string());
    }
  }
  if (!hosts_file.empty() && p.Made("/etc")) {
    if (etc_by_entry) p.Add(JailStep::kTouch, "/etc/hosts");
    p.Add(JailStep::kBindReadOnly, "/etc/hosts", hosts_file);
  }
  if (no_protocols && p.Made("/etc")) {
    p.Add(JailStep::kTouch, "/etc/protocols");
    p.Add(JailStep::kBindReadOnly, "/etc/protocols", ProtocolsFile());
  }
  if (etc_by_entry && p.Made("/etc")) p.Add(JailStep::kRemountReadOnly, "/etc");
  if (!resolv_conf.empty() && p.Made("/etc") &&
      fs::symlink_status("/etc/resolv.conf", ec).type() == fs::file_type::regular)
    p.Add(JailStep::kBindReadOnly, "/etc/resolv.conf", resolv_conf);

  p.Add(JailStep::kMkdir, "/dev");
  p.Add(JailStep::kTmpfs, "/dev", "mode=0755,size=64k");
  for (const char* dev : kDevices) {
    std::string path = std::string("/dev/") + dev;
    p.Add(JailStep::kTouch, path);
    p.Add(JailStep::kBind, path, path);
  }
  p.Add(JailStep::kSymlink, "/dev/fd", "/proc/self/fd");
  p.Add(JailStep::kSymlink, "/dev/stdin", "/proc/self/fd/0");
  p.Add(JailStep::kSymlink, "/dev/stdout", "/proc/self/fd/1");
  p.Add(JailStep::kSymlink, "/dev/stderr", "/proc/self/fd/2");
  p.Add(JailStep::kMkdir, "/dev/shm");
  p.Add(JailStep::kTmpfs, "/dev/shm", "mode=1777,size=16m");
  // Nothing more in /dev: under a normal user's grader the program runs as that user, who owns
  // this tmpfs, and could otherwise create files there, such as a /dev/tty of its own.
  p.Add(JailStep::kRemountReadOnly, "/dev");
  p.Add(JailStep::kMkdir, "/tmp");
  p.Add(JailStep::kTmpfs, "/tmp", "mode=1777,size=64m");
  p.Add(JailStep::kMkdir, "/var");
  p.Add(JailStep::kMkdir, "/var/tmp");
  p.Add(JailStep::kTmpfs, "/var/tmp", "mode=1777,size=16m");
  p.Add(JailStep::kMkdir, "/proc");

  fs::path work = fs::path(workdir).lexically_normal();
  p.MakeParents(work, true);
  p.Add(JailStep::kBind, work.string(), work.string());
  std::vector<fs::path> shown = PlanReadOnly(p, work, read_only);
  fs::path prog = fs::path(program).lexically_normal();
  bool system = Under(prog, "/usr") || Under(prog, "/etc") || Under(prog, "/opt");
  bool in_shown =
      std::any_of(shown.begin(), shown.end(), [&](const fs::path& r) { return Under(prog, r); });
  if (!program.empty() && prog.is_absolute() && !Under(prog, work) && !system && !in_shown) {
    p.MakeParents(prog, false);
    p.Add(JailStep::kTouch, prog.string());
    p.Add(JailStep::kBindReadOnly, prog.string(), prog.string());
  }
  return plan;
}

bool BuildJail(const JailPlan& plan, int* failed_step) {
  constexpr unsigned long kReadOnly = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV;
  int index = 0;
  for (const JailStep& s : plan.steps) {
    if (failed_step) *failed_step = index++;
    const char* path = s.path.c_str();
    switch (s.kind) {
      case JailStep::kMkdir:
        if (::mkdir(path, 0755) != 0 && errno != EEXIST) return false;
        break;
      case JailStep::kSymlink:
        if (::symlink(s.source.c_str(), path) != 0) return false;
        break;
      case JailStep::kTouch: {
        int fd = ::open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) return false;
        ::close(fd);
        break;
      }
      case JailStep::kTmpfs:
        if (::mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, s.source.c_str()) != 0)
          return false;
        break;
      case JailStep::kBind:
        if (::mount(s.source.c_str(), path, nullptr, MS_BIND | MS_REC, nullptr) != 0) return false;
        break;
      case JailStep::kBindReadOnly:
        if (::mount(s.source.c_str(), path, nullptr, MS_BIND | MS_REC, nullptr) != 0 ||
            ::mount(nullptr, path, nullptr, kReadOnly, nullptr) != 0)
          return false;
        break;
      case JailStep::kRemountReadOnly:
        if (::mount(nullptr, path, nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
                    nullptr) != 0)
          return false;
        break;
    }
  }
  return true;
}

bool PivotIntoJail(const JailPlan& plan) {
  if (::chdir(plan.root.c_str()) != 0) return false;
  // pivot_root(".", "."): the old root ends up stacked under the new one, and is detached.
  if (::syscall(SYS_pivot_root, ".", ".") == 0) {
    if (::umount2(".", MNT_DETACH) != 0) return false;
  } else if (errno == EINVAL) {
    // The current root is not a mount point: netgrade runs in a chroot (a build root, a
    // minimal system made with debootstrap). The new root moves over the old one instead.
    if (::mount(".", "/", nullptr, MS_MOVE, nullptr) != 0 || ::chroot(".") != 0) return false;
  } else {
    return false;
  }
  if (::chdir("/") != 0) return false;
  return ::mount(nullptr, "/", nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) ==
         0;
}

bool EnterJail(const JailPlan& plan) { return BuildJail(plan) && PivotIntoJail(plan); }

std::string DescribeJailStep(const JailPlan& plan, int index) {
  if (static_cast<size_t>(index) == plan.steps.size())
    return "making " + plan.root + " the program's root (pivot_root, or chroot in a chroot)";
  if (index < 0 || static_cast<size_t>(index) > plan.steps.size()) return "";
  const JailStep& s = plan.steps[static_cast<size_t>(index)];
  // The path inside the new root ("/" for the root itself).
  std::string inside =
      s.path.size() > plan.root.size() ? s.path.substr(plan.root.size()) : std::string("/");
  switch (s.kind) {
    case JailStep::kMkdir:
      return "making the folder " + inside;
    case JailStep::kSymlink:
      return "making the link " + inside + " -> " + s.source;
    case JailStep::kTouch:
      return "making the file " + inside + " to bind onto";
    case JailStep::kTmpfs:
      return "mounting a tmpfs on " + inside;
    case JailStep::kBind:
      return "binding " + s.source + " onto " + inside;
    case JailStep::kBindReadOnly:
      return "binding " + s.source + " read-only onto " + inside;
    case JailStep::kRemountReadOnly:
      return "making " + inside + " read-only";
  }
  return "";
}

bool MountProc(const JailPlan& plan) {
  return ::mount("proc", plan.proc.c_str(), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "hidepid=2") == 0;
}

const std::string& JailMountPoint() {
  static std::string dir;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string path = TempTemplate("root-");
    if (::mkdtemp(path.data()) == nullptr) throw SystemError("mkdtemp " + path, errno);
    dir = path;
    std::atexit([] { ::rmdir(dir.c_str()); });
  });
  return dir;
}

}  // namespace netgrade::sandbox
