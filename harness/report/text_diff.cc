#include "harness/report/text_diff.h"

#include <fmt/core.h>
#include <unicode/uchar.h>

#include <algorithm>

#include "harness/base/bytes.h"
#include "harness/base/text.h"

namespace netgrade::report {
namespace {

// One character of a value as shown: where it starts in the raw bytes, its escaped text and
// the columns that takes. An invalid byte is a character of its own (shown \xff).
struct Piece {
  size_t at = 0;
  std::string shown;
  size_t width = 0;
};

std::vector<Piece> Pieces(std::string_view s) {
  std::vector<Piece> out;
  for (size_t i = 0; i < s.size();) {
    size_t n = std::max<size_t>(Utf8CharLength(s.substr(i)), 1);
    std::string shown = EscapeText(s.substr(i, n), std::string_view::npos);
    out.push_back({i, shown, DisplayWidth(shown)});
    i += n;
  }
  return out;
}

// The byte where the two first differ, at the start of a whole character; nullopt if equal.
std::optional<size_t> FirstDiffering(std::string_view a, std::string_view b) {
  if (a == b) return std::nullopt;
  size_t k = 0;
  while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
  auto continues = [](std::string_view s, size_t i) {
    return i < s.size() && Utf8Continuation(s[i]);
  };
  while (k > 0 && (continues(a, k) || continues(b, k))) --k;
  return k;
}

// The value from byte `from` on (a character boundary), in quotes, cut to max_columns.
// *lead is the columns before the first shown character.
std::string Render(std::string_view s, size_t from, size_t max_columns, size_t* lead) {
  std::string out = from > 0 ? "...'" : "'";
  if (lead) *lead = DisplayWidth(out);
  size_t used = 0, end = s.size();
  for (const Piece& p : Pieces(s)) {
    if (p.at < from) continue;
    if (used + p.width > max_columns) {
      end = p.at;
      break;
    }
    out += p.shown;
    used += p.width;
  }
  out += "'";
  if (end < s.size()) out += fmt::format(" ... {} more bytes", s.size() - end);
  return out;
}

// Where a window of the value starts so that the difference at byte k shows with about
// `before` columns of what precedes it.
size_t WindowStart(std::string_view s, size_t k, size_t before) {
  size_t width = 0, from = k;
  std::vector<Piece> pieces = Pieces(s.substr(0, k));
  for (auto p = pieces.rbegin(); p != pieces.rend(); ++p) {
    if (width + p->width > before) break;
    width += p->width;
    from = p->at;
  }
  return from;
}

// A pattern's description expected: the caret goes under the first character of what was
// received that the pattern rejects (check::Difference::rejected_at), or just after its end
// when the line stopped too soon.
std::vector<std::string> PatternLines(const check::Difference& d, const Style& style,
                                      size_t max_columns, std::vector<std::string> lines) {
  constexpr std::string_view kExpected = "expected: ", kReceived = "received: ";
  const std::string& got = *d.received;
  size_t k = *d.rejected_at;
  bool fits = DisplayWidth(EscapeText(got, std::string_view::npos)) <= max_columns;
  size_t from = fits ? 0 : WindowStart(got, k, max_columns / 3);
  size_t lead = 0;
  lines.push_back(std::string(kExpected) + style(Paint::kGreen, *d.expected));
  lines.push_back(std::string(kReceived) +
                  style(Paint::kRed, Render(got, from, max_columns, &lead)));
  size_t column = kReceived.size() + lead +
                  DisplayWidth(EscapeText(got.substr(from, k - from), std::string_view::npos));
  lines.push_back(std::string(column, ' ') + style(Paint::kBoldRed, "^") +
                  (k < got.size() ? " the pattern does not allow this character here"
                                  : " the line ended before the pattern was satisfied"));
  return lines;
}

// Bytes as hex dump rows, indented: rows [from, to) of 16 bytes, with a count of the bytes
// left out before and after; a caret line under byte `mark` when it is within them.
void DumpRows(std::string_view bytes, size_t from, size_t to, std::optional<size_t> mark,
              const Style& style, std::optional<Paint> paint, std::vector<std::string>* lines) {
  constexpr std::string_view kIndent = "  ";
  from = from / 16 * 16;
  to = std::min(bytes.size(), (to + 15) / 16 * 16);
  if (from > 0)
    lines->push_back(std::string(kIndent) +
                     style(Paint::kDim, fmt::format("... {} bytes before", from)));
  size_t start = from;  // the offset of the row's first byte
  for (const std::string& row : HexDumpLines(bytes, from, to)) {
    lines->push_back(std::string(kIndent) + (paint ? style(*paint, row) : row));
    if (mark && *mark >= start && *mark < start + 16)
      lines->push_back(std::string(kIndent.size() + HexDumpColumn(*mark), ' ') +
                       style(Paint::kBoldRed, "^^") +
                       fmt::format(" first difference: byte {} (0x{:x})", *mark, *mark));
    start += 16;
  }
  if (to < bytes.size())
    lines->push_back(std::string(kIndent) +
                     style(Paint::kDim, fmt::format("... {} bytes after", bytes.size() - to)));
}

std::string Count(size_t n) { return fmt::format("{} byte{}", n, n == 1 ? "" : "s"); }

}  // namespace

std::vector<std::string> BinaryDifferenceLines(const check::Difference& d, const Style& style) {
  constexpr size_t kRows = 3;  // around the first difference; 48 bytes
  std::vector<std::string> lines;
  if (d.sent) {
    lines.push_back("sent:     " + (d.sent_binary ? Count(d.sent->size()) : Quote(*d.sent)));
    if (d.sent_binary) DumpRows(*d.sent, 0, 16 * 2, std::nullopt, style, std::nullopt, &lines);
  }
  std::optional<size_t> k;
  if (d.expected && d.received && !d.expected_described)
    k = FirstDifferingByte(*d.expected, *d.received);
  // The rows shown: around the first difference, or the start.
  size_t row = k ? *k / 16 : 0;
  size_t from = 16 * (row > 0 ? row - 1 : 0);
  size_t to = from + 16 * kRows;
  if (!d.expected)
    lines.push_back("expected: " + style(Paint::kDim, "(nothing more)"));
  else if (d.expected_described)
    lines.push_back("expected: " + style(Paint::kGreen, EscapeText(*d.expected, 200)));
  else {
    lines.push_back("expected: " + Count(d.expected->size()));
    DumpRows(*d.expected, from, to, std::nullopt, style, Paint::kGreen, &lines);
  }
  if (!d.received) {
    lines.push_back("received: " + style(Paint::kDim, "(nothing)"));
    return lines;
  }
  std::string where;
  if (k && *k < d.received->size() && *k < d.expected->size())
    where = fmt::format(", the first difference at byte {} (0x{:x})", *k, *k);
  else if (k && *k >= d.received->size())
    where = fmt::format(", {} too few: the first {} are as expected",
                        Count(d.expected->size() - d.received->size()), Count(*k));
  else if (k)
    where = fmt::format(", {} too many: the first {} are as expected",
                        Count(d.received->size() - d.expected->size()), Count(*k));
  lines.push_back("received: " + Count(d.received->size()) + where);
  DumpRows(*d.received, from, to, k && *k < d.received->size() ? k : std::nullopt, style,
           Paint::kRed, &lines);
  return lines;
}

size_t DisplayWidth(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    char32_t c = 0;
    size_t n = Utf8CharLength(utf8.substr(i), &c);
    if (n == 0) {  // not UTF-8: one column, as its escape would be taken apart anyway
      ++width;
      ++i;
      continue;
    }
    i += n;
    int category = u_charType(static_cast<UChar32>(c));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR)
      continue;
    int east_asian = u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_EAST_ASIAN_WIDTH);
    width += (east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH) ? 2 : 1;
  }
  return width;
}

std::vector<std::string> DifferenceLines(const check::Difference& d, const Style& style,
                                         size_t max_columns) {
  if (d.binary) return BinaryDifferenceLines(d, style);
  constexpr std::string_view kSent = "sent:     ", kExpected = "expected: ",
                             kReceived = "received: ";
  std::vector<std::string> lines;
  if (d.sent) lines.push_back(std::string(kSent) + Render(*d.sent, 0, max_columns, nullptr));
  if (d.rejected_at && d.expected && d.received && *d.rejected_at <= d.received->size())
    return PatternLines(d, style, max_columns, std::move(lines));
  if (d.expected && d.expected_described) {
    // Words, not a text: as they are (cut as words), and no caret, since no byte differs.
    bool cut = false;
    std::string words = EscapeText(*d.expected, max_columns, &cut);
    lines.push_back(std::string(kExpected) + style(Paint::kGreen, words + (cut ? "..." : "")));
    lines.push_back(std::string(kReceived) +
                    (d.received ? style(Paint::kRed, Render(*d.received, 0, max_columns, nullptr))
                                : style(Paint::kDim, "(nothing)")));
    return lines;
  }
  std::optional<size_t> k;
  if (d.expected && d.received) k = FirstDiffering(*d.expected, *d.received);
  // Both values start at the same byte, within their common prefix, so the caret's column
  // is the same on both lines.
  // A value that fits is shown whole; a longer one from a little before the difference.
  auto width = [](const std::optional<std::string>& s) {
    return s ? DisplayWidth(EscapeText(*s, std::string_view::npos)) : 0;
  };
  bool fits = std::max(width(d.expected), width(d.received)) <= max_columns;
  size_t from = k && !fits ? WindowStart(*d.expected, *k, max_columns / 3) : 0;
  size_t lead = 0;
  lines.push_back(std::string(kExpected) +
                  (d.expected ? style(Paint::kGreen, Render(*d.expected, from, max_columns, &lead))
                              : style(Paint::kDim, "(nothing more)")));
  lines.push_back(std::string(kReceived) +
                  (d.received ? style(Paint::kRed, Render(*d.received, from, max_columns, &lead))
                              : style(Paint::kDim, "(nothing)")));
  if (k) {
    size_t column =
        kReceived.size() + lead +
        DisplayWidth(EscapeText(d.expected->substr(from, *k - from), std::string_view::npos));
    lines.push_back(std::string(column, ' ') + style(Paint::kBoldRed, "^") + " first difference");
  }
  return lines;
}

}  // namespace netgrade::report
