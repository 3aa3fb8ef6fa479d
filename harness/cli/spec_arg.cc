#include "harness/cli/spec_arg.h"

#include "harness/base/error.h"
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

}  // namespace netgrade::cli
