#include "harness/check/letters.h"

#include <cctype>

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

std::string NotGradedNote(const spec::Case& c) {
  if (c.points > 0) return "";
  return " This case is not graded (0 points): the spec grades ASCII letters only, so it is "
         "here for your information and costs nothing.";
}

}  // namespace netgrade::check
