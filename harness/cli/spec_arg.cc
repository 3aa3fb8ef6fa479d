#include "harness/cli/spec_arg.h"

#include <fmt/core.h>

#include <cstdlib>

#include "harness/base/error.h"
#include "harness/cli/command.h"
#include "harness/spec/load.h"

namespace netgrade::cli {

spec::Spec LoadSpecOrThrow(const std::string& path) {
  spec::LoadResult loaded = spec::LoadSpecFile(path);
  if (loaded.ok()) return std::move(*loaded.spec);
  std::string message;
  for (const spec::SpecError& e : loaded.errors) {
    if (!message.empty()) message += "\n";
    message += e.ToString();
  }
  throw UsageError(message);
}

double TimeoutMultiplierFromEnv() {
  const char* m = std::getenv("NETGRADE_TIMEOUT_MULTIPLIER");
  if (m == nullptr) return 1.0;
  char* end = nullptr;
  double v = std::strtod(m, &end);
  if (end == m || *end != '\0' || v <= 0 || v > 100)
    throw UsageError(
        fmt::format("NETGRADE_TIMEOUT_MULTIPLIER={}: expected a number from 0 to 100", m));
  return v;
}

void AddPcapMax(CLI::App* app, size_t* mib, CLI::Option* pcap) {
  app->add_option("--pcap-max", *mib,
                  "With --pcap: no capture file grows past this many MiB (default 16); the "
                  "packets past it are counted in the file, not kept")
      ->type_name("MIB")
      ->check(CLI::Range(1, 1024))
      ->needs(pcap);
}

}  // namespace netgrade::cli
