#include "harness/sandbox/cgroup_fs.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "harness/base/fd.h"
#include "harness/base/file.h"

namespace netgrade::sandbox::cgroup_fs {
namespace fs = std::filesystem;

std::string ReadCgroupFile(const std::string& path) {
  return netgrade::ReadFile(path).value_or("");
}

int WriteCgroupFile(const std::string& path, const std::string& text) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return errno;
  ssize_t n = ::write(fd.get(), text.data(), text.size());
  if (n < 0) return errno;
  return n == static_cast<ssize_t>(text.size()) ? 0 : EIO;
}

std::set<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::set<std::string> out;
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

std::vector<CgroupMount> CgroupMounts() {
  std::vector<CgroupMount> out;
  std::istringstream in(ReadCgroupFile("/proc/self/mountinfo"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string id, parent, dev, root, point;
    f >> id >> parent >> dev >> root >> point;
    size_t dash = line.find(" - ");
    if (dash == std::string::npos) continue;
    std::istringstream rest(line.substr(dash + 3));
    std::string type;
    rest >> type;
    if (type == "cgroup" || type == "cgroup2") out.push_back({root, point, type == "cgroup2"});
  }
  return out;
}

bool Under(const std::string& path, const std::string& dir) {
  return path == dir || (path.rfind(dir, 0) == 0 && (dir == "/" || path[dir.size()] == '/'));
}

// The mounts are read once (a case's cgroup is made under the same ones each time), and again
// when none holds `dir` (a hierarchy mounted since: a test's).
std::string CgroupPathOf(const std::string& dir) {
  static std::mutex mutex;
  static std::vector<CgroupMount> mounts;
  std::lock_guard<std::mutex> lock(mutex);
  auto best_of = [&]() -> const CgroupMount* {
    const CgroupMount* best = nullptr;
    for (const CgroupMount& m : mounts)
      if (Under(dir, m.point) && (!best || m.point.size() > best->point.size())) best = &m;
    return best;
  };
  const CgroupMount* best = best_of();
  if (!best) {
    mounts = CgroupMounts();
    best = best_of();
  }
  if (!best) return dir;
  std::string below = dir.substr(best->point.size());
  std::string path = best->root == "/" ? below : best->root + below;
  return path.empty() ? "/" : path;
}

std::vector<pid_t> ReadPids(const std::string& procs_file) {
  std::vector<pid_t> pids;
  std::istringstream in(ReadCgroupFile(procs_file));
  for (pid_t p; in >> p;) pids.push_back(p);
  return pids;
}

std::vector<std::string> Subtree(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_directory(ec)) out.push_back(it->path().string());
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  out.push_back(dir);
  return out;
}

bool KillV2(const std::string& dir) {
  if (WriteCgroupFile(dir + "/cgroup.kill", "1") == 0) return true;
  for (const std::string& d : Subtree(dir))
    for (pid_t p : ReadPids(d + "/cgroup.procs")) ::kill(p, SIGKILL);
  return false;
}

int64_t Counter(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  std::string name;
  for (int64_t value; in >> name >> value;)
    if (name == key) return value;
  return 0;
}

}  // namespace netgrade::sandbox::cgroup_fs
