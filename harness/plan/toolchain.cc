#include "harness/plan/toolchain.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

#include "harness/base/file.h"

namespace netgrade::plan {
namespace fs = std::filesystem;
namespace {

// `path` is `dir` or beneath it, component by component (/usr/local is under /usr, /usrx
// is not).
bool Under(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end() || (std::next(d) == dir.end() && d->empty());
}

// The folders every sandbox shows read-only (sandbox/jail.cc, sandbox/landlock.cc): a tool in
// them needs nothing more shown.
bool InSystemFolder(const fs::path& p) {
  for (const char* dir :
       {"/usr", "/opt", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"})
    if (Under(p, dir)) return true;
  return false;
}

size_t Depth(const fs::path& p) {
  size_t n = 0;
  for (const fs::path& part : p.relative_path())
    if (!part.empty()) ++n;
  return n;
}

fs::path Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path real = fs::canonical(p, ec);
  return ec ? fs::path() : real;
}

// An installation folder the sandbox may show: one installation, never a home folder, a
// folder above it or right in it (~/.local, ~/.cargo hold a user's files and credentials), a
// top-level folder (/home, /tmp), the kernel's views, nor a folder holding the submission or
// the folder netgrade runs in (a course's tree: its specs and reference solutions).
bool Installation(const fs::path& root, const ToolSearch& s) {
  if (Depth(root) < 2) return false;
  for (const char* view : {"/proc", "/sys", "/dev", "/run"})
    if (Under(root, view)) return false;
  if (fs::path home = Canonical(s.home); !home.empty() && Depth(home) > 0) {
    if (Under(home, root)) return false;
    if (Under(root, home) && Depth(root) < Depth(home) + 2) return false;
  }
  for (const fs::path& own : {s.project, s.cwd})
    if (fs::path real = Canonical(own); !real.empty() && Under(real, root)) return false;
  return true;
}

// Another user can reach `target` (and run it, for a file): each folder above it lets others
// through, and the target itself lets them read and run it.
bool OthersReach(const fs::path& target) {
  struct stat st{};
  for (fs::path at = target.parent_path(); !at.empty(); at = at.parent_path()) {
    if (::stat(at.c_str(), &st) != 0 || !(st.st_mode & S_IXOTH)) return false;
    if (at == at.root_path()) break;
  }
  return ::stat(target.c_str(), &st) == 0 && (st.st_mode & S_IROTH) && (st.st_mode & S_IXOTH);
}

std::string Tilde(const fs::path& p, const std::string& home) {
  fs::path h = Canonical(home);
  if (h.empty() || Depth(h) == 0 || !Under(p, h)) return p.string();
  return "~/" + p.lexically_relative(h).string();
}

std::optional<Toolchain> Make(const std::string& tool, const fs::path& at, const fs::path& root,
                              const fs::path& real, const ToolSearch& s) {
  if (s.others_must_reach && !root.empty() && !OthersReach(root)) return std::nullopt;
  if (s.others_must_reach && !OthersReach(at)) return std::nullopt;
  Toolchain t;
  t.tool = tool;
  t.path = at;
  t.root = root;
  t.version = ToolchainVersion(tool, at, real);
  t.where = root.empty() ? at.string() : Tilde(root, s.home);
  return t;
}

// The toolchain of an executable `found`: its chain of links followed one hop at a time, the
// first hop in a system folder (where the link's own name is kept: clang++ -> clang compiles
// C++ by its name), else the first in a bin/ folder of an installation; else the file alone.
std::optional<Toolchain> Settle(const std::string& tool, const fs::path& found,
                                const ToolSearch& s) {
  std::error_code ec;
  fs::path real = Canonical(found);
  if (real.empty() || !fs::is_regular_file(real, ec)) return std::nullopt;
  fs::path hop = found;
  for (int hops = 0; hops < 40; ++hops) {
    fs::path folder = Canonical(hop.parent_path());
    if (folder.empty()) break;
    fs::path at = folder / hop.filename();
    if (InSystemFolder(folder) && InSystemFolder(real)) return Make(tool, at, {}, real, s);
    if (!InSystemFolder(folder) && folder.filename() == "bin") {
      fs::path root = folder.parent_path();
      if (Installation(root, s) && (Under(real, root) || InSystemFolder(real)))
        return Make(tool, at, root, real, s);
    }
    if (!fs::is_symlink(hop, ec)) break;
    fs::path next = fs::read_symlink(hop, ec);
    if (ec) break;
    hop = next.is_absolute() ? next : folder / next;
  }
  if (InSystemFolder(real)) return Make(tool, real, {}, real, s);
  return Make(tool, real, real, real, s);
}

bool Executable(const fs::path& p) {
  std::error_code ec;
  return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p, ec);
}

// rustup itself under a tool's name: a link to rustup (or rustup-init), or a hard link of
// the rustup beside it, as rustup-init installs its proxies.
bool IsRustupProxy(const fs::path& file) {
  std::string name = Canonical(file).filename().string();
  if (name == "rustup" || name == "rustup-init") return true;
  struct stat a{}, b{};
  fs::path rustup = file.parent_path() / "rustup";
  return ::stat(file.c_str(), &a) == 0 && ::stat(rustup.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

// A pyenv shim (a script in PYENV_ROOT/shims that runs `pyenv exec`): sets *root to the
// folder holding versions/.
bool IsPyenvShim(const fs::path& file, fs::path* root) {
  fs::path shims = file.parent_path();
  if (shims.filename() != "shims" || !fs::is_directory(shims.parent_path() / "versions"))
    return false;
  std::string head = ReadFile(file.string(), 2048).value_or("");
  if (head.rfind("#!", 0) != 0 || head.find("pyenv") == std::string::npos) return false;
  *root = shims.parent_path();
  return true;
}

// What rustup runs for a proxy named `tool`, or nullopt when rustup would find nothing.
std::optional<Toolchain> ThroughRustup(const std::string& tool, const ToolSearch& s) {
  std::optional<fs::path> toolchain = RustupToolchain(s);
  if (!toolchain || !Executable(*toolchain / "bin" / tool)) return std::nullopt;
  return Settle(tool, *toolchain / "bin" / tool, s);
}

// The pyenv versions' `tool`: the first installed one, or nullopt (none, or "system": the
// next PATH folder's, as pyenv finds the system's).
std::optional<Toolchain> ThroughPyenv(const std::string& tool, const fs::path& root,
                                      const ToolSearch& s) {
  for (const std::string& version : PyenvVersions(s, root)) {
    if (version == "system") return std::nullopt;
    fs::path candidate = root / "versions" / version / "bin" / tool;
    if (Executable(candidate)) return Settle(tool, candidate, s);
  }
  return std::nullopt;
}

}  // namespace

ToolSearch ToolSearch::OfThisProcess(const fs::path& project) {
  ToolSearch s;
  const char* path = std::getenv("PATH");
  s.path = path ? path : "";
  const char* home = std::getenv("HOME");
  if (home && *home) {
    s.home = home;
  } else if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_dir) {
    s.home = pw->pw_dir;
  }
  s.env = [](const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return std::string(value ? value : "");
  };
  s.project = project;
  std::error_code ec;
  s.cwd = fs::current_path(ec);
  s.others_must_reach = ::geteuid() == 0;
  return s;
}

std::string Toolchain::Describe() const {
  return tool + (version.empty() ? "" : " " + version) + " (" + where + ")";
}

bool PlainName(const std::string& name) {
  if (name.empty() || name == "." || name == ".." || name.size() > 200) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
  });
}

std::optional<Toolchain> FindToolchain(const std::string& tool, const ToolSearch& search) {
  std::istringstream folders(search.path);
  for (std::string folder; std::getline(folders, folder, ':');) {
    // A relative folder (".", "bin") means wherever netgrade happens to run: never taken.
    if (folder.empty() || folder[0] != '/') continue;
    fs::path candidate = fs::path(folder) / tool;
    if (!Executable(candidate)) continue;
    std::optional<Toolchain> found;
    fs::path pyenv_root;
    if (IsRustupProxy(candidate))
      found = ThroughRustup(tool, search);
    else if (IsPyenvShim(candidate, &pyenv_root))
      found = ThroughPyenv(tool, pyenv_root, search);
    else
      found = Settle(tool, candidate, search);
    if (found) return found;
  }
  return std::nullopt;
}

}  // namespace netgrade::plan
