#include "harness/spec/scalar.h"

#include <cerrno>
#include <cstdlib>

namespace netgrade::spec {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllOf(std::string_view s, bool (*ok)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}

bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool IsCoreFloat(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t fraction = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++fraction;
    if (digits == 0 && fraction == 0) return false;
  } else if (digits == 0) {
    return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i == s.size()) return false;
    while (i < s.size() && IsDigit(s[i])) ++i;
  }
  return i == s.size();
}

bool IsSpecialFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

}  // namespace

ScalarKind ClassifyPlain(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return ScalarKind::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE")
    return ScalarKind::kBool;
  if (ParseInt(s)) return ScalarKind::kInt;
  std::string_view unsigned_part = (s[0] == '-' || s[0] == '+') ? s.substr(1) : s;
  if (AllOf(unsigned_part, IsDigit)) return ScalarKind::kInt;  // too long for int64, still a number
  if (IsCoreFloat(s) || IsSpecialFloat(s)) return ScalarKind::kFloat;
  return ScalarKind::kString;
}

ScalarKind Classify(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return ScalarKind::kNull;
  if (node.Tag() != "?") return ScalarKind::kString;  // quoted ("!") or explicitly tagged
  return ClassifyPlain(node.Scalar());
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int base = 10;
  std::string_view digits = s;
  bool negative = false;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x') {
    base = 16;
    digits = s.substr(2);
    if (!AllOf(digits, IsHex)) return std::nullopt;
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'o') {
    base = 8;
    digits = s.substr(2);
    if (!AllOf(digits, IsOctal)) return std::nullopt;
  } else {
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
      negative = s[0] == '-';
      digits = s.substr(1);
    }
    if (!AllOf(digits, IsDigit)) return std::nullopt;
  }
  if (digits.size() > 18) return std::nullopt;
  std::string copy(digits);
  errno = 0;
  long long v = std::strtoll(copy.c_str(), nullptr, base);
  if (errno != 0) return std::nullopt;
  return negative ? -v : v;
}

std::optional<double> ParseNumber(std::string_view s) {
  if (auto i = ParseInt(s)) return static_cast<double>(*i);
  if (!IsCoreFloat(s) || s.size() > 64) return std::nullopt;
  std::string copy(s);
  return std::strtod(copy.c_str(), nullptr);
}

std::vector<std::string> Placeholders(std::string_view text) {
  std::vector<std::string> out;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && open == std::string_view::npos) {
      open = i;
    } else if (text[i] == '}' && open != std::string_view::npos) {
      out.emplace_back(text.substr(open, i - open + 1));
      open = std::string_view::npos;
    }
  }
  return out;
}

std::string Cut(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return std::string(s);
  return std::string(s.substr(0, kMax)) + "... (" + std::to_string(s.size()) + " characters)";
}

}  // namespace netgrade::spec
