// The root a student's program sees: a tmpfs holding only what a program needs, the system's
// /usr and /etc read-only, a few devices, its own copy of the submission, and private /tmp,
// /dev/shm and /var/tmp; the installation of the toolchain it is built or run with, read-only,
// when that lies elsewhere (~/.rustup/toolchains/...). Not the spec, reference/, the tests,
// other submissions, the grader's files, or the rest of anyone's home. Planned before fork()
// (allocation is fine there); carried out in the child with async-signal-safe calls only.
#pragma once

#include <string>
#include <vector>

namespace netgrade::sandbox {

struct JailStep {
  enum Kind { kMkdir, kSymlink, kTouch, kTmpfs, kBind, kBindReadOnly, kRemountReadOnly } kind;
  std::string path;    // inside the new root (already prefixed with it)
  std::string source;  // kSymlink: the target; kBind*: the path outside; kTmpfs: options
};

struct JailPlan {
  std::string root;  // an empty directory of the grader's, where the new root is mounted
  std::string proc;  // root + "/proc", made before fork (no allocation in the child)
  std::vector<JailStep> steps;
};

// The plan for a program working in `workdir` (bound read-write at its own path) and run
// from `program` (bound read-only at its own path when it is outside workdir). `hosts_file`
// is bound over /etc/hosts when not empty, `resolv_conf` over /etc/resolv.conf when not empty
// and the system's is a plain file (a link, to /run, leads nowhere in the jail: the resolver
// then asks 127.0.0.1, as the case's resolv.conf would). Each of `read_only` (a toolchain's
// installation, a folder or a file) is bound read-only at its own path, unless the system's
// folders or the workdir already hold it, it holds the workdir, or it lies in the kernel's
// views (/proc, /sys, /dev).
JailPlan PlanJail(const std::string& workdir, const std::string& program,
                  const std::string& hosts_file, const std::string& resolv_conf = "",
                  const std::vector<std::string>& read_only = {});

// In the child, in a mount namespace of its own: builds the root (under plan.root). False on
// the first step that fails (errno tells why; *failed_step, when given, is its index).
bool BuildJail(const JailPlan& plan, int* failed_step = nullptr);
// Then makes it the root, detaches the old one and makes the new one read-only.
bool PivotIntoJail(const JailPlan& plan);
// Both.
bool EnterJail(const JailPlan& plan);

// In the first process of a new PID namespace, after BuildJail and before PivotIntoJail
// (in a user namespace the kernel lets proc be mounted only while another is visible):
// mounts the jail's /proc, with every process of another user hidden (the grader's
// helpers, which hold its argv, run as root). False on failure (errno tells why).
bool MountProc(const JailPlan& plan);

// Step `index` of the plan in words, with its path inside the jail ("binding /etc/hosts
// read-only onto /etc/hosts"); the index just past the last step is the pivot into it; ""
// for an index out of range.
std::string DescribeJailStep(const JailPlan& plan, int index);

// The empty directory of this grader that new roots are mounted on (created once).
const std::string& JailMountPoint();

}  // namespace netgrade::sandbox
