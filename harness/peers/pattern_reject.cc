#include "harness/peers/pattern_reject.h"

#include <re2/re2.h>

#include <memory>
#include <vector>

namespace netgrade::peers {
namespace {

// RE2 has no partial matching and no "first failing position": it answers only whether a
// text matches. So the pattern P is rewritten into a pattern pre(P) that matches exactly
// the prefixes of the texts P matches; "can this piece of the line still become a match?"
// is then one RE2::FullMatch, and the longest such piece is found by binary search (being
// a prefix is kept by shorter prefixes, so the answer is monotone). The rewrite works on
// the pattern's structure, read here just far enough: alternatives, sequences, groups,
// quantifiers, and atoms that consume one character or none (anchors, \b):
//   pre(one character c) = (?:c)?          pre(zero-width z) = empty
//   pre(a1 a2 ... an)    = pre(a1) | a1 pre(a2 ... an)
//   pre(R1 | R2)         = pre(R1) | pre(R2)
//   pre(a? )             = pre(a)          pre(a*), pre(a+), pre(a{m,}) = (?:a)* pre(a)
//   pre(a{m,n})          = (?:a){0,n-1} pre(a)
// A zero-width atom is kept where a later atom follows it ("$" then more can never match),
// and dropped at the end of a prefix, where what follows is not known yet.
constexpr size_t kMostAtoms = 200;   // nesting grows with a sequence's length
constexpr size_t kMostLine = 4096;   // bytes of the line looked at
constexpr size_t kMostStarts = 512;  // places a match may start

struct Alt;

struct Item {
  std::string full;            // the atom with its quantifier, as written
  std::string atom;            // the atom alone
  bool zero_width = false;     // ^ $ \A \z \b \B
  std::unique_ptr<Alt> group;  // a group's inside
  std::string open = "(?:";    // how the group opens again ("(?i:" keeps its flags)
  int min = 1, max = 1;        // the quantifier; max -1: unbounded
};

struct Alt {
  std::vector<std::vector<Item>> branches;
};

class Reader {
 public:
  explicit Reader(const std::string& p) : p_(p) {}
  bool failed() const { return failed_; }
  size_t atoms() const { return atoms_; }
  const std::string& leading_flags() const { return flags_; }

  std::unique_ptr<Alt> Parse() {
    // A flag group at the very start applies to the whole pattern: kept in front of pre(P).
    if (p_.compare(0, 2, "(?") == 0) {
      size_t close = p_.find(')');
      if (close != std::string::npos && p_.find(':') > close &&
          p_.find_first_not_of("imsU-", 2) == close) {
        flags_ = p_.substr(0, close + 1);
        i_ = close + 1;
      }
    }
    auto alt = ParseAlt();
    if (i_ != p_.size()) failed_ = true;
    return alt;
  }

 private:
  std::unique_ptr<Alt> ParseAlt() {
    auto alt = std::make_unique<Alt>();
    alt->branches.emplace_back();
    while (i_ < p_.size() && !failed_) {
      char c = p_[i_];
      if (c == ')') break;
      if (c == '|') {
        ++i_;
        alt->branches.emplace_back();
        continue;
      }
      Item item;
      if (!ParseAtom(&item)) {
        failed_ = true;
        break;
      }
      ParseQuantifier(&item);
      ++atoms_;
      alt->branches.back().push_back(std::move(item));
    }
    return alt;
  }

  bool ParseAtom(Item* item) {
    size_t start = i_;
    char c = p_[i_];
    if (c == '(') {
      size_t body = i_ + 1;
      if (p_.compare(i_, 3, "(?:") == 0) {
        body = i_ + 3;
      } else if (p_.compare(i_, 3, "(?P") == 0 || p_.compare(i_, 3, "(?<") == 0) {
        size_t gt = p_.find('>', i_);
        if (gt == std::string::npos) return false;
        body = gt + 1;
      } else if (p_.compare(i_, 2, "(?") == 0) {
        // (?flags:...) keeps its flags; a bare (?flags) would change the rest of its group,
        // which the rewrite's own groups would cut short: not followed.
        size_t colon = p_.find_first_not_of("imsU-", i_ + 2);
        if (colon == std::string::npos || p_[colon] != ':') return false;
        item->open = p_.substr(i_, colon - i_ + 1);
        body = colon + 1;
      }
      i_ = body;
      item->group = ParseAlt();
      if (failed_ || i_ >= p_.size() || p_[i_] != ')') return false;
      ++i_;
    } else if (c == '[') {
      ++i_;
      if (i_ < p_.size() && p_[i_] == '^') ++i_;
      if (i_ < p_.size() && p_[i_] == ']') ++i_;
      while (i_ < p_.size() && p_[i_] != ']') {
        if (p_.compare(i_, 2, "[:") == 0) {
          size_t end = p_.find(":]", i_ + 2);
          if (end == std::string::npos) return false;
          i_ = end + 2;
        } else if (p_[i_] == '\\') {
          if (!SkipEscape()) return false;
        } else {
          ++i_;
        }
      }
      if (i_ >= p_.size()) return false;
      ++i_;
    } else if (c == '\\') {
      if (p_.compare(i_, 2, "\\Q") == 0) return false;
      char e = i_ + 1 < p_.size() ? p_[i_ + 1] : '\0';
      item->zero_width = e == 'A' || e == 'z' || e == 'b' || e == 'B';
      if (!SkipEscape()) return false;
    } else if (c == '^' || c == '$') {
      item->zero_width = true;
      ++i_;
    } else if (c == '*' || c == '+' || c == '?') {
      return false;  // a quantifier with nothing before it: RE2 refuses it anyway
    } else {
      SkipChar();
    }
    item->atom = p_.substr(start, i_ - start);
    return true;
  }

  // \d, \., \x41, \x{263a}, \pL, \p{Greek}, \123: one escape.
  bool SkipEscape() {
    ++i_;  // the backslash
    if (i_ >= p_.size()) return false;
    char e = p_[i_];
    if ((e == 'x' || e == 'p' || e == 'P') && i_ + 1 < p_.size() && p_[i_ + 1] == '{') {
      size_t end = p_.find('}', i_);
      if (end == std::string::npos) return false;
      i_ = end + 1;
    } else if (e == 'x') {
      i_ += 3;
    } else if (e == 'p' || e == 'P') {
      i_ += 2;
    } else if (e >= '0' && e <= '7') {
      while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7') ++i_;
    } else {
      SkipChar();
    }
    return i_ <= p_.size();
  }

  // One character, all the bytes of a UTF-8 sequence.
  void SkipChar() {
    ++i_;
    while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) ++i_;
  }

  void ParseQuantifier(Item* item) {
    size_t start = i_;
    if (i_ < p_.size() && (p_[i_] == '*' || p_[i_] == '+' || p_[i_] == '?')) {
      item->min = p_[i_] == '+' ? 1 : 0;
      item->max = p_[i_] == '?' ? 1 : -1;
      ++i_;
    } else if (i_ < p_.size() && p_[i_] == '{') {
      size_t end = p_.find('}', i_);
      std::string inside = end == std::string::npos ? "" : p_.substr(i_ + 1, end - i_ - 1);
      size_t comma = inside.find(',');
      auto number = [](const std::string& s, int* out) {
        if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos)
          return false;
        *out = std::stoi(s);
        return true;
      };
      int lo = 0, hi = 0;
      bool ok = comma == std::string::npos
                    ? number(inside, &lo) && (hi = lo, true)
                    : number(inside.substr(0, comma), &lo) &&
                          (comma + 1 == inside.size() ? (hi = -1, true)
                                                      : number(inside.substr(comma + 1), &hi));
      if (!ok) return Done(item, start);  // not a repetition: RE2 reads '{' as itself
      item->min = lo;
      item->max = hi;
      i_ = end + 1;
    }
    if (i_ > start && i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy: the same texts
    Done(item, start);
  }

  void Done(Item* item, size_t quantifier_start) {
    item->full = item->atom + p_.substr(quantifier_start, i_ - quantifier_start);
  }

  const std::string& p_;
  size_t i_ = 0;
  size_t atoms_ = 0;
  bool failed_ = false;
  std::string flags_;
};

std::string Pre(const Alt& alt);
std::string Full(const Alt& alt);

// The item as written, its groups made non-capturing (pre(P) repeats them: a name given
// twice is an error to RE2).
std::string Full(const Item& item) {
  if (!item.group) return item.full;
  return item.open + Full(*item.group) + ")" + item.full.substr(item.atom.size());
}

std::string Full(const Alt& alt) {
  std::string out;
  for (size_t i = 0; i < alt.branches.size(); ++i) {
    if (i) out += "|";
    for (const Item& item : alt.branches[i]) out += Full(item);
  }
  return out;
}

std::string PreAtom(const Item& item) {
  if (item.zero_width) return "";
  if (item.group) return item.open + Pre(*item.group) + ")";
  return "(?:" + item.atom + ")?";
}

std::string PreItem(const Item& item) {
  if (item.max == 0) return "";
  std::string one = PreAtom(item);
  if (item.max == 1) return one;
  std::string whole = item.group ? item.open + Full(*item.group) + ")" : "(?:" + item.atom + ")";
  if (item.max < 0) return whole + "*" + one;
  return whole + "{0," + std::to_string(item.max - 1) + "}" + one;
}

std::string PreSeq(const std::vector<Item>& seq, size_t from) {
  if (from >= seq.size()) return "";
  std::string rest = PreSeq(seq, from + 1);
  return "(?:" + PreItem(seq[from]) + "|" + Full(seq[from]) + "(?:" + rest + "))";
}

std::string Pre(const Alt& alt) {
  std::string out;
  for (size_t i = 0; i < alt.branches.size(); ++i)
    out += (i ? "|" : "") + PreSeq(alt.branches[i], 0);
  return out;
}

bool Boundary(const std::string& s, size_t i) {
  return i == 0 || i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

}  // namespace

std::optional<size_t> FirstRejected(const std::string& pattern, const std::string& line) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(pattern, options);
  if (!re.ok() || RE2::PartialMatch(line, re)) return std::nullopt;
  Reader reader(pattern);
  std::unique_ptr<Alt> tree = reader.Parse();
  if (reader.failed() || reader.atoms() > kMostAtoms) return std::nullopt;
  RE2 pre(reader.leading_flags() + "(?:" + Pre(*tree) + ")", options);
  if (!pre.ok()) return std::nullopt;

  const std::string text = line.substr(0, kMostLine);
  // Anchored at the start: a match can begin only there.
  const std::vector<Item>& first = tree->branches[0];
  bool anchored = tree->branches.size() == 1 && !first.empty() && first[0].zero_width &&
                  (first[0].atom == "^" || first[0].atom == "\\A");
  std::vector<size_t> cuts;  // character boundaries
  for (size_t i = 0; i <= text.size(); ++i)
    if (Boundary(text, i)) cuts.push_back(i);
  size_t best_start = 0, best_end = 0;
  bool found = false;
  size_t starts = anchored ? 1 : std::min(cuts.size(), kMostStarts);
  for (size_t s = 0; s < starts; ++s) {
    size_t from = cuts[s];
    auto fits = [&](size_t k) {
      return RE2::FullMatch(re2::StringPiece(text.data() + from, cuts[k] - from), pre);
    };
    if (!fits(s)) continue;  // not even an empty start (an anchor that cannot hold here)
    size_t lo = s, hi = cuts.size() - 1;  // fits(lo); find the last k that fits
    while (lo < hi) {
      size_t mid = lo + (hi - lo + 1) / 2;
      if (fits(mid))
        lo = mid;
      else
        hi = mid - 1;
    }
    if (!found || cuts[lo] - from > best_end - best_start) {
      best_start = from;
      best_end = cuts[lo];
      found = true;
    }
  }
  if (!found) return std::nullopt;
  return best_end;
}

}  // namespace netgrade::peers
