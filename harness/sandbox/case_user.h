// A user of the case's own. Each case's programs run as a uid no other case (of this run or
// of another netgrade on the machine) has while it runs: they cannot signal, trace or read
// the files of another case's programs, and a per-user limit (RLIMIT_NPROC) is the case's.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

class CaseUser {
 public:
  // The uids handed out: far above any real account's, and never 65534 (nobody).
  static constexpr uid_t kFirst = 1'600'000'000;
  static constexpr uid_t kCount = 4096;

  // Claims a free uid: an exclusive flock on its file in /run/netgrade-uids (or, where /run
  // is not writable, the temporary directory), held until this object is gone, so a killed
  // grader frees its uids at once. nullopt when every uid is taken or the lock files cannot
  // be made (not root); `why` says which.
  static std::optional<CaseUser> Claim(std::string* why);
  // Whether Claim can give uids here: root, and a directory for their locks.
  static bool Available();

  uid_t uid() const { return uid_; }

 private:
  CaseUser(Fd lock, uid_t uid) : lock_(std::move(lock)), uid_(uid) {}
  Fd lock_;
  uid_t uid_ = 0;
};

}  // namespace netgrade::sandbox
