// netgrade explain SPEC: what each case of a spec does and expects, for a person.
#include <fmt/core.h>

#include "harness/cli/command.h"
#include "harness/cli/spec_arg.h"
#include "harness/report/explain.h"

namespace netgrade::cli {

Command AddExplainCommand(CLI::App& root) {
  auto path = std::make_shared<std::string>();
  CLI::App* app = root.add_subcommand("explain", "Say what each case of a spec does and expects");
  app->add_option("spec", *path, "The spec")->required();
  return {app, [path] {
            fmt::print("{}", report::Explain(LoadSpecOrThrow(*path)));
            return static_cast<int>(kExitPassed);
          }};
}

}  // namespace netgrade::cli
