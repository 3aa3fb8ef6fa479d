#include "harness/base/quantity.h"

#include <cctype>
#include <charconv>
#include <cmath>

namespace netgrade {

std::optional<int64_t> ParseDurationMs(const std::string& text, std::string* why) {
  size_t i = 0;
  bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  size_t start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  size_t whole_digits = i - start;
  std::string fraction;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
      fraction += text[i++];
  }
  std::string unit = text.substr(i);
  if (whole_digits == 0 || whole_digits > 9 ||
      (text.size() > start + whole_digits && text[start + whole_digits] == '.' &&
       fraction.empty())) {
    *why = "such as 5s or 500ms";
    return std::nullopt;
  }
  if (unit.empty()) {
    *why = "with a unit: 5s or 500ms (a bare number is ambiguous)";
    return std::nullopt;
  }
  if (unit != "s" && unit != "ms") {
    *why = "such as 5s or 500ms (units: s, ms)";
    return std::nullopt;
  }
  int64_t ms = std::stoll(text.substr(start, whole_digits)) * (unit == "s" ? 1000 : 1);
  if (!fraction.empty()) {
    if (unit == "ms" || fraction.size() > 3) {
      *why = "in whole milliseconds (1.5s is fine, 1.5ms and 1.0005s are not)";
      return std::nullopt;
    }
    while (fraction.size() < 3) fraction += '0';
    ms += std::stoll(fraction);
  }
  return negative ? -ms : ms;
}

std::optional<double> ParseRate(const std::string& text, bool* out_of_range) {
  *out_of_range = false;
  std::string number = text;
  bool percent = !number.empty() && number.back() == '%';
  if (percent) number.pop_back();
  double v = 0;
  const char* end = number.data() + number.size();
  auto [at, ec] = std::from_chars(number.data(), end, v);
  if (number.empty() || ec != std::errc() || at != end || !std::isfinite(v)) return std::nullopt;
  if (percent) v /= 100.0;
  if (!(v >= 0 && v <= 1)) {
    *out_of_range = true;
    return std::nullopt;
  }
  return v;
}

}  // namespace netgrade
