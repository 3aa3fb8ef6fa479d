#include "harness/sandbox/landlock.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace netgrade::sandbox {
namespace {

// The kernel's ABI (include/uapi/linux/landlock.h), spelled out here: the headers of Debian 12
// stop at ABI 1.
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

constexpr uint64_t kExecute = 1ull << 0;
constexpr uint64_t kWriteFile = 1ull << 1;
constexpr uint64_t kReadFile = 1ull << 2;
constexpr uint64_t kReadDir = 1ull << 3;
constexpr uint64_t kAbi1 = (1ull << 13) - 1;        // execute .. make_sym
constexpr uint64_t kRefer = 1ull << 13;             // ABI 2
constexpr uint64_t kTruncate = 1ull << 14;          // ABI 3
constexpr uint64_t kIoctlDev = 1ull << 15;          // ABI 5
constexpr uint64_t kScopeAbstractUnix = 1ull << 0;  // ABI 6
constexpr uint64_t kScopeSignal = 1ull << 1;        // ABI 6
constexpr uint32_t kCreateRulesetVersion = 1u << 0;
constexpr int kRulePathBeneath = 1;

struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

struct __attribute__((packed)) PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
};

uint64_t HandledFs(int abi) {
  uint64_t fs = kAbi1;
  if (abi >= 2) fs |= kRefer;
  if (abi >= 3) fs |= kTruncate;
  if (abi >= 5) fs |= kIoctlDev;
  return fs;
}

// Rights a rule on a file (not a folder) may grant.
uint64_t FileRights(uint64_t handled) {
  return handled & (kExecute | kWriteFile | kReadFile | kTruncate | kIoctlDev);
}

// The system's folders every runtime reads: interpreters, libraries, certificates, zone data.
// Missing ones are skipped; links (/bin -> usr/bin) are followed to their folder.
const char* const kSystem[] = {"/usr",   "/bin",    "/sbin", "/lib", "/lib32",
                               "/lib64", "/libx32", "/etc",  "/opt", "/run/systemd/resolve"};
// Read only, never run: the program's own view of itself (/proc/self) and of the machine.
const char* const kKernelViews[] = {"/proc", "/sys"};
// The devices a program opens by name (reading, writing, `> /dev/null`).
const char* const kDevices[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random",
                                "/dev/urandom"};

// Adds a rule for `path` granting `rights` (those a file may take when it is not a folder).
// A path that does not exist is skipped; any other failure is the grader's.
bool AddRule(int ruleset, const std::string& path, uint64_t rights, uint64_t handled,
             std::string* why) {
  Fd fd(::open(path.c_str(), O_PATH | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT || errno == ENOTDIR) return true;
    *why = fmt::format("opening {} for its rule: {}", path, std::strerror(errno));
    return false;
  }
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) {
    *why = fmt::format("looking at {}: {}", path, std::strerror(errno));
    return false;
  }
  rights &= handled;
  if (!S_ISDIR(st.st_mode)) rights = FileRights(rights);
  PathBeneathAttr rule{rights, fd.get()};
  if (::syscall(__NR_landlock_add_rule, ruleset, kRulePathBeneath, &rule, 0) != 0) {
    *why = fmt::format("adding the rule for {}: {}", path, std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

LandlockPaths StudentPaths(const std::string& cwd, const std::string& tmp,
                           const std::vector<std::string>& argv, const std::string& exe,
                           const std::vector<std::string>& read_only) {
  LandlockPaths p;
  for (const std::string& dir : {cwd, tmp})
    if (!dir.empty()) p.own.push_back(dir);
  auto inside = [&](const std::string& file) {
    for (const std::string& dir : p.own)
      if (file.compare(0, dir.size() + 1, dir + "/") == 0) return true;
    return false;
  };
  std::vector<std::string> files = {exe};
  files.insert(files.end(), argv.begin(), argv.end());
  struct stat st{};
  for (const std::string& f : files)
    if (!f.empty() && f[0] == '/' && !inside(f) && ::stat(f.c_str(), &st) == 0 &&
        S_ISREG(st.st_mode) &&
        std::find(p.readable.begin(), p.readable.end(), f) == p.readable.end())
      p.readable.push_back(f);
  // A toolchain's installation: read and run, never written (AddRule skips one that is gone).
  for (const std::string& r : read_only)
    if (!r.empty() && r[0] == '/' && !inside(r) &&
        std::find(p.readable.begin(), p.readable.end(), r) == p.readable.end())
      p.readable.push_back(r);
  return p;
}

int LandlockAbi() {
  static const int abi = [] {
    long v = ::syscall(__NR_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
    return v < 0 ? 0 : static_cast<int>(v);
  }();
  return abi;
}

Fd MakeStudentRuleset(const LandlockPaths& paths, std::string* why) {
  const int abi = LandlockAbi();
  if (abi < 1) {
    *why = "this kernel has no Landlock (Linux 5.13 or later, enabled at boot)";
    return Fd();
  }
  const uint64_t handled = HandledFs(abi);
  RulesetAttr attr{handled, 0, abi >= 6 ? kScopeAbstractUnix | kScopeSignal : 0};
  // Before ABI 6 the kernel knows only the first field.
  size_t size = abi >= 6 ? sizeof attr : sizeof attr.handled_access_fs;
  Fd ruleset(static_cast<int>(::syscall(__NR_landlock_create_ruleset, &attr, size, 0)));
  if (!ruleset) {
    *why = fmt::format("creating a Landlock ruleset: {}", std::strerror(errno));
    return Fd();
  }
  for (const char* dir : kSystem)
    if (!AddRule(ruleset.get(), dir, kExecute | kReadFile | kReadDir, handled, why)) return Fd();
  for (const char* dir : kKernelViews)
    if (!AddRule(ruleset.get(), dir, kReadFile | kReadDir, handled, why)) return Fd();
  for (const char* dev : kDevices)
    if (!AddRule(ruleset.get(), dev, kReadFile | kWriteFile | kTruncate | kIoctlDev, handled, why))
      return Fd();
  for (const std::string& file : paths.readable)
    if (!AddRule(ruleset.get(), file, kExecute | kReadFile | kReadDir, handled, why)) return Fd();
  for (const std::string& dir : paths.own)
    if (!AddRule(ruleset.get(), dir, handled, handled, why)) return Fd();
  return ruleset;
}

bool RestrictSelf(int ruleset) { return ::syscall(__NR_landlock_restrict_self, ruleset, 0) == 0; }

std::string LandlockShortfall(int abi) {
  if (abi >= 6) return "";
  return fmt::format(
      "Landlock ABI {} (before 6, Linux 6.12): the programs can still signal the grader and "
      "other processes of their own user",
      abi);
}

}  // namespace netgrade::sandbox
