#include "harness/sandbox/jail.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>

#include "harness/base/error.h"
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

bool Under(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end();
}

}  // namespace

JailPlan PlanJail(const std::string& workdir, const std::string& program,
                  const std::string& hosts_file, const std::string& resolv_conf) {
  JailPlan plan;
  plan.root = JailMountPoint();
  plan.proc = plan.root + "/proc";
  Planner p(&plan);
  p.Add(JailStep::kTmpfs, "", "mode=0755,size=1m");
  for (const char* dir : kSystemDirs) {
    std::error_code ec;
    if (!fs::is_directory(fs::path("/") / dir, ec)) continue;
    p.Add(JailStep::kMkdir, std::string("/") + dir);
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
  if (!hosts_file.empty() && p.Made("/etc"))
    p.Add(JailStep::kBindReadOnly, "/etc/hosts", hosts_file);
  std::error_code ec;
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
  p.Add(JailStep::kMkdir, "/tmp");
  p.Add(JailStep::kTmpfs, "/tmp", "mode=1777,size=64m");
  p.Add(JailStep::kMkdir, "/var");
  p.Add(JailStep::kMkdir, "/var/tmp");
  p.Add(JailStep::kTmpfs, "/var/tmp", "mode=1777,size=16m");
  p.Add(JailStep::kMkdir, "/proc");

  fs::path work = fs::path(workdir).lexically_normal();
  p.MakeParents(work, true);
  p.Add(JailStep::kBind, work.string(), work.string());
  fs::path prog = fs::path(program).lexically_normal();
  bool system = Under(prog, "/usr") || Under(prog, "/etc") || Under(prog, "/opt");
  if (!program.empty() && prog.is_absolute() && !Under(prog, work) && !system) {
    p.MakeParents(prog, false);
    p.Add(JailStep::kTouch, prog.string());
    p.Add(JailStep::kBindReadOnly, prog.string(), prog.string());
  }
  return plan;
}

bool BuildJail(const JailPlan& plan) {
  constexpr unsigned long kReadOnly = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV;
  for (const JailStep& s : plan.steps) {
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
    }
  }
  return true;
}

bool PivotIntoJail(const JailPlan& plan) {
  // pivot_root(".", "."): the old root ends up stacked under the new one, and is detached.
  if (::chdir(plan.root.c_str()) != 0 || ::syscall(SYS_pivot_root, ".", ".") != 0 ||
      ::umount2(".", MNT_DETACH) != 0 || ::chdir("/") != 0)
    return false;
  return ::mount(nullptr, "/", nullptr, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, nullptr) ==
         0;
}

bool EnterJail(const JailPlan& plan) { return BuildJail(plan) && PivotIntoJail(plan); }

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
