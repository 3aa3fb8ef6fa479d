#include "harness/peers/script_hint.h"

#include <string_view>

namespace netgrade::peers {

const char* HintKind(const ScriptFailure& f) {
  using Kind = ScriptFailure::Kind;
  using End = ScriptFailure::End;
  if (f.kind == Kind::kGrader || f.kind == Kind::kCaseEndedFirst) return "";
  // However the step was waiting, a connection the program ended is what happened.
  if (f.end == End::kClosed || f.end == End::kReset || f.kind == Kind::kSendFailed) return "closed";
  switch (f.kind) {
    case Kind::kWrongAnswer:
      return "wrong";
    case Kind::kUnexpectedAnswer:
    case Kind::kUnwantedConnection:
      return "extra";
    default:
      return "nothing";
  }
}

std::string ChooseHint(const spec::Step& s, const ScriptFailure& f) {
  std::string_view kind = HintKind(f);
  if (kind.empty()) return "";
  const spec::StepHints& h = s.hints;
  const std::string& own = kind == "wrong"    ? h.wrong
                           : kind == "extra"  ? h.extra
                           : kind == "closed" ? h.closed
                                              : h.nothing;
  return own.empty() ? s.hint : own;
}

}  // namespace netgrade::peers
