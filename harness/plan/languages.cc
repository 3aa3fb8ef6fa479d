#include "harness/plan/languages.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "harness/base/file.h"
#include "harness/base/text.h"

namespace netgrade::plan {
namespace fs = std::filesystem;

// The encoding javac reads a class's sources in: UTF-8 where every file is; else GBK where
// every byte that is not ASCII makes a GBK pair (comments written on a Chinese Windows, whose
// javac reads them so); else ISO-8859-1, which takes any byte (comments in Windows-1252). A
// course's machine would compile them: UTF-8 alone fails ("unmappable character (0xD6) for
// encoding UTF-8").
std::string JavaEncoding(const std::vector<fs::path>& sources) {
  bool utf8 = true, gbk = true;
  for (const fs::path& f : sources) {
    const std::string text = ReadFile(f.string(), 16 << 20).value_or("");
    for (size_t i = 0; i < text.size();) {
      if (static_cast<unsigned char>(text[i]) < 0x80) {
        ++i;
        continue;
      }
      size_t n = Utf8CharLength(std::string_view(text).substr(i));
      utf8 = utf8 && n > 0;
      i += n > 0 ? n : 1;
    }
    for (size_t i = 0; i < text.size(); ++i) {
      auto lead = static_cast<unsigned char>(text[i]);
      if (lead < 0x80) continue;
      auto trail = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
      gbk = gbk && lead >= 0x81 && lead <= 0xFE && trail >= 0x40 && trail <= 0xFE && trail != 0x7F;
      ++i;
    }
  }
  return utf8 ? "UTF-8" : gbk ? "GBK" : "ISO-8859-1";
}

namespace {

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

bool IsFolder(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(fs::symlink_status(p, ec));
}

// Debian's package for each tool the languages use.
std::string PackageOf(const std::string& tool) {
  if (tool == "javac" || tool == "java") return "default-jdk-headless";
  if (tool == "go") return "golang-go";
  if (tool == "node") return "nodejs";
  return tool;  // gcc, g++, rustc, cargo, python3
}

// The toolchain `t` for a program: its path, with its installation added to what the sandbox
// shows; the first tool `named` (the compiler) is the plan's toolchain, and a script's
// interpreter only when it is not the system's.
std::string Use(LanguagePlan& p, const Toolchain& t, bool named) {
  if (!t.root.empty() &&
      std::find(p.read_only.begin(), p.read_only.end(), t.root.string()) == p.read_only.end())
    p.read_only.push_back(t.root.string());
  bool script = p.language == Language::kPython || p.language == Language::kJavaScript;
  if (named && p.toolchain.empty() && (!script || !t.root.empty())) p.toolchain = t.Describe();
  return t.path.string();
}

// The same for the tool `name` of a program of `project` (its own rust-toolchain.toml and
// .python-version count).
std::string Use(LanguagePlan& p, const std::string& name, const fs::path& project,
                bool named = true) {
  return Use(p, RequireToolchain(name, project), named);
}

// The program a source named `stem` compiles to, beside it: server.c makes "server".
fs::path Beside(const fs::path& source) { return source.parent_path() / source.stem(); }

// A file name as an argument no tool takes for an option.
std::string AsArgument(const fs::path& file) {
  std::string name = file.filename().string();
  return name.rfind('-', 0) == 0 ? "./" + name : name;
}

// The JVM's flags, for javac (each with -J) and java. The heap sized for the sandbox's 1 GiB
// cap (sandbox::Limits::memory_bytes), not the machine's memory: without it a JVM on a big
// machine commits 1/64 of its memory at start and may grow past the cap, where it dies of a
// failed mmap instead of saying OutOfMemoryError. The serial collector and the first compiler
// only: a JVM then runs 13 threads of its own instead of 20-40 (one per core), and starts
// faster; no perf data file in /tmp.
// Its heap at most 3/4 of the cap: the rest is the JVM's own (classes, compiled code, stacks).
const std::vector<std::string> kJvmFlags = {"-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75",
                                            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                            "-XX:-UsePerfData"};

LanguagePlan Java(const fs::path& dir, const std::vector<fs::path>& entries, const fs::path& file) {
  LanguagePlan p;
  p.language = Language::kJava;
  p.source = p.program = file;
  p.build_argv = {Use(p, "javac", dir)};
  for (const std::string& f : kJvmFlags) p.build_argv.push_back("-J" + f);
  // Every .java file of the folder together: a server's helper classes in files of their own.
  std::vector<fs::path> sources;
  for (const fs::path& e : entries)
    if (AsciiLower(e.extension().string()) == ".java" && IsFile(e)) sources.push_back(e);
  const std::string encoding = JavaEncoding(sources);
  // -Xlint: Java's -Wall; the .class files land beside the sources (the class path is ".").
  for (const char* a : {"-encoding", encoding.c_str(), "-Xlint:all", "-Xlint:-serial", "-d", "."})
    p.build_argv.push_back(a);
  for (const fs::path& e : sources) p.build_argv.push_back(AsArgument(e));
  // Said where the report names the toolchain.
  if (encoding != "UTF-8")
    p.toolchain += (p.toolchain.empty() ? "" : ", ") + std::string("sources read as ") + encoding +
                   " (not UTF-8)";
  p.run_prefix = {Use(p, "java", dir, false)};
  p.run_prefix.insert(p.run_prefix.end(), kJvmFlags.begin(), kJvmFlags.end());
  p.run_prefix.insert(p.run_prefix.end(), {"-cp", "."});
  p.run_name = ReadJavaClass(file, ReadFile(file).value_or("")).name;
  return p;
}

LanguagePlan Compiled(Language language, const fs::path& dir, const fs::path& file) {
  LanguagePlan p;
  p.language = language;
  p.source = file;
  p.program = Beside(file);
  std::string out = p.program.filename().string();
  if (language == Language::kC)
    p.build_argv = {Use(p, "gcc", dir), "-O2", "-Wall", "-pthread", "-o", out,
                    AsArgument(file),   "-lm"};
  else if (language == Language::kCpp)
    p.build_argv = {Use(p, "g++", dir), "-O2", "-Wall", "-pthread", "-o", out, AsArgument(file)};
  else if (language == Language::kRust)
    p.build_argv = {Use(p, "rustc", dir), "--edition", "2021", "-O", "-o", out, AsArgument(file)};
  return p;
}

// Go's build offline, its caches in the build's own temporary folder ("{tmp}": the jail's
// /tmp, run/build_step.cc; the build cache one whose entries are links to the standard
// library compiled once, where Go ships it as source: run/go_std_cache.h), modules only from
// the folder (GOPROXY=off: nothing is downloaded), GOPATH mode without a go.mod.
// (cgo stays on where gcc is: Debian's standard library is built with it, so a build takes
// 0.9 s instead of 4.3 s recompiling net for CGO_ENABLED=0.)
const std::vector<std::string> kGoEnv = {
    "GOCACHE={tmp}/go-cache", "GOPATH={tmp}/go",  "GOPROXY=off",
    "GOFLAGS=-mod=mod",       "GO111MODULE=auto", "GOTOOLCHAIN=local"};

LanguagePlan Go(const fs::path& dir, const fs::path& source, const fs::path& program,
                const std::string& target) {
  LanguagePlan p;
  p.language = Language::kGo;
  p.source = source;
  p.program = program;
  p.build_argv = {Use(p, "go", dir), "build", "-o", program.lexically_relative(dir).string(),
                  target};
  p.build_env = kGoEnv;
  return p;
}

// `name = "..."` in Cargo.toml's [package] table, else "".
std::string CargoPackageName(const std::string& toml) {
  std::istringstream lines(toml);
  bool in_package = false;
  static const std::regex name_line(R"re(^\s*name\s*=\s*"([^"]*)")re");
  for (std::string line; std::getline(lines, line);) {
    std::string trimmed = line.substr(line.find_first_not_of(" \t") == std::string::npos
                                          ? line.size()
                                          : line.find_first_not_of(" \t"));
    if (!trimmed.empty() && trimmed[0] == '[') in_package = trimmed.rfind("[package]", 0) == 0;
    std::smatch m;
    if (in_package && std::regex_search(line, m, name_line)) return m[1];
  }
  return "";
}

// A Cargo project at the folder's top whose binary is named for the role: src/bin/NAME.rs,
// or the package NAME itself (src/main.rs).
std::optional<LanguagePlan> Cargo(const fs::path& dir, const std::string& name) {
  fs::path toml = dir / "Cargo.toml";
  if (!IsFile(toml)) return std::nullopt;
  std::string bin;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "src" / "bin", ec))
    if (AsciiLower(e.path().filename().string()) == AsciiLower(name + ".rs") && IsFile(e.path()))
      bin = e.path().stem().string();
  std::string package = CargoPackageName(ReadFile(toml).value_or(""));
  if (bin.empty() && AsciiLower(package) == AsciiLower(name) && IsFile(dir / "src" / "main.rs"))
    bin = package;
  if (bin.empty()) return std::nullopt;
  LanguagePlan p;
  p.language = Language::kCargo;
  p.source = toml;
  p.program = dir / "target" / "release" / bin;
  std::string cargo = Use(p, "cargo", dir, false);
  p.build_argv = {cargo, "build", "--release", "--offline", "--quiet", "--bin", bin};
  // The rustc of cargo's own toolchain when it has one (rustup's toolchain, /usr/bin), else
  // the user's. Cargo's own files in the build's temporary folder.
  ToolSearch beside = ToolSearch::OfThisProcess(dir);
  beside.path = fs::path(cargo).parent_path().string();
  std::optional<Toolchain> rustc = FindToolchain("rustc", beside);
  p.build_env = {"CARGO_HOME={tmp}/cargo",
                 "RUSTC=" + (rustc ? Use(p, *rustc, true) : Use(p, "rustc", dir)),
                 "CARGO_TERM_COLOR=never"};
  return p;
}

}  // namespace

std::string LanguageName(Language language) {
  switch (language) {
    case Language::kExecutable:
      return "an executable";
    case Language::kPython:
      return "Python";
    case Language::kJavaScript:
      return "JavaScript";
    case Language::kJava:
      return "Java";
    case Language::kC:
      return "C";
    case Language::kCpp:
      return "C++";
    case Language::kGo:
      return "Go";
    case Language::kRust:
    case Language::kCargo:
      return "Rust";
  }
  return "?";
}

Language LanguageOf(const fs::path& file) {
  std::string ext = AsciiLower(file.extension().string());
  if (file.filename() == "Cargo.toml") return Language::kCargo;
  if (ext == ".py") return Language::kPython;
  if (ext == ".js" || ext == ".mjs") return Language::kJavaScript;
  if (ext == ".java") return Language::kJava;
  if (ext == ".c") return Language::kC;
  if (ext == ".cc" || ext == ".cpp" || ext == ".cxx") return Language::kCpp;
  if (ext == ".go") return Language::kGo;
  if (ext == ".rs") return Language::kRust;
  return Language::kExecutable;
}

std::string SystemTool(const std::string& name) {
  std::optional<Toolchain> t = FindToolchain(name, ToolSearch::OfThisProcess());
  return t ? t->path.string() : "";
}

Toolchain RequireToolchain(const std::string& name, const fs::path& project) {
  ToolSearch search = ToolSearch::OfThisProcess(project);
  if (std::optional<Toolchain> t = FindToolchain(name, search)) return *t;
  // Passed over, not missing: root's own (~/.cargo in a 0700 /root), which the cases' users
  // cannot reach.
  search.others_must_reach = false;
  if (std::optional<Toolchain> t = FindToolchain(name, search))
    throw MissingToolchain(fmt::format(
        "{} is not installed where the cases' users can reach it: {} is in a folder only its "
        "owner may enter (netgrade runs as root, and each case as a user of its own): install "
        "it for all users (`apt-get install {}`), or run netgrade as its owner",
        name, t->Describe(), PackageOf(name)));
  throw MissingToolchain(fmt::format("{} is not installed on this machine: `apt-get install {}`",
                                     name, PackageOf(name)));
}

std::string RequireTool(const std::string& name) { return RequireToolchain(name).path.string(); }

JavaClass ReadJavaClass(const fs::path& file, const std::string& text) {
  JavaClass c;
  c.name = file.stem().string();
  static const std::regex package(R"re((^|\n)\s*package\s+([A-Za-z_][\w.]*)\s*;)re");
  static const std::regex main_method(R"re(static\s+(public\s+)?void\s+main\s*\()re");
  std::smatch m;
  if (std::regex_search(text, m, package)) c.name = m[2].str() + "." + c.name;
  c.has_main = std::regex_search(text, main_method) ||
               std::regex_search(text, std::regex(R"re(void\s+main\s*\(\s*String)re"));
  return c;
}

std::optional<LanguagePlan> FindSource(const fs::path& dir, const std::vector<fs::path>& entries,
                                       const std::string& name) {
  // In the order a folder is most likely meant: an interpreted program, then a compiled one.
  for (Language want : {Language::kPython, Language::kJavaScript, Language::kJava, Language::kC,
                        Language::kCpp, Language::kGo, Language::kRust}) {
    for (const fs::path& e : entries) {
      if (AsciiLower(e.stem().string()) != AsciiLower(name) || LanguageOf(e) != want || !IsFile(e))
        continue;
      switch (want) {
        case Language::kPython:
          return LanguagePlan{want, e, e, {}, {}, {}, ""};  // python3: FindProgram's
        case Language::kJavaScript: {
          LanguagePlan p{want, e, e, {}, {}, {}, ""};
          p.run_prefix = {Use(p, "node", dir)};
          return p;
        }
        case Language::kJava:
          return Java(dir, entries, e);
        case Language::kGo:
          return Go(dir, e, Beside(e), AsArgument(e));
        default:
          return Compiled(want, dir, e);
      }
    }
  }
  // A folder named for the role holding a Go main package (with the module's go.mod above it,
  // or none): built into the folder, as the role's name.
  for (const fs::path& e : entries) {
    if (AsciiLower(e.filename().string()) != AsciiLower(name) || !IsFolder(e)) continue;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(e, ec))
      if (AsciiLower(f.path().extension().string()) == ".go" && IsFile(f.path()))
        return Go(dir, e, e / e.filename(), "./" + e.filename().string());
  }
  return Cargo(dir, name);
}

}  // namespace netgrade::plan
