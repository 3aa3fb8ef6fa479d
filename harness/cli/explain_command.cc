// netgrade explain SPEC [--seed N]: what each case of a spec does and expects, for a person;
// messages the spec draws from the seed are shown as that seed draws them.
#include <fmt/core.h>

#include "harness/cli/command.h"
#include "harness/cli/spec_arg.h"
#include "harness/report/explain.h"
#include "harness/spec/draw.h"
#include "harness/spec/named_draws.h"

namespace netgrade::cli {

Command AddExplainCommand(CLI::App& root) {
  auto path = std::make_shared<std::string>();
  auto seed = std::make_shared<uint64_t>(1);
  CLI::App* app = root.add_subcommand("explain", "Say what each case of a spec does and expects");
  app->add_option("spec", *path, "The spec")->required();
  app->add_option("--seed", *seed,
                  "The seed the spec's drawn messages are shown for (check --seed N draws the "
                  "same)");
  return {app, [path, seed] {
            spec::Spec spec = LoadSpecOrThrow(*path);
            if (spec::DrawsMessages(spec)) {
              fmt::print(
                  "Some messages are drawn from the seed: shown here as seed {} draws them "
                  "(another seed, other messages; netgrade explain --seed N).\n\n",
                  *seed);
              // The named values (`draws:`) once, by name: each stands for itself everywhere.
              if (!spec.named_draws.empty()) {
                fmt::print("Named values (draws:) for seed {}:\n", *seed);
                const spec::DrawnValues values = spec::DrawNamedValues(spec.named_draws, *seed);
                for (const spec::NamedDraw& d : spec.named_draws)
                  fmt::print("  {{draw:{}}} = {}\n", d.name, values.at(d.name));
                fmt::print("\n");
              }
              spec = spec::DrawMessages(spec, *seed);
            }
            fmt::print("{}", report::Explain(spec));
            return static_cast<int>(kExitPassed);
          }};
}

}  // namespace netgrade::cli
