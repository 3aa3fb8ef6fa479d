#include "harness/run/go_std_cache.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <map>
#include <mutex>
#include <optional>

#include "harness/base/error.h"
#include "harness/base/fd.h"
#include "harness/base/file.h"
#include "harness/base/remove_tree.h"
#include "harness/base/seed.h"
#include "harness/base/user_folder.h"
#include "harness/run/build_step.h"
#include "harness/sandbox/case_user.h"

namespace netgrade::run {
namespace fs = std::filesystem;
namespace {

// The library's build, as a submission's is bounded but for its size: a few minutes on a slow
// machine, and files past a build's 16 MiB (runtime's and net/http's archives come close).
constexpr int64_t kLibraryBuildMs = 600'000;
constexpr int64_t kLibraryFileBytes = int64_t{1} << 30;

fs::path GoRoot(const fs::path& go) {
  std::error_code ec;
  fs::path real = fs::canonical(go, ec);
  return ec ? fs::path() : real.parent_path().parent_path();
}

// The folder's name for a toolchain and an environment: the real `go`, its VERSION and the
// variables (a stale name costs only the library's entries going unused).
std::string Key(const fs::path& go, const std::vector<std::string>& env) {
  const fs::path root = GoRoot(go);
  const std::string version = ReadFile((root / "VERSION").string()).value_or("");
  std::string text = root.string() + "\n" + version;
  for (const std::string& variable : env) text += "\n" + variable;
  std::string name = version.substr(0, version.find_first_of("\n "));
  return fmt::format("{}-{:016x}", name.empty() ? "go" : name, NameHash(text));
}

std::vector<std::string> WithCache(std::vector<std::string> env, const std::string& cache) {
  for (std::string& variable : env)
    if (variable.rfind("GOCACHE=", 0) == 0) variable = "GOCACHE=" + cache;
  return env;
}

// The grader's own, readable by every case's user: made by a build's user, it is handed back.
void MakeOurs(const fs::path& dir) {
  ::lchown(dir.c_str(), ::geteuid(), ::getegid());
  ::chmod(dir.c_str(), 0755);
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    ::lchown(e.path().c_str(), ::geteuid(), ::getegid());
    if (!e.is_symlink()) ::chmod(e.path().c_str(), e.is_directory() ? 0755 : 0644);
  }
}

// The entries of a Go build cache (its folders 00 to ff hold them; Go makes all 256 first).
size_t Entries(const fs::path& cache) {
  size_t n = 0;
  for (const std::string& folder : DirNames(cache.string()))
    n += DirNames((cache / folder).string()).size();
  return n;
}

// The libraries that failed to build in this process, by key, with why: each Go build of a run
// (a class of them) would otherwise try again, a minute each, and fail the same way.
std::mutex failed_mutex;
std::map<std::string, std::string> failed;

std::optional<std::string> FailedBefore(const std::string& key) {
  std::lock_guard<std::mutex> lock(failed_mutex);
  auto it = failed.find(key);
  return it == failed.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// `go build std` into `making`, contained as a build is; "" or what went wrong.
std::string BuildLibrary(const std::string& go, const std::vector<std::string>& env,
                         const std::vector<std::string>& read_only, const fs::path& making,
                         const RunOptions& options) {
  RunOptions run = options;
  run.limits.file_size_bytes = kLibraryFileBytes;
  std::string why;
  std::optional<sandbox::CaseUser> user;
  if (::geteuid() == 0) user = sandbox::CaseUser::Claim(&why);
  if (user) run.student_uid = run.student_gid = static_cast<int>(user->uid());
  if (::geteuid() == 0) ::lchown(making.c_str(), run.student_uid, run.student_gid);
  spec::Build build;
  build.command = "go build std";
  build.timeout_ms = kLibraryBuildMs;
  // Its work folders and cgo's files on the disk beside it: the jail's /tmp is too small for
  // them, and without a jail no /tmp is writable.
  const fs::path work = making / "work";
  fs::create_directories(work);
  if (user) ::lchown(work.c_str(), run.student_uid, run.student_gid);
  std::vector<std::string> library_env = WithCache(env, (making / "cache").string());
  library_env.push_back("GOTMPDIR=" + work.string());
  library_env.push_back("TMPDIR=" + work.string());
  BuildOutcome built =
      RunBuildCommand({go, "build", "std"}, library_env, build, making, run, {read_only, ""});
  RemoveTree(work);
  if (built.kind == BuildOutcome::Kind::kBuilt) return "";
  // What it printed, without the words meant for a student.
  size_t printed = built.message.find('\n');
  return "`go build std` failed" +
         (printed == std::string::npos ? "" : ":" + built.message.substr(printed));
}

}  // namespace

fs::path NetgradeCacheDir() {
  return NetgradeFolder("NETGRADE_CACHE_DIR", "/var/cache/netgrade", "XDG_CACHE_HOME", ".cache");
}

bool GoShipsCompiledStd(const fs::path& go) {
  fs::path pkg = GoRoot(go) / "pkg";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(pkg, ec))
    if (fs::exists(e.path() / "runtime.a", ec)) return true;
  return false;
}

std::string CompiledGoStd(const std::string& go, const std::vector<std::string>& env,
                          const std::vector<std::string>& read_only, const RunOptions& options,
                          std::string* why) {
  if (GoRoot(go).empty() || GoShipsCompiledStd(go)) return "";
  const fs::path root = NetgradeCacheDir() / "go-std";
  const std::string key = Key(go, env);
  const fs::path made = root / key;
  std::error_code ec;
  if (fs::is_directory(made, ec)) return (made / "cache").string();
  if (std::optional<std::string> before = FailedBefore(key)) {
    *why = *before;
    return "";
  }
  fs::create_directories(root, ec);
  Fd lock(::open((root / (key + ".lock")).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!lock || ::flock(lock.get(), LOCK_EX) != 0) {
    *why = fmt::format("cannot lock {}: {}", (root / (key + ".lock")).string(), strerror(errno));
    return "";
  }
  if (fs::is_directory(made, ec)) return (made / "cache").string();  // made meanwhile
  if (std::optional<std::string> before = FailedBefore(key)) {       // or failed meanwhile
    *why = *before;
    return "";
  }
  const fs::path making = root / fmt::format(".making-{}-{}", key, ::getpid());
  RemoveTree(making);
  if (::mkdir(making.c_str(), 0755) != 0) {
    *why = fmt::format("cannot make {}: {}", making.string(), strerror(errno));
    return "";
  }
  fmt::print(stderr,
             "netgrade: compiling {}'s standard library once for this toolchain (about a "
             "minute; kept in {})\n",
             key.substr(0, key.rfind('-')), made.string());
  *why = BuildLibrary(go, env, read_only, making, options);
  // `go build std` with no library to find ("matched no packages") compiles nothing.
  if (why->empty() && Entries(making / "cache") < 100) *why = "`go build std` compiled nothing";
  if (why->empty()) {
    for (const std::string& name : DirNames(making.string()))  // Go's own files of its HOME
      if (name != "cache") RemoveTree(making / name);
    MakeOurs(making);
    if (::rename(making.c_str(), made.c_str()) == 0) return (made / "cache").string();
    *why = fmt::format("cannot rename {}: {}", making.string(), strerror(errno));
  }
  RemoveTree(making);
  std::lock_guard<std::mutex> remember(failed_mutex);
  failed[key] = *why;
  return "";
}

void PlantGoCache(const fs::path& library, const fs::path& cache, int uid, int gid) {
  auto own = [&](const fs::path& p) {
    if (uid >= 0) ::lchown(p.c_str(), uid, gid);
  };
  CheckSys(::mkdir(cache.c_str(), 0700), "make the build's Go cache");
  own(cache);
  for (const std::string& folder : DirNames(library.string())) {
    if (!fs::is_directory(library / folder)) continue;
    const fs::path planted = cache / folder;
    CheckSys(::mkdir(planted.c_str(), 0700), "make a folder of the build's Go cache");
    own(planted);
    for (const std::string& entry : DirNames((library / folder).string())) {
      const fs::path link = planted / entry;
      CheckSys(::symlink((library / folder / entry).c_str(), link.c_str()),
               "link the build's Go cache to the compiled library");
      own(link);
    }
  }
  const fs::path trim = cache / "trim.txt";
  if (!WriteFile(trim.string(), fmt::format("{}\n", std::time(nullptr))))
    throw SystemError("cannot write " + trim.string(), errno);
  own(trim);
}

SourceBuild::SourceBuild(const plan::Program& program, const fs::path& dir,
                         const RunOptions& options)
    : env_(program.build_env), read_only_(program.read_only) {
  if (program.language != plan::Language::kGo || program.build_argv.empty()) return;
  std::string why;
  std::string library =
      CompiledGoStd(program.build_argv[0], env_, program.read_only, options, &why);
  if (!why.empty())
    fmt::print(stderr,
               "netgrade: Go's standard library could not be compiled ahead ({}); each build "
               "compiles what it imports\n",
               why);
  if (library.empty()) return;
  planted_ = dir / ".netgrade-go-cache";
  RemoveTree(planted_);
  const bool root = ::geteuid() == 0;
  PlantGoCache(library, planted_, root ? options.student_uid : -1, root ? options.student_gid : -1);
  env_ = WithCache(env_, planted_.string());
  read_only_.push_back(library);
}

SourceBuild::~SourceBuild() {
  if (!planted_.empty()) RemoveTree(planted_);
}

}  // namespace netgrade::run
