#include "harness/base/fork_lock.h"

namespace netgrade {
namespace {

std::shared_mutex& Lock() {
  static std::shared_mutex lock;
  return lock;
}

}  // namespace

std::shared_lock<std::shared_mutex> WritingGuard() {
  return std::shared_lock<std::shared_mutex>(Lock());
}

std::unique_lock<std::shared_mutex> ForkGuard() {
  return std::unique_lock<std::shared_mutex>(Lock());
}

void CloseSeenAtOnce(Fd& fd) {
  if (!fd) return;
  std::shared_lock<std::shared_mutex> no_fork(Lock());
  fd.Reset();
}

}  // namespace netgrade
