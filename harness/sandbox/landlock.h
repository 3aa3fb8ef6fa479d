// A filesystem of its own for a program that gets no root of its own (no mount namespace: a
// default container, a user without user namespaces). Landlock, the kernel's unprivileged
// filesystem sandbox (5.13+), lets it read and run the system's folders (/usr, /etc, ...,
// /proc and /sys read-only), write only in its copy and its temporary folder, and reach
// nothing else: not the grader's files, the spec, reference/, other submissions or the output
// folder. From ABI 6 (Linux 6.12) it also cannot signal a process outside its case (the
// grader, another case's programs of the same uid) nor reach an abstract Unix socket outside.
//
// Written with the three system calls rather than a library: Debian packages none, the
// calls are three, and the rules are made before fork so that the child only calls
// prctl-like functions (async-signal-safe).
#pragma once

#include <string>
#include <vector>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

// The Landlock ABI this kernel offers: 0 when none (too old, or disabled at boot).
int LandlockAbi();

// What a ruleset grants beyond the system's folders: `own` (read, write, make, remove
// everything beneath each) and `readable` (files read and executed as they are: a program
// named outside the submission).
struct LandlockPaths {
  std::vector<std::string> own;
  std::vector<std::string> readable;
};

// A student program's paths: its working folder and temporary folder its own (empty ones
// left out), and each file of its command line outside them (the executable, a script named
// with --program) readable, as are `read_only` (a toolchain's installation: folders or files).
LandlockPaths StudentPaths(const std::string& cwd, const std::string& tmp,
                           const std::vector<std::string>& argv, const std::string& exe,
                           const std::vector<std::string>& read_only = {});

// The ruleset for one program, made in the grader before fork. Invalid with `why` set when
// the kernel offers no Landlock or a step fails.
Fd MakeStudentRuleset(const LandlockPaths& paths, std::string* why);

// In the child, after PR_SET_NO_NEW_PRIVS: confines the calling process (and what it starts)
// to `ruleset`. False when the kernel refuses (errno tells why).
bool RestrictSelf(int ruleset);

// For the report: what Landlock at `abi` (> 0) leaves open, in a sentence ("" from ABI 6).
std::string LandlockShortfall(int abi);

}  // namespace netgrade::sandbox
