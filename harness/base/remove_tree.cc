#include "harness/base/remove_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <utility>
#include <vector>

#include "harness/base/fd.h"
#include "harness/base/text.h"

namespace netgrade {
namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY;
// Folders within folders a walk goes down at most; what lies deeper is moved up (CutToTop).
constexpr size_t kMaxDepth = 256;

// One folder on the way down: its name in the one above, who it is (to check the way back up)
// and what in it could not be removed (skipped when it is read again).
struct Level {
  std::string name;
  dev_t dev;
  ino_t ino;
  std::set<std::string> stuck;
};

class Remover {
 public:
  Remover(const std::filesystem::path& path, size_t max_entries)
      : top_(path), max_entries_(max_entries) {}

  RemoveOutcome Run() {
    std::filesystem::path parent = top_.parent_path();
    if (parent.empty()) parent = ".";
    std::string base = top_.filename().string();
    top_parent_ = Fd(::open(parent.c_str(), kDirFlags & ~O_NOFOLLOW));
    if (!top_parent_) {
      if (errno != ENOENT) Stuck("", errno);
      return out_;
    }
    struct stat st;
    if (::fstatat(top_parent_.get(), base.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) Stuck("", errno);
      return out_;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (::unlinkat(top_parent_.get(), base.c_str(), 0) == 0)
        ++out_.removed;
      else if (errno != ENOENT)
        Stuck("", errno);
      return out_;
    }
    if (!Enter(top_parent_.get(), base)) return out_;
    Walk();
    out_.looked = work_;
    return out_;
  }

 private:
  // Opens the folder `name` in `at` (made enterable first when it is not) and makes it the
  // current one; false (and recorded) when it cannot be.
  bool Enter(int at, const std::string& name) {
    Fd fd(::openat(at, name.c_str(), kDirFlags));
    if (!fd && (errno == EACCES || errno == EPERM) &&
        ::fchmodat(at, name.c_str(), 0700, AT_SYMLINK_NOFOLLOW) == 0)
      fd = Fd(::openat(at, name.c_str(), kDirFlags));
    struct stat st;
    if (!fd || ::fstat(fd.get(), &st) != 0) {
      if (errno == ENOENT) return false;
      StuckHere(name, errno);
      return false;
    }
    // What is removed in it needs it writable and searchable.
    if ((st.st_mode & 0700) != 0700) ::fchmod(fd.get(), (st.st_mode & 07777) | 0700);
    levels_.push_back({name, st.st_dev, st.st_ino, {}});
    cur_ = std::move(fd);
    return true;
  }

  void Walk() {
    while (!levels_.empty()) {
      PassResult r = Pass();
      if (stopped_) return;
      if (r == PassResult::kNothingLeft && !Up()) return;
    }
  }

  enum class PassResult { kDescended, kRemovedSome, kNothingLeft };

  // Reads the current folder from its start, removing what it holds; goes down into the first
  // folder that is not empty.
  PassResult Pass() {
    if (::lseek(cur_.get(), 0, SEEK_SET) < 0) {
      StuckHere("", errno);
      return PassResult::kNothingLeft;
    }
    bool removed = false;
    alignas(8) char buf[16384];
    for (;;) {
      long n = ::syscall(SYS_getdents64, cur_.get(), buf, sizeof buf);
      if (n < 0) {
        if (errno == EINTR) continue;
        StuckHere("", errno);
        return PassResult::kNothingLeft;
      }
      if (n == 0) break;
      for (long at = 0; at < n;) {
        auto* d = reinterpret_cast<struct dirent64*>(buf + at);
        at += d->d_reclen;
        std::string name = d->d_name;
        if (name == "." || name == ".." || levels_.back().stuck.count(name)) continue;
        if (max_entries_ > 0 && work_ >= max_entries_) {
          Stop();
          return PassResult::kNothingLeft;
        }
        ++work_;
        switch (Remove(name, d->d_type)) {
          case Removal::kRemoved:
            removed = true;
            break;
          case Removal::kStuck:
            break;
          case Removal::kNotEmpty:
            // Deep down a chain: what lies below is moved up to the top folder, to be removed
            // from there, so no walk goes deeper than kMaxDepth (and a walk cut short by its
            // budget has still shortened the chain for the next one).
            if (levels_.size() >= kMaxDepth && CutToTop(name)) {
              removed = true;
              break;
            }
            if (Enter(cur_.get(), name)) return PassResult::kDescended;
            break;
        }
      }
    }
    return removed ? PassResult::kRemovedSome : PassResult::kNothingLeft;
  }

  enum class Removal { kRemoved, kStuck, kNotEmpty };

  // unlinkat(flags) on `name` in the current folder; the current folder made writable once
  // when it is refused.
  int UnlinkHere(const std::string& name, int flags) {
    int r = ::unlinkat(cur_.get(), name.c_str(), flags);
    if (r != 0 && (errno == EACCES || errno == EPERM)) {
      int e = errno;
      struct stat st;
      if (::fstat(cur_.get(), &st) == 0 && (st.st_mode & 0300) != 0300 &&
          ::fchmod(cur_.get(), (st.st_mode & 07777) | 0700) == 0)
        return ::unlinkat(cur_.get(), name.c_str(), flags);
      errno = e;
    }
    return r;
  }

  Removal Remove(const std::string& name, unsigned char type) {
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(cur_.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? Removal::kRemoved : StuckHere(name, errno);
      type = S_ISDIR(st.st_mode) ? DT_DIR : DT_REG;
    }
    if (type != DT_DIR) {  // a file, a link (removed itself, never followed), a FIFO, ...
      if (UnlinkHere(name, 0) == 0) return Count();
      if (errno == ENOENT) return Removal::kRemoved;
      if (errno != EISDIR) return StuckHere(name, errno);
    }
    if (UnlinkHere(name, AT_REMOVEDIR) == 0) return Count();
    if (errno == ENOENT) return Removal::kRemoved;
    if (errno == ENOTEMPTY || errno == EEXIST) return Removal::kNotEmpty;
    return StuckHere(name, errno);
  }

  // Moves the folder `name` of the current one into the top folder under a new name.
  bool CutToTop(const std::string& name) {
    if (!top_dir_) {
      top_dir_ = Fd(::openat(top_parent_.get(), top_.filename().c_str(), kDirFlags));
      struct stat st;
      if (!top_dir_ || ::fstat(top_dir_.get(), &st) != 0 || st.st_dev != levels_[0].dev ||
          st.st_ino != levels_[0].ino) {
        top_dir_.Reset();
        return false;
      }
    }
    for (int tries = 0; tries < 100; ++tries) {
      std::string cut = fmt::format(".netgrade-cut-{}", ++cuts_);
      if (::renameat2(cur_.get(), name.c_str(), top_dir_.get(), cut.c_str(), RENAME_NOREPLACE) == 0)
        return true;
      if (errno != EEXIST) return false;
    }
    return false;
  }

  Removal Count() {
    ++out_.removed;
    return Removal::kRemoved;
  }

  // The current folder is done with: back to the one above it (checked to be the one the walk
  // came down from), and the current one removed from it unless something in it was stuck.
  bool Up() {
    Level done = std::move(levels_.back());
    levels_.pop_back();
    int above;
    Fd up;
    if (levels_.empty()) {
      above = top_parent_.get();
    } else {
      up = Fd(::openat(cur_.get(), "..", kDirFlags));
      struct stat st;
      if (!up || ::fstat(up.get(), &st) != 0 || st.st_dev != levels_.back().dev ||
          st.st_ino != levels_.back().ino) {
        // Moved meanwhile: going on could remove what is not ours.
        levels_.push_back(std::move(done));
        Stuck("", up ? ESTALE : errno, "it was moved while netgrade removed it");
        stopped_ = true;
        return false;
      }
      above = up.get();
    }
    cur_.Reset();
    if (up) cur_ = std::move(up);
    if (!done.stuck.empty()) {  // not empty: left, and so is every folder above it
      ++out_.left;
      MarkStuck(done.name);
      return !levels_.empty();
    }
    int r = levels_.empty() ? ::unlinkat(above, done.name.c_str(), AT_REMOVEDIR)
                            : UnlinkHere(done.name, AT_REMOVEDIR);
    if (r == 0 || errno == ENOENT) {
      if (r == 0) ++out_.removed;
    } else if (levels_.empty()) {
      Stuck("", errno);
    } else {
      StuckHere(done.name, errno);
    }
    return !levels_.empty();
  }

  void MarkStuck(const std::string& name) {
    if (!levels_.empty()) levels_.back().stuck.insert(name);
  }

  Removal StuckHere(const std::string& name, int error) {
    Stuck(name, error);
    MarkStuck(name);
    return Removal::kStuck;
  }

  void Stop() {
    stopped_ = true;
    out_.stopped = true;
    ++out_.left;
    if (out_.failure.empty())
      out_.failure = fmt::format(
          "stopped removing {} after looking at {} entries ({} removed): the rest is left there",
          Visible(top_.string()), work_, out_.removed);
  }

  // Records that `name` in the current folder (or the current folder, or the top, for "")
  // could not be removed.
  void Stuck(const std::string& name, int error, const std::string& why = "") {
    ++out_.left;
    if (!out_.failure.empty()) return;
    // The path: the top, the first and last folders of a deep chain, and the name.
    std::vector<const std::string*> parts;
    for (size_t i = 1; i < levels_.size(); ++i) parts.push_back(&levels_[i].name);
    if (!name.empty()) parts.push_back(&name);
    std::string shown = top_.string();
    for (size_t i = 0; i < parts.size(); ++i) {
      if (parts.size() > 6 && i == 3) {
        shown += "/…";
        i = parts.size() - 3;
      }
      shown += "/" + *parts[i];
    }
    std::string depth =
        parts.size() > 6 ? fmt::format(" ({} folders down)", parts.size() - 1) : std::string();
    out_.failure = fmt::format("cannot remove {}{}: {}", EscapeText(shown, 400), depth,
                               why.empty() ? std::strerror(error) : why);
  }

  std::filesystem::path top_;
  size_t max_entries_;
  size_t work_ = 0;  // entries looked at: what max_entries_ bounds
  size_t cuts_ = 0;
  Fd top_parent_;
  Fd top_dir_;  // the top folder, once a chain is cut to it
  Fd cur_;
  std::vector<Level> levels_;  // the folders from the top down to the current one
  bool stopped_ = false;
  RemoveOutcome out_;
};

}  // namespace

TreeSize MeasureTree(const std::filesystem::path& path, uint64_t max_bytes, uint64_t max_entries) {
  TreeSize size;
  Fd cur(::open(path.c_str(), kDirFlags));
  struct stat st;
  if (!cur || ::fstat(cur.get(), &st) != 0) return size;
  // The folders from the top down to the current one: who each is, and where in it to go on
  // reading once back from below.
  struct At {
    dev_t dev;
    ino_t ino;
    off_t next;
  };
  std::vector<At> levels{{st.st_dev, st.st_ino, 0}};
  alignas(8) char buf[16384];
  auto over = [&] { return size.bytes > max_bytes || size.entries > max_entries; };
  while (!levels.empty()) {
    if (::lseek(cur.get(), levels.back().next, SEEK_SET) < 0) return size;
    bool descended = false;
    long n;
    while (!descended && (n = ::syscall(SYS_getdents64, cur.get(), buf, sizeof buf)) > 0) {
      for (long at = 0; at < n && !descended;) {
        auto* d = reinterpret_cast<struct dirent64*>(buf + at);
        at += d->d_reclen;
        levels.back().next = d->d_off;
        if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0) continue;
        if (::fstatat(cur.get(), d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        ++size.entries;
        size.bytes += static_cast<uint64_t>(st.st_blocks) * 512;
        if (over()) {
          size.over = true;
          return size;
        }
        if (!S_ISDIR(st.st_mode)) continue;
        Fd down(::openat(cur.get(), d->d_name, kDirFlags));
        // A folder its owner made unreadable would hide what it holds: made readable (the
        // grader may when it is the owner; root reads it anyway).
        if (!down && (errno == EACCES || errno == EPERM) &&
            ::fchmodat(cur.get(), d->d_name, (st.st_mode & 07777) | 0500, AT_SYMLINK_NOFOLLOW) == 0)
          down = Fd(::openat(cur.get(), d->d_name, kDirFlags));
        if (!down || ::fstat(down.get(), &st) != 0) continue;
        if ((st.st_mode & 0500) != 0500) ::fchmod(down.get(), (st.st_mode & 07777) | 0500);
        levels.push_back({st.st_dev, st.st_ino, 0});
        cur = std::move(down);
        descended = true;
      }
    }
    if (descended) continue;
    levels.pop_back();
    if (levels.empty()) break;
    Fd up(::openat(cur.get(), "..", kDirFlags));
    if (!up || ::fstat(up.get(), &st) != 0 || st.st_dev != levels.back().dev ||
        st.st_ino != levels.back().ino)
      return size;  // moved meanwhile
    cur = std::move(up);
  }
  return size;
}

RemoveOutcome RemoveTree(const std::filesystem::path& path, size_t max_entries) {
  return Remover(path, max_entries).Run();
}

}  // namespace netgrade
