// The toolchain a tool's name stands for: the one the invoking user would get typing it, the
// first on their PATH, with the version managers' stand-ins followed to the real installation
// (rustup's proxies in ~/.cargo/bin, pyenv's shims) and links followed to their target (nvm's
// versions, SDKMAN's `current`, /usr/local/go). Found by reading files only: nothing found on a
// PATH is run outside the sandbox, since a PATH may name folders a student controls.
//
// A toolchain outside the system's folders (/usr, /opt, /etc, which every sandbox shows) comes
// with its installation folder, which the sandbox then shows read-only at its own path: the
// folder above bin/ (~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu), never a home
// folder or a folder right in it (~/.local, ~/.cargo: a user's files, not one installation);
// failing that, the tool's file alone.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netgrade::plan {

// Where to look, as a shell of the user running netgrade would: passed in whole, so that
// tests name their own layouts.
struct ToolSearch {
  std::string path;  // PATH
  std::string home;  // HOME: ~ in what is shown, and rustup's and pyenv's default folders
  // Any other variable (RUSTUP_HOME, RUSTUP_TOOLCHAIN, PYENV_ROOT, PYENV_VERSION); "" unset.
  std::function<std::string(const std::string&)> env;
  // The submission's folder: its own rust-toolchain(.toml) and .python-version count, as
  // they would where the student builds it. Its parents do not: they are the grader's.
  std::filesystem::path project;
  // The folder netgrade runs in: its rust-toolchain files, rustup's overrides and
  // .python-version files count in it and its parents, as for a cargo run there.
  std::filesystem::path cwd;
  // The programs run as another user (the grader is root: each case has a user of its own):
  // a toolchain that user cannot reach through its folders (root's 0700 home) is passed
  // over, as if it were not there.
  bool others_must_reach = false;

  // This process's PATH, HOME, environment and folder; others_must_reach when root.
  static ToolSearch OfThisProcess(const std::filesystem::path& project = {});
};

struct Toolchain {
  std::string tool;            // the name looked for: "rustc"
  std::filesystem::path path;  // what to run: its folder's real path and the tool's name
  // The installation the sandbox must show read-only (a folder, or the tool's file when it
  // stands alone); empty for a tool in the system's folders.
  std::filesystem::path root;
  std::string version;  // "1.95.0", read from its files; "" when they do not say
  std::string where;    // the root, with ~ for the home folder; the path for a system tool

  // "rustc 1.95.0 (~/.rustup/toolchains/stable-x86_64-unknown-linux-gnu)", "gcc 12.2.0
  // (/usr/bin/gcc)"; without a version when none was found.
  std::string Describe() const;
};

// The toolchain `tool` stands for, or nullopt when there is none on the PATH.
std::optional<Toolchain> FindToolchain(const std::string& tool, const ToolSearch& search);

// The version a toolchain's files tell (toolchain_version.cc): rustup's channel manifest,
// Go's VERSION, a JDK's release file, the version in the folder's name (nvm's v20.11.0,
// pyenv's 3.11.7), Debian's package for a system tool. `real` is the file that runs.
std::string ToolchainVersion(const std::string& tool, const std::filesystem::path& path,
                             const std::filesystem::path& real);

// The toolchain folder rustup's proxy would run (`rustup which`, read from its files: the
// RUSTUP_TOOLCHAIN variable, rust-toolchain files, overrides, the default), or nullopt.
std::optional<std::filesystem::path> RustupToolchain(const ToolSearch& search);

// The Python versions pyenv's shims would run, in order (PYENV_VERSION, .python-version, the
// global version file); "system" stands for the system's Python. pyenv_root holds versions/.
std::vector<std::string> PyenvVersions(const ToolSearch& search,
                                       const std::filesystem::path& pyenv_root);

// A version's or toolchain's name as a folder's: letters, digits, . _ + - only (no /, no
// ..), so a name read from a student's file cannot lead out of versions/ or toolchains/.
bool PlainName(const std::string& name);

}  // namespace netgrade::plan
