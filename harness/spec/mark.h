// Where a part of a spec was written: every part keeps its mark, so that an error names
// `file:line:col`.
#pragma once

namespace netgrade::spec {

// A position in the spec file, 1-based; line 0 means "not from a file".
struct Mark {
  int line = 0;
  int column = 0;
};

}  // namespace netgrade::spec
