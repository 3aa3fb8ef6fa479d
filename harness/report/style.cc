#include "harness/report/style.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace netgrade::report {

std::optional<ColorMode> ParseColorMode(std::string_view name) {
  if (name == "auto") return ColorMode::kAuto;
  if (name == "always") return ColorMode::kAlways;
  if (name == "never") return ColorMode::kNever;
  return std::nullopt;
}

bool WantColor(ColorMode mode, bool stdout_is_terminal, const char* no_color, const char* term) {
  switch (mode) {
    case ColorMode::kAlways:
      return true;
    case ColorMode::kNever:
      return false;
    case ColorMode::kAuto:
      break;
  }
  // NO_COLOR set to an empty string does not count (no-color.org).
  if (no_color != nullptr && no_color[0] != '\0') return false;
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return stdout_is_terminal;
}

bool WantColorHere(ColorMode mode) {
  return WantColor(mode, ::isatty(STDOUT_FILENO) == 1, std::getenv("NO_COLOR"),
                   std::getenv("TERM"));
}

std::string Style::operator()(Paint paint, std::string_view text) const {
  if (!color_ || text.empty()) return std::string(text);
  const char* code = "";
  switch (paint) {
    case Paint::kGreen:
      code = "\x1b[32m";
      break;
    case Paint::kRed:
      code = "\x1b[31m";
      break;
    case Paint::kYellow:
      code = "\x1b[33m";
      break;
    case Paint::kBold:
      code = "\x1b[1m";
      break;
    case Paint::kDim:
      code = "\x1b[2m";
      break;
    case Paint::kBoldRed:
      code = "\x1b[1;31m";
      break;
  }
  return code + std::string(text) + "\x1b[0m";
}

}  // namespace netgrade::report
