#include "harness/run/contain.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

#include "harness/sandbox/connect_guard.h"
#include "harness/sandbox/work_copy.h"

namespace netgrade::run {

namespace fs = std::filesystem;

std::unique_ptr<sandbox::CaseCgroup> ContainStudentCode(const RunOptions& options,
                                                        sandbox::CaseNetwork& network,
                                                        sandbox::SpawnOptions* so) {
  std::unique_ptr<sandbox::CaseCgroup> cgroup;
  if (options.isolate) {
    std::string why;
    // RLIMIT_DATA gives a clean MemoryError first; the cgroup is the backstop (at its own limit,
    // without swap, the kernel reclaims in vain before it kills).
    cgroup = sandbox::CaseCgroup::Create(options.limits.processes,
                                         options.limits.memory_bytes + (int64_t{512} << 20), &why);
    so->cgroup = cgroup.get();
  }
  if (::geteuid() == 0) {
    so->uid = options.student_uid;
    so->gid = options.student_gid;
  }
  if (network.isolated()) {
    so->hosts_file = network.HostsFile();
    so->host_name = network.student_name();
    so->resolv_conf = network.ResolvConf();
    so->contain = true;
  } else if (options.isolate) {
    // No root of its own: Landlock keeps it to the system, its copy and its temporary folder.
    so->confine_files = true;
    // The names a case defines (the textbook's 'servername') resolve all the same, where the
    // connect guard can answer the program's reads of /etc/hosts.
    if (sandbox::ConnectGuardAvailable()) so->answer_hosts = network.SharedHostsFile();
    std::error_code ec;
    fs::path tmp = sandbox::TempBeside(so->cwd);
    if (!so->cwd.empty() && fs::is_directory(tmp, ec)) {
      so->own_tmp = tmp.string();
      so->env.push_back("TMPDIR=" + so->own_tmp);
    }
  }
  return cgroup;
}

int CpuLimitSeconds(const spec::Case& test, int timeout_ms, double multiplier) {
  double ms = test.cpu_limit_ms > 0 ? test.cpu_limit_ms * multiplier
                                    : timeout_ms * (1.0 + kMostLoadExtensions) + 1000;
  return std::max(1, static_cast<int>(std::ceil(ms / 1000.0)));
}

}  // namespace netgrade::run
