#include "harness/plan/submission.h"

#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <mutex>

#include "harness/base/error.h"
#include "harness/base/text.h"
#include "harness/base/which.h"
#include "harness/plan/role_guess.h"
#include "harness/spec/suggest.h"

namespace netgrade::plan {
namespace fs = std::filesystem;
namespace {

// A file itself, never through a link: a link's target may lie outside the submission.
bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

bool IsExecutableFile(const fs::path& p) { return IsFile(p) && ::access(p.c_str(), X_OK) == 0; }

bool IsSource(const std::string& lower_ext) {
  return lower_ext == ".c" || lower_ext == ".cc" || lower_ext == ".cpp" || lower_ext == ".cxx";
}

// "'myserver.c' is source code: compile it into an executable named 'server' (gcc -o server
// myserver.c)."
// Named for no role, it is not built: renamed for the role it would be (`renamed`).
std::string CompileIt(const std::string& file, const std::string& program, bool renamed = false) {
  bool c = AsciiLower(fs::path(file).extension().string()) == ".c";
  std::string rename = renamed ? fmt::format("name it '{}{}' (netgrade builds it), or ", program,
                                             fs::path(file).extension().string())
                               : "";
  return fmt::format(
      "'{}' is source code: {}compile it into an executable named '{}' ({} -o {} {}).", file,
      rename, program, c ? "gcc" : "g++", program, file);
}

Program MakeProgram(const std::string& role, const fs::path& path) {
  Program p;
  p.role = role;
  p.path = path;
  p.display_name = path.filename().string();
  p.language = LanguageOf(path) == Language::kJavaScript ? Language::kJavaScript
               : LanguageOf(path) == Language::kPython   ? Language::kPython
                                                         : Language::kExecutable;
  if (p.language == Language::kPython || p.language == Language::kJavaScript) {
    // The interpreter of the folder the script is in (its .python-version counts): named in
    // the report when it is not the system's own.
    std::optional<Toolchain> t =
        p.language == Language::kPython
            ? FindToolchain("python3", ToolSearch::OfThisProcess(path.parent_path()))
            : RequireToolchain("node", path.parent_path());
    p.command_prefix = {t ? t->path.string() : Python3()};
    if (t && !t->root.empty()) {
      p.read_only = {t->root.string()};
      p.toolchain = t->Describe();
    }
  }
  return p;
}

}  // namespace

std::string Python3() {
  static const std::string found = [] {
    if (std::optional<Toolchain> t = FindToolchain("python3", ToolSearch::OfThisProcess()))
      return t->path.string();
    return ::access("/usr/bin/python3", X_OK) == 0 ? std::string("/usr/bin/python3")
                                                   : ResolveExecutable("python3");
  }();
  return found;
}

namespace {

// The role's program as the source `plan` builds it.
Program FromPlan(const std::string& role, const LanguagePlan& plan) {
  if (plan.language == Language::kPython) return MakeProgram(role, plan.program);
  Program p;
  p.role = role;
  p.path = plan.program;
  p.command_prefix = plan.run_prefix;
  p.display_name = plan.source.filename().string();
  p.language = plan.language;
  p.build_argv = plan.build_argv;
  p.build_env = plan.build_env;
  p.run_name = plan.run_name;
  p.read_only = plan.read_only;
  p.toolchain = plan.toolchain;
  return p;
}

bool Compiled(Language language) {
  return language == Language::kJava || language == Language::kC || language == Language::kCpp ||
         language == Language::kGo || language == Language::kRust;
}

// --program ROLE=FILE. Source code to compile is built as one found in the folder would be
// (running it would be "Permission denied", blamed on the student): where the build runs, at
// the top of the submission's folder, and only when netgrade builds sources (no build: step).
Program Given(const fs::path& dir, const std::string& role, const std::string& given,
              bool build_sources) {
  fs::path p = fs::absolute(given);
  if (!fs::is_regular_file(p))
    throw UsageError(fmt::format("--program {}={}: no such file", role, given));
  if (!Compiled(LanguageOf(p))) return MakeProgram(role, p);
  if (!build_sources)
    throw UsageError(fmt::format(
        "--program {}={}: source code, and this spec builds its programs itself (build:): "
        "give the program it builds",
        role, given));
  std::error_code ec1, ec2;
  if (fs::weakly_canonical(p.parent_path(), ec1) != fs::weakly_canonical(fs::absolute(dir), ec2))
    throw UsageError(fmt::format(
        "--program {}={}: netgrade builds source code at the top of the submission's folder: "
        "put it there, or give the program compiled",
        role, given));
  // Java compiles every .java file of the folder together; anything else is built alone.
  std::vector<fs::path> entries = {p};
  if (LanguageOf(p) == Language::kJava) {
    entries.clear();
    for (const auto& e : fs::directory_iterator(p.parent_path(), ec1))
      if (LanguageOf(e.path()) == Language::kJava) entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
  }
  std::optional<LanguagePlan> plan = FindSource(p.parent_path(), entries, p.stem().string());
  if (!plan) throw UsageError(fmt::format("--program {}={}: cannot be built", role, given));
  return FromPlan(role, *plan);
}

// Source built into an executable of its name (Java's build makes class files instead).
bool BuildsExecutable(Language language) {
  return Compiled(language) && language != Language::kJava;
}

// How much later than its executable a source must have been written to count as edited since.
constexpr std::chrono::nanoseconds kEditedAfter = std::chrono::seconds(2);

// The source of `name` in a compiled language, when it changed after `executable` was built
// from it: built again, and the note says why the executable was not run.
std::optional<Program> FromNewerSource(const fs::path& dir, const std::vector<fs::path>& entries,
                                       const std::string& name, const fs::path& executable,
                                       const std::string& role) {
  struct stat built{};
  if (::stat(executable.c_str(), &built) != 0) return std::nullopt;
  auto ns = [](const struct timespec& t) { return t.tv_sec * 1'000'000'000LL + t.tv_nsec; };
  bool edited_since = false;
  for (const fs::path& e : entries) {
    const Language l = LanguageOf(e);
    if (AsciiLower(e.stem().string()) != AsciiLower(name) || e == executable ||
        !BuildsExecutable(l))
      continue;
    struct stat edited{};
    // Files a checkout or an upload wrote together differ by less: a clone of a repository
    // that holds both is not an edit after the build (kEditedAfter).
    if (IsFile(e) && ::stat(e.c_str(), &edited) == 0 &&
        ns(edited.st_mtim) - ns(built.st_mtim) > kEditedAfter.count())
      edited_since = true;
  }
  if (!edited_since) return std::nullopt;
  std::optional<LanguagePlan> source;
  try {
    source = FindSource(dir, entries, name);
  } catch (const MissingToolchain&) {
    return std::nullopt;  // no compiler here: the executable handed in is all there is to run
  }
  if (!source || !BuildsExecutable(source->language))
    return std::nullopt;  // the folder's program is the interpreted one, graded as before
  Program p = FromPlan(role, *source);
  p.note = fmt::format(
      "'{}' is older than '{}' (it was built before the source's last change), so netgrade "
      "built '{}' again and graded that, not the old '{}'.",
      executable.filename().string(), source->source.filename().string(),
      source->source.filename().string(), executable.filename().string());
  return p;
}

}  // namespace

std::optional<Program> FindProgram(const fs::path& dir, const spec::Role& role,
                                   const std::map<std::string, std::string>& overrides,
                                   bool build_sources) {
  if (auto it = overrides.find(role.name); it != overrides.end())
    return Given(dir, role.name, it->second, build_sources);
  std::vector<fs::path> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  // The role's names in the spec's order; for each, an executable before source code.
  for (const std::string& name : role.names) {
    for (const fs::path& e : entries)
      if (AsciiLower(e.filename().string()) == AsciiLower(name) && IsExecutableFile(e)) {
        if (build_sources)
          if (std::optional<Program> again = FromNewerSource(dir, entries, name, e, role.name))
            return again;
        return MakeProgram(role.name, e);
      }
    if (!build_sources) {
      for (const fs::path& e : entries)
        if (AsciiLower(e.filename().string()) == AsciiLower(name + ".py") && IsFile(e))
          return MakeProgram(role.name, e);
      continue;
    }
    if (std::optional<LanguagePlan> source = FindSource(dir, entries, name))
      return FromPlan(role.name, *source);
  }
  return std::nullopt;
}

std::string DescribeCandidates(const spec::Role& role) {
  std::string out;
  for (const std::string& name : role.names) {
    if (!out.empty()) out += ", ";
    out += name + ", " + name + ".py";
  }
  return out;
}

namespace {

// NearMisses with the file names as they are.
std::string NearMissesAsNamed(const fs::path& dir, const spec::Role& role,
                              const std::vector<spec::Role>& roles,
                              const std::vector<std::string>& given) {
  std::vector<std::string> names, files, hints;
  // Source files named for no role (myserver.c, main.cpp): left uncompiled whatever their name.
  std::vector<std::string> sources, sources_like_role;
  for (const std::string& n : role.names) names.push_back(AsciiLower(n));
  // Every role's names: a file nearer to another role's name (tcpServer.py, the receiver's)
  // is that role's program, never a misspelling of this one's (tcpSender.py).
  std::vector<std::string> all_names = names;
  for (const spec::Role& other : roles)
    if (other.name != role.name)
      for (const std::string& n : other.names) all_names.push_back(AsciiLower(n));
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    bool link = e.is_symlink(ec);
    if (!link && !e.is_regular_file(ec)) continue;
    std::string file = e.path().filename().string();
    if (std::find(given.begin(), given.end(), file) != given.end()) continue;  // the spec's
    std::string stem = AsciiLower(e.path().stem().string()),
                ext = AsciiLower(e.path().extension().string());
    std::string taken_by;  // the other role whose name the file has
    for (const spec::Role& other : roles)
      if (other.name != role.name && (ext.empty() || ext == ".py" || IsSource(ext)))
        for (const std::string& n : other.names)
          if (AsciiLower(n) == stem) taken_by = other.name;
    files.push_back(taken_by.empty() ? file : fmt::format("{} (the {}'s program)", file, taken_by));
    bool named = std::find(names.begin(), names.end(), stem) != names.end();
    if (named && link)
      hints.push_back(fmt::format(
          "'{}' is a link, and netgrade never runs a program through a link: put the file "
          "itself in the folder.",
          file));
    else if (named && ext.empty())
      hints.push_back(
          fmt::format("'{}' is there but is not executable: run chmod +x {} (with a #! line "
                      "naming its interpreter), or name a Python program {}.py.",
                      file, file, file));
    else if (named && IsSource(ext))
      hints.push_back(CompileIt(file, e.path().stem().string()));
    else if (!link && IsSource(ext) && taken_by.empty() &&
             !std::any_of(all_names.begin() + names.size(), all_names.end(),
                          [&](const std::string& n) {
                            return stem.find(n) != std::string::npos &&
                                   std::none_of(names.begin(), names.end(), [&](const auto& m) {
                                     return stem.find(m) != std::string::npos;
                                   });
                          })) {
      // (myclient.c is the client's, never the server's)
      sources.push_back(file);
      for (const std::string& n : names)
        if (stem.find(n) != std::string::npos) {
          sources_like_role.push_back(file);
          break;
        }
    } else if (named)
      hints.push_back(
          fmt::format("'{}' has an ending netgrade does not run: give an executable '{}' or a "
                      "Python program '{}.py'.",
                      file, e.path().stem().string(), e.path().stem().string()));
    else if (ext == ".py" && AsciiLower(fs::path(stem).extension().string()) == ".py" &&
             std::find(names.begin(), names.end(), AsciiLower(fs::path(stem).stem().string())) !=
                 names.end())
      // Windows hides known endings, so a file saved as "client.py" there is "client.py.py".
      hints.push_back(fmt::format(
          "'{}' ends in .py twice (Windows hides file endings, so one was added to a name that "
          "had it): rename it '{}'.",
          file, e.path().stem().string()));
    else if (ext.empty() || ext == ".py")
      if (std::string near = spec::Nearest(stem, all_names);
          !near.empty() && std::find(names.begin(), names.end(), near) != names.end() &&
          std::max(near.size(), stem.size()) - std::min(near.size(), stem.size()) <= 2)
        hints.push_back(
            fmt::format("'{}' looks like a misspelling of '{}{}': rename it.", file,
                        *std::find_if(role.names.begin(), role.names.end(),
                                      [&](const std::string& n) { return AsciiLower(n) == near; }),
                        e.path().extension().string()));
  }
  // No program and no source named for the role: the source whose name holds the role's
  // (myserver.c), or the only one, is the role's program left uncompiled.
  if (hints.empty()) {
    std::sort(sources.begin(), sources.end());
    std::sort(sources_like_role.begin(), sources_like_role.end());
    if (!sources_like_role.empty())
      for (const std::string& f : sources_like_role) hints.push_back(CompileIt(f, role.name, true));
    else if (sources.size() == 1)
      hints.push_back(CompileIt(sources[0], role.name, true));
    else if (!sources.empty())
      hints.push_back(
          fmt::format("{} are source code: compile the {}'s into an executable named '{}'.",
                      QuoteList(sources), role.name, role.name));
  }
  if (!hints.empty()) {
    std::string out;
    for (const std::string& h : hints) out += " " + h;
    return out;
  }
  if (files.empty()) return "";
  std::sort(files.begin(), files.end());
  std::string list;
  for (size_t i = 0; i < files.size() && i < 8; ++i) list += (i ? ", " : "") + files[i];
  if (files.size() > 8) list += fmt::format(" and {} more", files.size() - 8);
  return fmt::format(" The folder holds: {}.", list);
}

}  // namespace

std::vector<std::string> SpecFileNames(const spec::Spec& spec) {
  std::vector<std::string> out;
  for (const spec::GivenFile& f : spec.files) {
    if (f.peer_only) continue;  // never in the folder
    std::string top = fs::path(f.path).lexically_normal().begin()->string();
    if (std::find(out.begin(), out.end(), top) == out.end()) out.push_back(top);
  }
  return out;
}

std::string NearMisses(const fs::path& dir, const spec::Role& role,
                       const std::vector<spec::Role>& roles,
                       const std::vector<std::string>& given) {
  // One line whatever the names hold: a name with a line break could otherwise start a line
  // of the report with text the student chose (a GitHub Actions command, '::notice ...').
  std::string named = NearMissesAsNamed(dir, role, roles, given);
  // A program that clearly is the role's (plan/role_guess.h) is named before the listing, and
  // instead of "compile it" when it is compiled already.
  if (std::optional<RoleGuess> guess = GuessRoleProgram(dir, role, roles)) {
    bool listing = named.empty() || named.rfind(" The folder holds:", 0) == 0;
    bool compiled = guess->source != guess->file;
    // A compiled program is no misspelling (myserver) and needs no compiling.
    bool misnamed =
        named.find("'" + guess->file + "' looks like a misspelling") != std::string::npos;
    if (listing || (compiled && (misnamed || named.find(" is source code") != std::string::npos)))
      named = " " + DescribeGuess(*guess, role) + (listing ? named : "");
  }
  return EscapeText(named, std::string_view::npos);
}

}  // namespace netgrade::plan
