// netgrade gradescope-bundle SPEC --out autograder.zip [--source DIR]: a Gradescope
// autograder that builds netgrade from its own copy of the source and grades each
// submission with SPEC.
#include <fmt/core.h>

#include <filesystem>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/zip.h"
#include "harness/cli/command.h"
#include "harness/cli/gradescope_bundle.h"
#include "harness/cli/spec_arg.h"

namespace netgrade::cli {
namespace fs = std::filesystem;
namespace {

struct BundleArgs {
  std::string spec_path;
  std::string out;
  std::string source = NETGRADE_BUILT_FROM;
};

int RunBundle(const BundleArgs& args) {
  // A broken spec is told now, not by the first student's submission on Gradescope.
  LoadSpecOrThrow(args.spec_path);
  std::vector<ZipMember> members = GradescopeBundle(args.source, args.spec_path);
  std::string zip = StoreZip(members);
  // Written beside and renamed: an upload never picks up half a zip.
  std::string partial = args.out + ".partial";
  if (!WriteFile(partial, zip))
    throw UsageError(fmt::format("--out {}: cannot be written", args.out));
  std::error_code ec;
  fs::rename(partial, args.out, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw UsageError(fmt::format("--out {}: cannot be written", args.out));
  }
  fmt::print(stderr,
             "netgrade: {}: setup.sh, run_autograder, {} and the {} source files building netgrade "
             "takes (no reference solutions, no tests; {:.1f} MiB); upload it as the autograder "
             "of a Gradescope programming assignment\n",
             args.out, members[2].name, members.size() - 3, zip.size() / 1048576.0);
  return kExitPassed;
}

}  // namespace

Command AddGradescopeBundleCommand(CLI::App& root) {
  auto args = std::make_shared<BundleArgs>();
  CLI::App* app = root.add_subcommand("gradescope-bundle",
                                      "Write a Gradescope autograder zip that grades with SPEC");
  app->add_option("spec", args->spec_path, "The exercise's spec, e.g. specs/tcp-capitalize.yaml")
      ->required()
      ->check(CLI::ExistingFile);
  app->add_option("--out,-o", args->out, "The zip to write, e.g. autograder.zip")->required();
  app->add_option("--source", args->source,
                  "netgrade's source tree to bundle (default: the one this netgrade was built "
                  "from)")
      ->check(CLI::ExistingDirectory);
  return {app, [args] { return RunBundle(*args); }};
}

}  // namespace netgrade::cli
