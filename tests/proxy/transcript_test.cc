#include "harness/proxy/transcript.h"

#include <gtest/gtest.h>

namespace netgrade::proxy {
namespace {

// True when s is well-formed UTF-8.
bool ValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n;
  }
  return true;
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(Transcript, CutsTextAtACharacterBoundary) {
  // Every cut point: 1 to 4-byte characters after 0..3 ASCII bytes of padding.
  for (const std::string ch : {"ü", "€", "𝄞"}) {
    for (int pad = 0; pad < 4; ++pad) {
      std::string text(pad, 'a');
      while (text.size() < 400) text += ch;
      Transcript t;
      t.Add(plan::Direction::kToStudent, 1, text.data(), text.size(), Action::kPassed);
      EXPECT_TRUE(ValidUtf8(t.entries()[0].text)) << ch << " pad " << pad;
      EXPECT_TRUE(ValidUtf8(t.Line(0))) << t.Line(0);
      EXPECT_NE(t.Line(0).find("...'"), std::string::npos) << t.Line(0);
    }
  }
}

TEST(Transcript, ShowsTheSizeOnce) {
  std::string text(42, 'x');
  Transcript t;
  t.Add(plan::Direction::kFromStudent, 3, text.data(), text.size(), Action::kPassed);
  EXPECT_EQ(Count(t.Line(0), "42"), 1u) << t.Line(0);
  EXPECT_EQ(t.LinesWithoutTimes()[0].find("bytes"), std::string::npos) << t.LinesWithoutTimes()[0];
}

TEST(Transcript, QuotesControlBytesAndInvalidUtf8Escaped) {
  EXPECT_EQ(QuoteExcerpt("a\r\n\x01\xff"
                         "é",
                         40),
            "'a\\r\\n\\x01\\xffé'");
  EXPECT_EQ(QuoteExcerpt("ünïcödé", 5), "'ünïcö...'");
  EXPECT_EQ(QuoteExcerpt("short", 5), "'short'");
}

}  // namespace
}  // namespace netgrade::proxy
