// The cgroup file systems as files: the hierarchies the mount table shows, a group's
// interface files read and written, its processes and the groups below it, and a v2 group
// killed. What sandbox/cgroup_place.cc and sandbox/cgroup.cc both build on.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace netgrade::sandbox::cgroup_fs {

// A cgroup file system mounted here: where, and which cgroup is at its top.
struct CgroupMount {
  std::string root;   // "/" unless a subtree is mounted
  std::string point;  // "/sys/fs/cgroup", "/sys/fs/cgroup/unified", ...
  bool v2 = false;
};
// Every cgroup and cgroup2 mount of this process's mount table.
std::vector<CgroupMount> CgroupMounts();
// Whether `path` is `dir` or below it ("/" holds every absolute path).
bool Under(const std::string& path, const std::string& dir);
// The cgroup a directory of a mounted hierarchy is, as /proc/<pid>/cgroup names it (`dir`
// itself when no hierarchy holds it).
std::string CgroupPathOf(const std::string& dir);

// A file's text; "" when it cannot be read.
std::string ReadCgroupFile(const std::string& path);
// Writes a cgroup interface file (never creating it); 0 or the errno of the failure.
int WriteCgroupFile(const std::string& path, const std::string& text);
// The words of a file such as cgroup.controllers.
std::set<std::string> Words(const std::string& text);
// The value of `key` in "key value" lines (cgroup.events, memory.events); 0 when absent.
int64_t Counter(const std::string& text, const std::string& key);
// The pids a cgroup.procs file lists.
std::vector<pid_t> ReadPids(const std::string& procs_file);
// A v2 group and the groups below it (a program running as the grader's user may make
// some), deepest first.
std::vector<std::string> Subtree(const std::string& dir);
// SIGKILL to everything in a v2 group: cgroup.kill (Linux 5.14; true), else pid by pid.
bool KillV2(const std::string& dir);

}  // namespace netgrade::sandbox::cgroup_fs
