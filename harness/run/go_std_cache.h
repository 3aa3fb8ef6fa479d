// Go's standard library, compiled once per toolchain for every submission's build. Since Go
// 1.20 the library ships as source, so each `go build` of a submission would compile what it
// imports (net and fmt: 9 s of CPU and 44 MB) into its own cache, inside the case's
// size-limited copy (Debian 13's Go 1.24: "no space left on device"). Instead the grader
// compiles the whole library once per toolchain (`go build std`: about 30 s and 160 MB here),
// contained as a build is and with no student code in it, in netgrade's cache folder. Each
// build then gets a cache of its own whose entries are links to that one, which its sandbox
// shows read-only: it reads the library's entries and writes its own beside them, so no
// build can leave anything in the cache another reads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"

namespace netgrade::run {

// Where netgrade keeps what it makes once for many runs: $NETGRADE_CACHE_DIR, else
// /var/cache/netgrade for root, else $XDG_CACHE_HOME/netgrade, else ~/.cache/netgrade.
std::filesystem::path NetgradeCacheDir();

// Whether `go` (a path) ships its standard library compiled: $GOROOT/pkg/<os_arch>/runtime.a,
// Go before 1.20 (Debian 12's 1.19).
bool GoShipsCompiledStd(const std::filesystem::path& go);

// The build cache holding `go`'s standard library compiled with `env` (a Go source's
// build_env, plan/languages.h; its GOCACHE is replaced), its sandbox showing `read_only` (the
// toolchain's installation, Program::read_only), made on first use under
// NetgradeCacheDir()/go-std and kept there, one folder per toolchain and environment. "" when
// the toolchain needs none, or when it could not be made (`*why` says why: the build then
// compiles what it imports itself, as before). Two graders making the same one take turns
// (a lock file beside it); the second finds it made.
std::string CompiledGoStd(const std::string& go, const std::vector<std::string>& env,
                          const std::vector<std::string>& read_only, const RunOptions& options,
                          std::string* why);

// A build's own cache at `cache` (made here): the folders of `library` with, in each, a link to
// each of its entries, and a fresh trim.txt (so that Go does not walk it to trim). Owned by
// uid:gid (the build's user) when uid >= 0. Throws SystemError.
void PlantGoCache(const std::filesystem::path& library, const std::filesystem::path& cache, int uid,
                  int gid);

// A source's build as the grader runs it: for Go where the library is compiled for it, its
// GOCACHE is a planted cache in the build's folder (removed with this object, before any case
// copies the folder) and the compiled library is among the folders shown read-only; for
// anything else the program's own.
class SourceBuild {
 public:
  SourceBuild(const plan::Program& program, const std::filesystem::path& dir,
              const RunOptions& options);
  ~SourceBuild();
  SourceBuild(const SourceBuild&) = delete;
  SourceBuild& operator=(const SourceBuild&) = delete;

  const std::vector<std::string>& env() const { return env_; }
  const std::vector<std::string>& read_only() const { return read_only_; }

 private:
  std::vector<std::string> env_;
  std::vector<std::string> read_only_;
  std::filesystem::path planted_;
};

}  // namespace netgrade::run
