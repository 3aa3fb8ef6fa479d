// Compiled patterns of the spec, kept for the run: a script's `matches`, a block's patterns and
// a reply peer's `matches` are tried against every line that comes, and compiling the pattern
// each time cost more than the match. RE2 objects are safe to match with from several threads.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>

namespace netgrade::spec {

// `pattern` compiled with RE2's defaults, errors not logged (the loader has reported them):
// check ok() before matching. The same object for the same pattern while the cache holds it.
std::shared_ptr<const RE2> Compiled(const std::string& pattern);

}  // namespace netgrade::spec
