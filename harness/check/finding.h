#pragma once

#include <string>

#include "harness/check/diagnosis.h"

namespace netgrade::check {

// The outcome of one check: kNone and no message when it held, otherwise the diagnosis
// and an explanation a beginner can act on (what was sent, expected and what came back).
struct Finding {
  Code code = Code::kNone;
  std::string message;

  bool ok() const { return code == Code::kNone; }
  static Finding Ok() { return {}; }
};

}  // namespace netgrade::check
