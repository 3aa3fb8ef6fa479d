// libFuzzer target: the spec loader must turn any bytes into a spec or into errors, without
// crashing, hanging or tripping a sanitizer. Run by ci/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/spec/load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  netgrade::spec::LoadResult r = netgrade::spec::LoadSpecString(text, "fuzz.yaml");
  for (const auto& e : r.errors) (void)e.ToString();
  return 0;
}
