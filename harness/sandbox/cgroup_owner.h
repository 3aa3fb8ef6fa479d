// Whose a case cgroup is. The cgroup tree is the machine's, shared by graders in different
// PID namespaces (containers on one host with cgroup v1, a grader run inside another's
// sandbox), where one pid names different processes: a group's name says which grader made
// it by its pid and its PID namespace, and only a grader of the same namespace may judge that
// the owner is gone. (Judged by pid alone, a grader on the host took a container's live
// graders for dead ones and killed every program they were grading.)
#pragma once

#include <sys/types.h>

#include <string>

namespace netgrade::sandbox {

// "netgrade-<pid>-ns<inode of this process's PID namespace>-<what>".
std::string CgroupName(const std::string& what);
// Whether `name` is a group of a grader that has ended: one of this PID namespace whose pid
// is gone, or one named as before namespaces were in names ("netgrade-<pid>-<what>") whose pid
// is gone. A group of another namespace is never taken for stale: its own graders clean it.
bool OwnerIsGone(const std::string& name);

}  // namespace netgrade::sandbox
