#include "harness/base/file_watch.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "harness/base/error.h"

namespace netgrade {
namespace fs = std::filesystem;

namespace {

// A write that ends, a file made, removed, renamed, or touched (touch changes only times).
constexpr uint32_t kEvents =
    IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB;

bool EndsWith(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace

bool IgnoredChange(std::string_view name) {
  if (name.empty()) return true;
  if (name == "4913" || name == "__pycache__" || name == ".git" || name == ".DS_Store")
    return true;  // 4913: the file vim writes to test that it may write in the folder
  if (name.back() == '~' || name.rfind(".#", 0) == 0) return true;  // backups, emacs locks
  if (name.size() > 1 && name.front() == '#' && name.back() == '#') return true;
  for (std::string_view end : {".swp", ".swo", ".swx", ".swpx", ".pyc"})
    if (EndsWith(name, end)) return true;
  return false;
}

FileWatch::FileWatch(const std::vector<fs::path>& roots)
    : fd_(CheckSys(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC), "inotify_init1")) {
  for (const fs::path& root : roots) AddTree(root);
}

void FileWatch::AddTree(const fs::path& dir) {
  int wd = ::inotify_add_watch(fd_.get(), dir.c_str(), kEvents | IN_ONLYDIR);
  if (wd < 0) {
    // A folder removed before it could be watched is no error; running out of watches is.
    if (errno == ENOENT || errno == ENOTDIR) return;
    throw SystemError("inotify_add_watch " + dir.string(), errno);
  }
  dirs_[wd] = dir;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && !it->is_symlink(ec) &&
        !IgnoredChange(it->path().filename().c_str()))
      AddTree(it->path());
}

std::vector<fs::path> FileWatch::Drain() {
  std::vector<fs::path> changed;
  alignas(inotify_event) char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return changed;
    CheckSys(n, "read inotify");
    for (char* p = buf; p < buf + n;) {
      const auto* e = reinterpret_cast<const inotify_event*>(p);
      p += sizeof(inotify_event) + e->len;
      if (e->mask & IN_Q_OVERFLOW) {  // events were lost: something changed, surely
        changed.push_back(dirs_.empty() ? fs::path() : dirs_.begin()->second);
        continue;
      }
      auto dir = dirs_.find(e->wd);
      if (dir == dirs_.end() || e->len == 0) continue;  // the folder itself; or IN_IGNORED
      std::string name = e->name;
      if (IgnoredChange(name)) continue;
      fs::path path = dir->second / name;
      if ((e->mask & IN_ISDIR) && (e->mask & (IN_CREATE | IN_MOVED_TO))) AddTree(path);
      changed.push_back(path);
    }
  }
}

std::optional<std::vector<fs::path>> FileWatch::WaitForChange(std::chrono::milliseconds quiet,
                                                              std::chrono::milliseconds max_settle,
                                                              int stop_fd) {
  using Clock = std::chrono::steady_clock;
  std::vector<fs::path> changed;
  std::optional<Clock::time_point> settle_by;
  for (;;) {
    int timeout = -1;
    if (settle_by) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*settle_by - Clock::now());
      timeout = static_cast<int>(std::clamp(left, std::chrono::milliseconds(0), quiet).count());
    }
    pollfd fds[2] = {{fd_.get(), POLLIN, 0}, {stop_fd, POLLIN, 0}};
    int ready = ::poll(fds, stop_fd >= 0 ? 2 : 1, timeout);
    if (ready < 0 && errno == EINTR) continue;
    CheckSys(ready, "poll");
    if (stop_fd >= 0 && Readable(stop_fd)) return std::nullopt;
    std::vector<fs::path> now = Drain();
    if (!now.empty() && !settle_by) settle_by = Clock::now() + max_settle;
    for (fs::path& p : now)
      if (std::find(changed.begin(), changed.end(), p) == changed.end())
        changed.push_back(std::move(p));
    // Quiet (nothing at all for `quiet`, ignored files included): the burst is over; or it
    // has lasted max_settle.
    if (settle_by && (ready == 0 || Clock::now() >= *settle_by)) return WhatRemains(changed);
  }
}

std::vector<fs::path> WhatRemains(std::vector<fs::path> changed) {
  std::error_code error;
  auto gone = [&](const fs::path& p) { return !fs::exists(fs::symlink_status(p, error)); };
  if (std::all_of(changed.begin(), changed.end(), gone)) return changed;  // removals alone
  changed.erase(std::remove_if(changed.begin(), changed.end(), gone), changed.end());
  return changed;
}

}  // namespace netgrade
