// Words a finding's maker says, with their shape: what the words are without this case's and
// this program's values (the port, the program's file, a quoted line), so that a report can
// group or compare diagnoses by what went wrong without reading a sentence back out of prose
// (issue 48: a diagnosis is data). The maker knows which of its words are values: those it
// puts into its format string.
#pragma once

#include <fmt/core.h>

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>

namespace netgrade::check {

// The case's own port, as an argument of Say: each case has a port of its own, so two cases'
// words that differ only there give the same advice (Phrase::without_case_port). Written as
// the number.
struct CasePort {
  uint16_t port = 0;
};

// A phrase: the text itself (a std::string, read as one everywhere), and what its maker said of
// it: its shape, the format it was made from with every value as "{}" ("{} listens on port {},
// not {}."), and, where the words name the case's own port, the text with that port as
// "{port}" and every other value in ("server.py listens on port 5000, not {port}."). A phrase
// made another way (joined by hand, a whole message from elsewhere, a std::string) has
// neither: "".
// Assigning a text gives a phrase without a shape; a text is never edited in place (issue 48: a
// finding is not edited once made), so the shape always describes the text.
class Phrase : public std::string {
 public:
  Phrase() = default;
  Phrase(std::string text) : std::string(std::move(text)) {}  // NOLINT: implicit, no shape
  // A string literal: the maker's own words, with no value in them, so their shape is
  // themselves (as a literal argument of Say is).
  Phrase(const char* text) : std::string(text), shape_(text) {}  // NOLINT: implicit
  // What Say makes.
  static Phrase Shaped(std::string text, std::string shape, std::string without_case_port) {
    Phrase w(std::move(text));
    w.shape_ = std::move(shape);
    w.without_case_port_ = std::move(without_case_port);
    return w;
  }

  const std::string& text() const { return *this; }
  // The format with each value as "{}", and the words the maker chose in (a literal argument,
  // a shaped argument's own shape); "" when the maker gave none.
  const std::string& shape() const { return shape_; }
  // The text with the case's own port as "{port}"; "" when the words do not mark it.
  const std::string& without_case_port() const { return without_case_port_; }

  void clear() {
    std::string::clear();
    shape_.clear();
    without_case_port_.clear();
  }
  // Edits that would leave the shape describing other words.
  template <typename... T>
  Phrase& operator+=(T&&...) = delete;
  template <typename... T>
  Phrase& append(T&&...) = delete;
  template <typename... T>
  Phrase& insert(T&&...) = delete;
  template <typename... T>
  Phrase& replace(T&&...) = delete;
  template <typename... T>
  Phrase& erase(T&&...) = delete;
  template <typename... T>
  void push_back(T&&...) = delete;
  template <typename... T>
  void resize(T&&...) = delete;
  void pop_back() = delete;

 private:
  std::string shape_;
  std::string without_case_port_;
};

// A phrase prints as its text in a test's failure.
void PrintTo(const Phrase& words, std::ostream* os);

namespace say {

// What an argument puts into the shape. A string literal (a const char*) is words the maker
// chose ("datagram" or "line", "answered every datagram correctly" or "did everything else"):
// they are the mistake, so they stay. A shaped phrase puts its own shape in, an empty one
// nothing (it holds no value: the maker chose to say nothing there). Anything else (a number,
// a std::string: the program's file, a quoted line, a path) is a value: "{}".
inline std::string ShapeOf(const char* literal) { return literal; }
inline std::string ShapeOf(const Phrase& words) {
  if (words.empty()) return "";
  return words.shape().empty() ? "{}" : words.shape();
}
template <typename T>
std::string ShapeOf(const T&) {
  return "{}";
}

// What an argument puts into the text without the case's port: "{port}" for it, a shaped
// argument's own such text, else the argument as it is written (its format spec aside: this
// text is compared, never shown).
inline std::string KeyOf(const CasePort&) { return "{port}"; }
inline std::string KeyOf(const Phrase& words) {
  return words.without_case_port().empty() ? words.text() : words.without_case_port();
}
template <typename T>
std::string KeyOf(const T& value) {
  return fmt::format("{}", value);
}

// Whether an argument names the case's port.
inline bool NamesCasePort(const CasePort&) { return true; }
inline bool NamesCasePort(const Phrase& words) { return !words.without_case_port().empty(); }
template <typename T>
bool NamesCasePort(const T&) {
  return false;
}

// `format` with each replacement field ("{}", "{0}", "{:>3}") as its argument's piece, and
// "{{" and "}}" as one brace.
std::string Fill(fmt::string_view format, const std::string* pieces, size_t n);

}  // namespace say

// fmt::format's words, with their shape: the format string, the literal and shaped arguments
// in, every other value "{}". A maker writes `.cause = Say("{} listens on port {}, not {}.",
// name, used, CasePort{obs.port})`.
template <typename... Args>
Phrase Say(fmt::format_string<Args...> format, Args&&... args) {
  std::string text = fmt::vformat(format, fmt::make_format_args(args...));
  std::array<std::string, sizeof...(Args)> shapes = {say::ShapeOf(args)...};
  std::string without;
  if ((say::NamesCasePort(args) || ...)) {
    std::array<std::string, sizeof...(Args)> keys = {say::KeyOf(args)...};
    without = say::Fill(format, keys.data(), keys.size());
  }
  return Phrase::Shaped(std::move(text), say::Fill(format, shapes.data(), shapes.size()),
                        std::move(without));
}

}  // namespace netgrade::check

template <>
struct fmt::formatter<netgrade::check::CasePort> : fmt::formatter<unsigned> {
  template <typename Context>
  auto format(const netgrade::check::CasePort& p, Context& ctx) const {
    return fmt::formatter<unsigned>::format(p.port, ctx);
  }
};
