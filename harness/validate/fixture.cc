#include "harness/validate/fixture.h"

#include <fmt/core.h>
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/base/error.h"
#include "harness/kinds/kind.h"
#include "harness/plan/languages.h"
#include "harness/sandbox/netns.h"

namespace netgrade::validate {
namespace fs = std::filesystem;
namespace {

bool HasCompiledSources(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    if (ext == ".c" || ext == ".cc" || ext == ".cpp") return true;
  }
  return false;
}

// Whether `dir` holds a program: a regular file anyone may run. CMake makes a C++ reference's
// output folder when it configures, and fills it only when that target is built.
bool HoldsAProgram(const fs::path& dir) {
  std::error_code error;
  for (const auto& e : fs::directory_iterator(dir, error))
    if (e.is_regular_file(error) &&
        (e.status(error).permissions() & fs::perms::owner_exec) != fs::perms::none)
      return true;
  return false;
}

// A folder with a Makefile is built by the spec's build step, in the grader's copy: CMake
// leaves it alone (tests/submissions/CMakeLists.txt, reference/CMakeLists.txt), so it is
// graded from the source tree.
bool BuiltByCMake(const fs::path& dir) {
  return HasCompiledSources(dir) && !fs::exists(dir / "Makefile");
}

// "build/makefile-server" for a fixture under tests/submissions/, else its path from the
// repository (or as given, outside it).
std::string FixtureName(const fs::path& dir, const fs::path& source_root) {
  for (const fs::path& base : {source_root / "tests" / "submissions", source_root}) {
    fs::path rel = fs::weakly_canonical(dir).lexically_relative(fs::weakly_canonical(base));
    if (!rel.empty() && *rel.begin() != "..") return rel.string();
  }
  return dir.string();
}

// The spec: an expected.yaml names, read alone (a fixture of another exercise is not loaded).
std::string SpecNamed(const fs::path& expected_file) {
  try {
    YAML::Node doc = YAML::LoadFile(expected_file.string());
    return doc["spec"] && doc["spec"].IsScalar() ? doc["spec"].as<std::string>() : "";
  } catch (const YAML::Exception& e) {
    throw UsageError(fmt::format("{}: {}", expected_file.string(), e.what()));
  }
}

}  // namespace

Fixture LoadFixture(const fs::path& expected_file, const fs::path& source_root,
                    const fs::path& build_root) {
  Fixture f;
  fs::path dir = expected_file.parent_path();
  f.name = FixtureName(dir, source_root);
  f.dir = BuiltByCMake(dir) ? build_root / "tests" / "submissions" / f.name : dir;
  try {
    YAML::Node doc = YAML::LoadFile(expected_file.string());
    // `built_by: netgrade`: graded from its sources, as handed in (CMake leaves it alone).
    if (doc["built_by"] && doc["built_by"].as<std::string>() == "netgrade") f.dir = dir;
    f.spec = doc["spec"].as<std::string>();
    if (doc["roles"]) f.roles = doc["roles"].as<std::vector<std::string>>();
    if (doc["cases"]) f.cases = doc["cases"].as<std::vector<std::string>>();
    if (doc["about"]) f.about = doc["about"].as<std::string>();
    if (doc["random"]) f.random = doc["random"].as<bool>();
    if (doc["settles"]) f.settles = doc["settles"].as<bool>();
    auto where = [&](const YAML::Node& n) {
      return fmt::format("{}:{}", expected_file.string(), n.Mark().line + 1);
    };
    // The key sentence of a diagnosis: a non-empty string.
    auto sentence = [&](const YAML::Node& n, const std::string& what) {
      std::string text = n.IsScalar() ? n.as<std::string>() : "";
      if (text.find_first_not_of(" \t\n") == std::string::npos)
        throw UsageError(fmt::format(
            "{}: {} must be the key sentence the diagnosis must contain, a non-empty string",
            where(n), what));
      return text;
    };
    if (doc["note"]) f.note = sentence(doc["note"], "note:");
    std::string all_say;  // the fixture-level says:, for every failing case without its own
    if (doc["says"]) all_say = sentence(doc["says"], "says:");
    if (doc["fail"]) {
      for (const auto& kv : doc["fail"]) {
        std::string name = kv.first.as<std::string>();
        // Short form `case: code`; long form `case: {code: CODE, says: "key sentence"}`.
        YAML::Node code_node = kv.second;
        std::string say = all_say;
        if (kv.second.IsMap()) {
          for (const auto& key : kv.second) {
            std::string k = key.first.as<std::string>();
            if (k != "code" && k != "says")
              throw UsageError(fmt::format("{}: case '{}' has '{}'; its keys are code and says",
                                           where(key.first), name, k));
          }
          const YAML::Node entry = kv.second;  // const: looking up a key adds nothing
          if (!entry["code"])
            throw UsageError(fmt::format("{}: case '{}' has no code: (the diagnosis it must get)",
                                         where(kv.second), name));
          code_node.reset(entry["code"]);  // reset: operator= would overwrite kv.second
          if (entry["says"])
            say = sentence(entry["says"], fmt::format("the says: of case '{}'", name));
          else if (say.empty())
            throw UsageError(fmt::format(
                "{}: case '{}' has no says: (the key sentence its diagnosis must contain), and "
                "the fixture has no says: for all its cases",
                where(kv.second), name));
        }
        if (!code_node.IsScalar())
          throw UsageError(fmt::format(
              "{}: case '{}' must be given as `{}: code` or `{}: {{code: CODE, says: \"...\"}}`",
              where(kv.second), name, name, name));
        std::string code_name = code_node.as<std::string>();
        auto code = kinds::CodeFromName(code_name);
        if (!code)
          throw UsageError(fmt::format("{}: unknown diagnosis '{}'", where(code_node), code_name));
        f.fail[name] = *code;
        if (!say.empty()) f.says[name] = say;
      }
    }
    if (doc["needs"]) {
      std::string needs = doc["needs"].as<std::string>();
      if (needs != "namespaces")
        throw UsageError(fmt::format("{}: needs: '{}'; the only need is 'namespaces'",
                                     where(doc["needs"]), needs));
      f.needs_namespaces = true;
    }
    if (!all_say.empty() && f.fail.empty())
      throw UsageError(fmt::format(
          "{}: says: names the key sentence of failing cases' diagnoses, but fail: lists none",
          where(doc["says"])));
  } catch (const YAML::Exception& e) {
    throw UsageError(fmt::format("{}: {}", expected_file.string(), e.what()));
  }
  return f;
}

// The reference solutions of a lab folder: `<spec_dir>/reference/<language>/` for each
// language, else `<spec_dir>/reference/` itself when it holds files (one solution, its
// programs found by their names, as a student's are).
namespace {
void AddReferenceBesideSpec(const fs::path& spec_dir, const std::string& exercise,
                            std::vector<Fixture>* out) {
  fs::path beside = spec_dir / "reference";
  std::error_code ec;
  if (!fs::is_directory(beside, ec)) return;
  auto add = [&](const fs::path& dir, const std::string& name) {
    Fixture f;
    f.name = name;
    f.dir = dir;
    f.spec = exercise;
    f.about = "a reference solution, beside the spec";
    out->push_back(std::move(f));
  };
  for (const char* lang : {"python", "c", "cpp", "java", "go", "rust", "javascript"})
    if (fs::is_directory(beside / lang, ec)) add(beside / lang, std::string("reference/") + lang);
  if (!out->empty()) return;
  for (const auto& e : fs::directory_iterator(beside, ec))
    if (e.is_regular_file(ec)) {
      add(beside, "reference/");
      return;
    }
}
}  // namespace

std::vector<Fixture> LoadCatalogue(const fs::path& source_root, const fs::path& build_root,
                                   const std::string& exercise, const fs::path& spec_dir) {
  std::vector<Fixture> out;
  // C++ references are built by CMake (reference/CMakeLists.txt); the others are graded from
  // their sources, which netgrade builds itself (plan/languages.h) where the toolchain is.
  const std::vector<std::pair<std::string, std::string>> kLanguages = {
      {"cpp", ""},  {"python", ""},    {"java", "javac"},     {"c", "gcc"},
      {"go", "go"}, {"rust", "cargo"}, {"javascript", "node"}};
  for (const auto& [lang, tool] : kLanguages) {
    fs::path sources = source_root / "reference" / exercise / lang;
    fs::path dir = lang == "cpp" ? build_root / "reference" / exercise / lang : sources;
    if (!fs::is_directory(dir) && !fs::is_directory(sources)) continue;
    if (fs::is_directory(sources) && (lang != "cpp" || !BuiltByCMake(sources))) dir = sources;
    Fixture f{.name = "reference/" + exercise + "/" + lang,
              .dir = dir,
              .spec = exercise,
              .roles = {},
              .cases = {},
              .fail = {},
              .says = {},
              .about = "a reference solution",
              .note = "",
              .unavailable = {}};
    if (!fs::is_directory(dir))
      f.unavailable = fmt::format("not built: {} is missing (build with: ninja -C {})",
                                  dir.string(), build_root.string());
    else if (dir != sources && !HoldsAProgram(dir))  // configured, not built (ci/setup's first
      f.unavailable = fmt::format(                   // command builds netgrade alone)
          "not built: {} holds no program yet (build with: ninja -C {})", dir.string(),
          build_root.string());
    else if (!tool.empty() && plan::SystemTool(tool).empty())
      f.unavailable =
          fmt::format("{} is not installed on this machine (ci/install-deps.sh --all)", tool);
    out.push_back(std::move(f));
  }
  // A lab kept in a folder of its own (the spec, its reference/ beside it, and its fixtures)
  // rather than in netgrade's tree: reference/<language>/, or the programs in reference/.
  if (out.empty()) AddReferenceBesideSpec(spec_dir, exercise, &out);
  // The exercise's own folder, and the spec's: fixtures kept beside a spec outside specs/
  // (tests/submissions/build/) belong to it when their expected.yaml names it.
  std::set<fs::path> files;
  for (const fs::path& folder : {source_root / "tests" / "submissions" / exercise, spec_dir}) {
    if (folder.empty() || !fs::is_directory(folder)) continue;
    for (const auto& e : fs::recursive_directory_iterator(folder))
      if (e.path().filename() == "expected.yaml" && SpecNamed(e.path()) == exercise)
        files.insert(fs::weakly_canonical(e.path()));
  }
  for (const fs::path& file : files) {
    Fixture f = LoadFixture(file, source_root, build_root);
    if (f.spec == exercise) out.push_back(std::move(f));
  }
  return out;
}

std::string SkipReason(const Fixture& fixture) {
  if (!fixture.needs_namespaces || sandbox::NetNamespace::Available()) return "";
  return "needs network namespaces of its own: its program dials a host that is not this "
         "machine, where nothing may be sent";
}

}  // namespace netgrade::validate
