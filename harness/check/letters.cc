#include "harness/check/letters.h"

#include <fmt/core.h>

#include <cctype>
#include <optional>

#include "harness/base/text.h"

namespace netgrade::check {

std::string BytewiseUpper(const std::string& sent) {
  std::string out = sent;
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 128)
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

bool UpperCasedBytewise(const std::string& sent, const std::string& got) {
  std::string bytewise = BytewiseUpper(sent);
  return got == bytewise && bytewise != Upper(sent);
}

std::string BytewiseUpperAdvice() {
  return "It upper-cased the ASCII letters only, byte by byte, as bytes.upper() in Python or "
         "toupper() on each char in C do: é, ß and the other letters outside ASCII are several "
         "bytes each in UTF-8 and stayed as they were. Upper-case the text, not its bytes: "
         "decode the bytes as UTF-8, call str.upper(), encode again "
         "(data.decode().upper().encode(), which also turns ß into SS); in C++ use ICU "
         "(icu::UnicodeString::toUpper), or towupper() on wide characters, which handles é but "
         "leaves ß alone.";
}

std::string SubtractedFromEveryByte(const std::string& sent, const std::string& got) {
  return SubtractedBytes(sent, got).Text();
}

Finding SubtractedBytes(const std::string& sent, const std::string& got) {
  std::string_view g = got;
  while (!g.empty() && g.back() == '\0') g.remove_suffix(1);  // a buffer sent whole
  if (g.empty() || g.size() > sent.size()) return Finding::Ok();
  std::optional<size_t> shows;  // the first byte that is no lower-case letter
  for (size_t i = 0; i < g.size(); ++i) {
    if (g[i] != static_cast<char>(sent[i] - 32)) return Finding::Ok();
    if (!shows && !(sent[i] >= 'a' && sent[i] <= 'z')) shows = i;
  }
  // Only a byte that is no lower-case letter tells it from a right answer cut short (the
  // first word of "hello world" upper-cased is HELLO either way).
  if (!shows) return Finding::Ok();
  bool ended = g.size() < sent.size() && sent[g.size()] == ' ';
  std::string what = fmt::format("{} became {}", Quote(sent.substr(*shows, 1)),
                                 Quote(std::string(g.substr(*shows, 1))));
  if (ended) what += ", and a space became a NUL byte (\\0), where the answer ended";
  return Finding{
      .code = Code::kWrongContent,
      .cause = Say("Every byte of the line lost 32, not only its lower-case letters ({}): "
                   "the test of the letter is always true (c >= 97 || c <= 122 holds for "
                   "every byte).",
                   what),
      .fix =
          "Change only 'a' to 'z': if (c >= 'a' && c <= 'z'), with && and not ||, or use "
          "toupper()."};
}

std::string NotGradedNote(const spec::Case& c) {
  if (c.points > 0) return "";
  return "This case is not graded (0 points): the spec grades ASCII letters only, so it is "
         "here for your information and costs nothing.";
}

}  // namespace netgrade::check
