// The languages a role's program may be handed in as, and how each is built and run. A
// source named for the role (server.c, TCPServer.java, server.go, a Cargo project's bin) is
// built once per submission, in its checked copy and contained like a case (run/build_step),
// with the usual flags and offline; the program is then run like any other. The compilers are
// those the invoking user would run (plan/toolchain.h: the first on their PATH, rustup's and
// pyenv's choice followed), their installation shown read-only to the build and the program.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/error.h"
#include "harness/plan/toolchain.h"

namespace netgrade::plan {

enum class Language { kExecutable, kPython, kJavaScript, kJava, kC, kCpp, kGo, kRust, kCargo };

// "Java", "C++", for messages.
std::string LanguageName(Language language);

// A toolchain the grading machine lacks: the operator's problem (exit 2), never the student's.
// what(): "javac is not installed on this machine: `apt-get install default-jdk-headless`".
class MissingToolchain : public UsageError {
 public:
  using UsageError::UsageError;
};

// How one role's program is built (when it is source code) and run.
struct LanguagePlan {
  Language language = Language::kExecutable;
  std::filesystem::path source;         // the file found (server.c, TCPServer.java, Cargo.toml)
  std::filesystem::path program;        // what runs: the executable made, or the source itself
  std::vector<std::string> build_argv;  // empty: nothing to build; else run in the folder
  std::vector<std::string> build_env;   // "NAME=value" ("{tmp}": the build's own temporary
                                        // folder), added to the student's environment
  std::vector<std::string> run_prefix;  // before the program: {"/usr/bin/node"}, java's flags
  std::string run_name;                 // non-empty: run this instead of the program's path
                                        // (a Java class: "TCPServer")
  // The toolchains' installations outside the system's folders (~/.rustup/toolchains/...):
  // the build's and the program's sandbox shows them read-only.
  std::vector<std::string> read_only = {};
  // For the report: the compiler of a program built ("rustc 1.95.0 (~/.rustup/...)"), the
  // interpreter of a script when it is not the system's own (a user's pyenv, nvm); else "".
  std::string toolchain = {};
};

// The role's program written as source code (or a Python or JavaScript file) in `dir` under
// `name` (without regard to case), or nullopt. `entries` are dir's regular files and folders,
// sorted. Throws MissingToolchain when the language's compiler or runtime is not installed.
std::optional<LanguagePlan> FindSource(const std::filesystem::path& dir,
                                       const std::vector<std::filesystem::path>& entries,
                                       const std::string& name);

// Which language a file is by its name alone: ".c" C, ".java" Java, "Cargo.toml" Cargo, ...;
// kExecutable for anything else.
Language LanguageOf(const std::filesystem::path& file);

// The path of the tool the invoking user would run (FindToolchain, the folder netgrade runs
// in choosing), empty when there is none.
std::string SystemTool(const std::string& name);

// FindToolchain(name) with `project` (the submission's folder: its rust-toolchain.toml and
// .python-version count), or MissingToolchain naming Debian's package for it.
Toolchain RequireToolchain(const std::string& name, const std::filesystem::path& project = {});

// RequireToolchain(name)'s path.
std::string RequireTool(const std::string& name);

// The encoding javac reads `sources` in: "UTF-8", else "GBK" where the bytes are GBK's, else
// "ISO-8859-1" (any byte), as a course's Windows machine would compile them.
std::string JavaEncoding(const std::vector<std::filesystem::path>& sources);

// The Java class a .java file declares (its package's name before it: "lab1.TCPServer"), and
// whether the file has a main method; from the text, without a compiler.
struct JavaClass {
  std::string name;
  bool has_main = false;
};
JavaClass ReadJavaClass(const std::filesystem::path& file, const std::string& text);

}  // namespace netgrade::plan
