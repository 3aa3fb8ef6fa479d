#include "harness/sandbox/submission_copy.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/fork_lock.h"
#include "harness/base/text.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxDepth = 64;          // folders within folders
constexpr size_t kMaxLooked = 1'000'000;  // entries counted past the limits, at most
constexpr size_t kMaxProblemsShown = 5;   // problems listed; the rest are counted
constexpr int kReadOnly = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK;

std::string Size(uint64_t bytes) {
  if (bytes >= (1u << 20)) {
    std::string s = fmt::format("{:.1f}", static_cast<double>(bytes) / (1u << 20));
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s + " MiB";
  }
  if (bytes >= 1024) return fmt::format("{} KiB", bytes / 1024);
  return fmt::format("{} bytes", bytes);
}

std::string Kind(mode_t mode) {
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device file";
  return "neither a file nor a folder";
}

// The names in an open directory, sorted; the descriptor stays open.
std::vector<std::string> Names(int dir_fd) {
  int dup = CheckSys(::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0), "dup directory");
  DIR* d = ::fdopendir(dup);
  if (d == nullptr) {
    int e = errno;
    ::close(dup);
    throw SystemError("fdopendir", e);
  }
  std::vector<std::string> out;
  errno = 0;
  while (dirent* e = ::readdir(d)) {
    if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
      out.push_back(e->d_name);
    errno = 0;
  }
  int e = errno;
  ::closedir(d);
  if (e != 0) throw SystemError("readdir", e);
  std::sort(out.begin(), out.end());
  return out;
}

void CopyBytes(int in, int out, uint64_t size) {
  bool plain = false;
  for (uint64_t done = 0; done < size;) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(size - done, 1 << 20));
    ssize_t n;
    if (!plain) {
      n = ::copy_file_range(in, nullptr, out, nullptr, want, 0);
      if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
        plain = true;
        continue;
      }
    } else {
      char buf[65536];
      n = ::read(in, buf, std::min(want, sizeof buf));
      for (ssize_t w = 0; n > 0 && w < n;) {
        ssize_t m = ::write(out, buf + w, static_cast<size_t>(n - w));
        if (m < 0 && errno == EINTR) continue;
        if (m < 0) throw SystemError("write to the working copy", errno);
        w += m;
      }
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SystemError("copy a submission file", errno);
    if (n == 0) break;  // the file shrank meanwhile: what there is
    done += static_cast<uint64_t>(n);
  }
}

// One walk of a submission: copies while it is within the limits and has no problem, then
// only looks on (to name every problem and count what is too much).
class Copier {
 public:
  Copier(const CopyLimits& limits) : limits_(limits) {}

  void Run(const fs::path& source, const fs::path& dest) {
    char real[PATH_MAX];
    if (::realpath(source.c_str(), real) == nullptr)
      throw SystemError("realpath " + source.string(), errno);
    root_real_ = real;
    struct stat st;
    CheckSys(::stat(real, &st), "stat submission");
    root_ = Fd(::open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root_ || (st.st_mode & (S_IRUSR | S_IXUSR)) != (S_IRUSR | S_IXUSR)) {
      if (root_ || errno == EACCES || errno == EPERM)
        throw UsageError(fmt::format(
            "the submission folder cannot be opened (its permissions are {:04o}): make it "
            "readable (chmod u+rx on it)",
            st.st_mode & 07777));
      throw SystemError("open submission " + source.string(), errno);
    }
    CheckSys(::mkdir(dest.c_str(), 0700), "mkdir working copy");
    Fd out(CheckSys(::open(dest.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW),
                    "open working copy"));
    ancestors_.emplace_back(st.st_dev, st.st_ino);
    Walk(root_.get(), out.get(), "", 0);
    if (out) CheckSys(::fchmod(out.get(), (st.st_mode & 0777) | S_IRWXU), "chmod working copy");
    ThrowProblems();
  }

 private:
  bool Copying() const {
    return problems_.empty() && entries_ <= limits_.max_entries && bytes_ <= limits_.max_bytes;
  }
  void Problem(std::string what) { problems_.push_back(std::move(what)); }
  static std::string Join(const std::string& rel, const std::string& name) {
    return rel.empty() ? name : rel + "/" + name;
  }

  // Copies the entries of the open folder src into dst (-1: only look).
  void Walk(int src, int dst, const std::string& rel, size_t depth) {
    for (const std::string& name : Names(src)) {
      if (looked_ >= kMaxLooked) return;
      ++looked_;
      std::string path = Join(rel, name);
      struct stat st;
      if (::fstatat(src, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // gone meanwhile
        throw SystemError("stat " + path, errno);
      }
      if (S_ISLNK(st.st_mode))
        Link(src, name, Copying() ? dst : -1, path, depth);
      else
        Node(src, name, st, Copying() ? dst : -1, name, path, "", depth);
    }
  }

  // `name` in src (not a link; `st` its lstat), copied as dst_name into dst. `path` is where
  // the student sees it, `link` the text of the link that led to it (empty for none).
  void Node(int src, const std::string& name, const struct stat& st, int dst,
            const std::string& dst_name, const std::string& path, const std::string& link,
            size_t depth) {
    std::string what = link.empty() ? path : fmt::format("{} (a link to {})", path, link);
    bool is_dir = S_ISDIR(st.st_mode);
    if (!is_dir && !S_ISREG(st.st_mode)) {
      Problem(
          fmt::format("{} is {}, not a file or folder: netgrade copies only files and "
                      "folders, so remove it from your submission",
                      what, Kind(st.st_mode)));
      return;
    }
    Count(path, is_dir ? 0 : static_cast<uint64_t>(st.st_size));
    if (!Copying()) dst = -1;
    mode_t need = is_dir ? (S_IRUSR | S_IXUSR) : S_IRUSR;
    if ((st.st_mode & need) != need) {
      Unreadable(what, path, st.st_mode, is_dir);
      return;
    }
    Fd in(::openat(src, name.c_str(), kReadOnly | (is_dir ? O_DIRECTORY : 0)));
    struct stat now;
    if (!in) {
      if (errno == EACCES || errno == EPERM) return Unreadable(what, path, st.st_mode, is_dir);
      if (errno != ELOOP && errno != ENOTDIR && errno != ENXIO && errno != ENOENT)
        throw SystemError("open " + path, errno);
    }
    if (!in || ::fstat(in.get(), &now) != 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev) {
      Problem(
          fmt::format("{} changed while netgrade copied it: grade the submission again when "
                      "nothing writes to it",
                      what));
      return;
    }
    if (!is_dir) {
      if (dst < 0) return;
      // Any file may be the program: no other case's fork inherits it open (fork_lock.h).
      auto writing = WritingGuard();
      Fd out(CheckSys(::openat(dst, dst_name.c_str(),
                               O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600),
                      "create a file in the working copy"));
      CopyBytes(in.get(), out.get(), static_cast<uint64_t>(st.st_size));
      CheckSys(::fchmod(out.get(), st.st_mode & 0777), "chmod a file in the working copy");
      // Its times as the student left them, as `cp -p` keeps them: a spec's `make` rebuilds
      // what is older than its sources, and an executable older than its source is not
      // graded in its place (plan/submission.h).
      const struct timespec times[2] = {st.st_atim, st.st_mtim};
      CheckSys(::futimens(out.get(), times), "set a file's times in the working copy");
      return;
    }
    auto id = std::make_pair(st.st_dev, st.st_ino);
    if (std::find(ancestors_.begin(), ancestors_.end(), id) != ancestors_.end()) {
      Problem(link.empty()
                  ? fmt::format("{} is a folder that holds itself (a loop): remove it", path)
                  : fmt::format("{} is a link to {}, a folder that holds the link: copying it "
                                "would never end (a loop), so remove the link",
                                path, link));
      return;
    }
    if (depth >= kMaxDepth) {
      Problem(fmt::format("{} lies more than {} folders deep: netgrade copies no deeper", path,
                          kMaxDepth));
      return;
    }
    Fd out;
    if (dst >= 0) {
      CheckSys(::mkdirat(dst, dst_name.c_str(), 0700), "mkdir in the working copy");
      out = Fd(
          CheckSys(::openat(dst, dst_name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW),
                   "open a folder of the working copy"));
    }
    ancestors_.push_back(id);
    Walk(in.get(), out ? out.get() : -1, path, depth + 1);
    ancestors_.pop_back();
    if (out) CheckSys(::fchmod(out.get(), (st.st_mode & 0777) | S_IRWXU), "chmod a folder");
  }

  void Unreadable(const std::string& what, const std::string& path, mode_t mode, bool is_dir) {
    Problem(
        fmt::format("{}{} cannot be read (its permissions are {:04o}): make it readable "
                    "(chmod u+r{} {})",
                    is_dir ? "the folder " : "", what, mode & 07777, is_dir ? "x" : "", path));
  }

  // A link: copied as its target when that lies inside the submission.
  void Link(int src, const std::string& name, int dst, const std::string& path, size_t depth) {
    std::string text(PATH_MAX, '\0');
    ssize_t n = ::readlinkat(src, name.c_str(), text.data(), text.size());
    if (n < 0) throw SystemError("readlink " + path, errno);
    text.resize(static_cast<size_t>(n));
    char real[PATH_MAX];
    if (::realpath((root_real_ + "/" + path).c_str(), real) == nullptr) {
      int e = errno;
      if (e == ENOENT || e == ENOTDIR)
        Problem(
            fmt::format("{} is a link to {}, which does not exist: put the file itself in "
                        "the folder",
                        path, text));
      else if (e == ELOOP)
        Problem(
            fmt::format("{} is a link to {}, which leads round in a circle of links: put "
                        "the file itself in the folder",
                        path, text));
      else if (e == EACCES)
        Problem(
            fmt::format("{} is a link to {}, which cannot be read: put the file itself in "
                        "the folder",
                        path, text));
      else
        throw SystemError("realpath " + path, e);
      return;
    }
    std::string target = real;
    std::string shown = text == target ? text : fmt::format("{} ({})", text, target);
    if (target != root_real_ && target.rfind(root_real_ + "/", 0) != 0) {
      if (std::string venv = VirtualEnvironment(path); !venv.empty()) {
        Problem(
            fmt::format("{} is a link to {}, outside your submission: {}/ is a Python "
                        "virtual environment, which works only where it was made; remove "
                        "it from your submission",
                        path, shown, venv));
        return;
      }
      struct stat st;
      bool dir = ::stat(real, &st) == 0 && S_ISDIR(st.st_mode);
      Problem(fmt::format("{} is a link to {}, outside your submission: put the {} itself in {}",
                          path, shown, dir ? "folder" : "file",
                          dir ? "your submission" : "the folder"));
      return;
    }
    // The target again, from the submission's top, one folder at a time without following
    // a link: realpath() left none, and one made meanwhile is refused.
    std::string rel = target == root_real_ ? "" : target.substr(root_real_.size() + 1);
    fs::path parts(rel);
    Fd parent;
    int at = root_.get();
    std::string last = ".";
    for (auto it = parts.begin(); it != parts.end(); ++it) {
      if (std::next(it) == parts.end()) {
        last = it->string();
        break;
      }
      Fd next(::openat(at, it->c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
      if (!next) {
        Problem(
            fmt::format("{} is a link to {}, which cannot be read: put the file itself in "
                        "the folder",
                        path, shown));
        return;
      }
      parent = std::move(next);
      at = parent.get();
    }
    struct stat st;
    if (::fstatat(at, last.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode)) {
      Problem(
          fmt::format("{} changed while netgrade copied it: grade the submission again when "
                      "nothing writes to it",
                      path));
      return;
    }
    Node(at, last, st, dst, name, path, text, depth);
  }

  // The folder holding `path` that is a Python virtual environment (it has a pyvenv.cfg),
  // or "".
  std::string VirtualEnvironment(const std::string& path) const {
    for (size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      struct stat st;
      std::string folder = path.substr(0, slash);
      if (::fstatat(root_.get(), (folder + "/pyvenv.cfg").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISREG(st.st_mode))
        return folder;
    }
    return "";
  }

  void Count(const std::string& path, uint64_t size) {
    ++entries_;
    bytes_ += size;
    if (size > largest_size_ || largest_.empty()) {
      largest_size_ = size;
      largest_ = path;
    }
    if (size_t slash = path.find('/'); slash != std::string::npos)
      ++by_folder_[path.substr(0, slash)];
  }

  void ThrowProblems() {
    std::vector<std::string> all;
    for (size_t i = 0; i < problems_.size() && i < kMaxProblemsShown; ++i)
      all.push_back(problems_[i]);
    if (problems_.size() > kMaxProblemsShown)
      all.push_back(fmt::format("and {} more like these", problems_.size() - kMaxProblemsShown));
    bool gave_up = looked_ >= kMaxLooked;  // and copied nothing past that
    if (entries_ > limits_.max_entries || gave_up) {
      std::string where;
      auto most =
          std::max_element(by_folder_.begin(), by_folder_.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      if (most != by_folder_.end() && most->second * 2 > entries_)
        where = fmt::format(" ({}/ holds {} of them)", most->first, most->second);
      all.push_back(fmt::format(
          "the submission holds {}{} files and folders; at most {} are copied: remove build "
          "outputs or virtual environments{}",
          gave_up ? "more than " : "", entries_, limits_.max_entries, where));
    }
    if (bytes_ > limits_.max_bytes)
      all.push_back(fmt::format(
          "the submission holds {} of files; at most {} are copied: remove large files and "
          "build outputs (the largest is {}, {})",
          Size(bytes_), Size(limits_.max_bytes), largest_, Size(largest_size_)));
    if (all.empty()) return;
    std::string out;
    for (const std::string& a : all) out += (out.empty() ? "" : "\n") + a;
    throw UsageError(out);
  }

  CopyLimits limits_;
  std::string root_real_;
  Fd root_;
  std::vector<std::pair<dev_t, ino_t>> ancestors_;  // the folders being walked
  std::vector<std::string> problems_;
  size_t entries_ = 0, looked_ = 0;
  uint64_t bytes_ = 0, largest_size_ = 0;
  std::string largest_;
  std::map<std::string, size_t> by_folder_;  // entries under each top-level folder
};

}  // namespace

void CopySubmission(const fs::path& source, const fs::path& dest, const CopyLimits& limits) {
  Copier(limits).Run(source, dest);
}

}  // namespace netgrade::sandbox
