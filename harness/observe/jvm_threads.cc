#include "harness/observe/jvm_threads.h"

#include <sys/syscall.h>

#include <filesystem>
#include <optional>
#include <vector>

#include "harness/base/file.h"
#include "harness/observe/blocking_calls.h"

namespace netgrade::observe {

bool JvmHousekeeping(const std::string& task_dir) {
  static constexpr const char* kNames[] = {"GC Thread#",      "G1 Main Marker",  "G1 Conc#",
                                           "G1 Refine#",      "G1 Service",      "VM Thread",
                                           "Reference Handl", "Finalizer",       "Signal Dispatch",
                                           "Service Thread",  "Monitor Deflati", "C2 CompilerThre",
                                           "C1 CompilerThre", "Sweeper thread",  "Notification Th",
                                           "VM Periodic Tas", "Common-Cleaner",  "Attach Listener",
                                           "VM Operation Th", "Shenandoah",      "ZGC",
                                           "Parallel GC",     "Serial GC"};
  std::optional<std::string> comm = ReadFile(task_dir + "/comm", 64);
  if (!comm) return false;
  for (const char* name : kNames)
    if (comm->rfind(name, 0) == 0) return true;
  return false;
}

bool IsJvm(pid_t pid) {
  std::optional<std::string> comm = ReadFile("/proc/" + std::to_string(pid) + "/comm", 64);
  return comm && *comm == "java\n";
}

std::set<std::string> JvmThreadsAside(pid_t pid) {
  std::set<std::string> aside;
  bool program_waits_outside = false;
  std::error_code ec;
  for (const auto& t :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::string dir = t.path().string();
    if (JvmHousekeeping(dir)) {
      if (TaskState(dir + "/stat") == 'S') aside.insert(dir);
      continue;
    }
    if (program_waits_outside || TaskState(dir + "/stat") != 'S') continue;
    std::vector<unsigned long> f = SyscallFieldsOf(pid, dir);
    program_waits_outside = !f.empty() && static_cast<long>(f[0]) != SYS_futex;
  }
  if (!program_waits_outside) aside.clear();
  return aside;
}

}  // namespace netgrade::observe
