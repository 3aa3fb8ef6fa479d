// Taking a fixed port in turns. Without network namespaces of their own (a default
// container, Ubuntu 24.04's refused uid_map, a lab machine that refuses user namespaces), two
// netgrade runs on one computer that both grade a program on a fixed port (the textbook's
// 12000) would take it from each other mid-case: "Address already in use", an ERROR of the
// grader. Each run holds a lock per fixed port while it grades: an flock on a file in the
// temporary directory that every user may open, so runs of different users take turns too.
//
// A courtesy, not a guard: a program (or a user) that holds the lock for ever only makes the
// others wait `bound`, after which they grade anyway (and the port check names the holder).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

class PortLocks {
 public:
  // Locks each port of `ports` (in ascending order: two runs never wait for each other's
  // second port), waiting at most `bound` in all. `waiting` is called once, with the port,
  // when the first attempt finds it taken. `dir`: where the lock files are (empty: the
  // temporary directory, and no lock where there is none; a test's own folder in tests).
  static PortLocks Take(std::vector<uint16_t> ports, std::chrono::milliseconds bound,
                        const std::function<void(uint16_t)>& waiting,
                        const std::filesystem::path& dir = {});

  // The ports locked (a port whose lock file could not be opened safely, or whose wait
  // reached the bound, is not among them).
  const std::vector<uint16_t>& held() const { return held_; }

 private:
  std::vector<Fd> locks_;
  std::vector<uint16_t> held_;
};

// The lock file of `port` in `dir`: netgrade-port-PORT.lock.
std::filesystem::path PortLockPath(const std::filesystem::path& dir, uint16_t port);

}  // namespace netgrade::sandbox
