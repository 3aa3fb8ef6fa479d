// netgrade validate SPEC... [--repeat K]: a spec is sound when every reference solution
// passes every case and every fixture listed for it fails exactly the cases it should, with
// the diagnosis it should, the same way on every run.
// The diagnosis a fixture should get is its code and the key sentence of its message
// (expected.yaml's says:).
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

#include "harness/cli/command.h"
#include "harness/run/grade.h"
#include "harness/run/own_network.h"
#include "harness/spec/load.h"
#include "harness/validate/catalogue.h"

namespace netgrade::cli {
namespace fs = std::filesystem;
namespace {

struct ValidateArgs {
  std::vector<std::string> specs;
  int repeat = 0;  // 0: twice with one seed, as FORMAT.md says; K: K times, a new seed each
  int jobs = 1;
  uint64_t seed = 1;
  std::string root;
  std::string build;
};

// The repository a spec belongs to: the nearest folder above it that holds tests/submissions/
// or reference/ (specs/x.yaml, and a spec kept beside its fixtures, such as
// tests/submissions/build/x.yaml); the folder above the spec's folder when none does.
fs::path RepositoryOf(const std::string& spec_path) {
  fs::path folder = fs::absolute(spec_path).parent_path();
  for (fs::path at = folder; !at.empty(); at = at.parent_path()) {
    if (fs::is_directory(at / "tests" / "submissions") || fs::is_directory(at / "reference"))
      return at;
    if (at == at.parent_path()) break;
  }
  return folder.parent_path();
}

// Every spec is loaded before any is graded, so one run reports every spec error at once.
int RunValidate(const ValidateArgs& args) {
  bool all_ok = true;
  bool spec_errors = false;
  size_t not_run = 0;  // specs this machine cannot run (run/own_network.h)
  std::vector<std::pair<std::string, spec::Spec>> specs;
  for (const std::string& path : args.specs) {
    spec::LoadResult loaded = spec::LoadSpecFile(path);
    if (loaded.ok()) {
      specs.emplace_back(path, std::move(*loaded.spec));
      continue;
    }
    spec_errors = true;
    for (const spec::SpecError& e : loaded.errors) fmt::print(stderr, "{}\n", e.ToString());
  }
  // Probed before any thread starts (a user namespace can only be made then); said once.
  if (!specs.empty())
    fmt::print(stderr, "{}", run::ContainmentLine(run::DescribeSandbox({}), false));
  for (const auto& [path, spec] : specs) {
    // A spec whose cases cannot run here is not validated here: its fixtures would all be
    // "not run", which shows nothing of its verdicts.
    if (std::string why = run::SpecNotRunHere(spec, run::RunOptions{}); !why.empty()) {
      fmt::print("{}: not validated on this machine\n", path);
      fmt::print(stderr, "netgrade: {}: {}\n", path, why);
      ++not_run;
      continue;
    }
    fs::path root = args.root.empty() ? RepositoryOf(path) : fs::path(args.root);
    fs::path build = args.build.empty() ? root / "build" : fs::path(args.build);
    // The fixtures of the exercise's folder, and those beside the spec that name it.
    std::vector<validate::Fixture> catalogue =
        validate::LoadCatalogue(root, build, spec.exercise, fs::absolute(path).parent_path());
    // Twice with one seed: what the same seed must repeat (verdicts, and UDP datagrams for a
    // program that draws nothing of its own) is checked on every validate.
    const int runs = args.repeat > 0 ? args.repeat : 2;
    const bool vary_seed = args.repeat > 0;
    fmt::print("{}: {} programs, {}\n", path, catalogue.size(),
               vary_seed
                   ? fmt::format("{} run{} each, a new seed each time", runs, runs == 1 ? "" : "s")
                   : fmt::format("2 runs each with seed {}", args.seed));
    if (std::none_of(catalogue.begin(), catalogue.end(),
                     [](const validate::Fixture& f) { return f.reference(); })) {
      fmt::print(
          "  FAIL no reference solution under {} or {}: nothing shows that a correct program "
          "passes (put one there, e.g. python/<role>.py)\n",
          (root / "reference" / spec.exercise).string(),
          (fs::absolute(path).parent_path() / "reference").string());
      all_ok = false;
    }
    for (const validate::Fixture& fixture : catalogue) {
      if (std::string why = validate::SkipReason(fixture); !why.empty()) {
        fmt::print("  skip {}  ({})\n", fixture.name, why);
        continue;
      }
      run::RunOptions options;
      options.seed = args.seed;
      std::vector<std::string> problems =
          validate::CheckFixture(spec, fixture, runs, options, args.jobs, vary_seed);
      fmt::print("  {} {}  ({}, {} case{} must fail)\n", problems.empty() ? "ok  " : "FAIL",
                 fixture.name, fixture.about, fixture.fail.size(),
                 fixture.fail.size() == 1 ? "" : "s");
      for (std::string p : problems) {
        // A diagnosis quoted in a problem may hold lines of the program's stderr: indent them.
        for (size_t at = p.find('\n'); at != std::string::npos; at = p.find('\n', at + 1))
          p.insert(at + 1, "         ");
        fmt::print("       {}\n", p);
      }
      all_ok = all_ok && problems.empty();
    }
  }
  if (spec_errors) {
    fmt::print("NOT valid: {} of {} specs have errors (listed on stderr)\n",
               args.specs.size() - specs.size(), args.specs.size());
    return kExitUsage;
  }
  if (!all_ok) {
    fmt::print("NOT valid\n");
    return kExitFailed;
  }
  if (not_run > 0) {
    fmt::print("not validated: {} of {} specs cannot run on this machine (why on stderr)\n",
               not_run, specs.size());
    return kExitUsage;
  }
  fmt::print("valid\n");
  return kExitPassed;
}

}  // namespace

Command AddValidateCommand(CLI::App& root) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* app = root.add_subcommand("validate",
                                      "Check that a spec accepts every reference solution and "
                                      "rejects each buggy submission as it should: with the "
                                      "diagnosis code and key sentence its expected.yaml says");
  app->add_option("specs", args->specs, "Specs to validate")->required();
  app->add_option("--repeat", args->repeat,
                  "Grade each program K times with different seeds; report flaky cases "
                  "(default: twice with one seed)")
      ->check(CLI::Range(1, 100));
  app->add_option("--seed", args->seed, "The first seed");
  app->add_option("--jobs,-j", args->jobs, "Cases run at once")->check(CLI::Range(1, 64));
  app->add_option("--root", args->root,
                  "The repository (default: the nearest folder above the spec that holds "
                  "tests/submissions/ or reference/)");
  app->add_option("--build", args->build,
                  "The build tree with the compiled programs (default: ROOT/build)");
  return {app, [args] { return RunValidate(*args); }};
}

}  // namespace netgrade::cli
