// Colour in the text report: whether to use it (a terminal, NO_COLOR, --color) and the ANSI
// codes around a piece of text when it is used. The decision is made once, by the command,
// and handed to the report, so the report itself never looks at the terminal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace netgrade::report {

// --color=auto|always|never.
enum class ColorMode { kAuto, kAlways, kNever };
std::optional<ColorMode> ParseColorMode(std::string_view name);

// Whether to colour: never and always as said (a flag on the command line overrides NO_COLOR,
// as https://no-color.org asks); auto only when stdout is a terminal, NO_COLOR is unset or
// empty, and TERM is not "dumb". no_color and term are the variables' values, or nullptr.
bool WantColor(ColorMode mode, bool stdout_is_terminal, const char* no_color, const char* term);
// The same for this process: isatty(STDOUT_FILENO), getenv("NO_COLOR"), getenv("TERM").
bool WantColorHere(ColorMode mode);

enum class Paint { kGreen, kRed, kYellow, kBold, kDim, kBoldRed };

class Style {
 public:
  explicit Style(bool color = false) : color_(color) {}
  bool color() const { return color_; }
  // text between the codes of `paint` and a reset; text unchanged without colour. The text
  // must already be escaped (Visible): the only escape sequences are the style's own.
  std::string operator()(Paint paint, std::string_view text) const;

 private:
  bool color_;
};

}  // namespace netgrade::report
