#include "harness/report/sequence_svg.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "harness/base/text.h"

namespace netgrade::report {
namespace {

// Geometry (px). The arrows are spaced evenly, not by time: a 1 s timeout between two
// datagrams 0.1 ms apart would otherwise hide one of them; the times are written beside.
constexpr int kWidth = 745, kLegendWidth = 800;
constexpr double kStudentX = 170, kProxyX = 405, kPeerX = 635;
constexpr double kBoxWidth = 200, kBoxTop = 8, kBoxHeight = 30;
constexpr double kTop = 84, kRow = 50;
constexpr double kDelayDrop = 14;  // a delayed message arrives lower: later
constexpr size_t kLabelChars = 28, kWordsChars = 56, kNameChars = 26;

struct Colors {
  const char* passed = "#212121";
  const char* dropped = "#c62828";
  const char* duplicated = "#6a1b9a";
  const char* held = "#e65100";
  const char* delayed = "#1565c0";
  const char* reset = "#b71c1c";
  const char* not_forwarded = "#757575";
};
constexpr Colors kColor;

std::string Num(double v) { return fmt::format("{:.1f}", v); }

// A time beside an arrow: datagrams on loopback come a few microseconds apart, so the short
// times have one more digit.
std::string Ms(double t) {
  return t < 10 ? fmt::format("{:.2f} ms", t) : fmt::format("{:.1f} ms", t);
}

// A line with a filled head at (x2, y2); dashed for what the proxy sent late.
std::string Arrow(double x1, double y1, double x2, double y2, const char* color, bool dashed) {
  double dx = x2 - x1, dy = y2 - y1, len = std::max(1.0, std::hypot(dx, dy));
  double ux = dx / len, uy = dy / len;
  double bx = x2 - 10 * ux, by = y2 - 10 * uy;  // the head's base
  return fmt::format(
      "<line class=\"leg\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
      "stroke-width=\"2\"{}/><polygon class=\"head\" points=\"{},{} {},{} {},{}\" fill=\"{}\"/>",
      Num(x1), Num(y1), Num(bx), Num(by), color, dashed ? " stroke-dasharray=\"6 4\"" : "", Num(x2),
      Num(y2), Num(bx - 5 * uy), Num(by + 5 * ux), Num(bx + 5 * uy), Num(by - 5 * ux), color);
}

// A line without a head: a message that stops at the proxy.
std::string Stub(double x1, double x2, double y, const char* color) {
  return fmt::format(
      "<line class=\"leg\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
      "stroke-width=\"2\"/>",
      Num(x1), Num(y), Num(x2), Num(y), color);
}

// The mark of what the proxy did, drawn at (x, y) on its lifeline; `dst` is where a message
// it sends on goes (the duplicate's second arrow; words stay on that side, off the label).
std::string Mark(const std::string& kind, double x, double y, double dst) {
  if (kind == "dropped")
    return fmt::format(
        "<g class=\"drop-mark\" stroke=\"{0}\" stroke-width=\"3.5\" stroke-linecap=\"round\">"
        "<line x1=\"{1}\" y1=\"{2}\" x2=\"{3}\" y2=\"{4}\"/><line x1=\"{1}\" y1=\"{4}\" x2=\"{3}\" "
        "y2=\"{2}\"/></g>",
        kColor.dropped, Num(x - 8), Num(y - 8), Num(x + 8), Num(y + 8));
  if (kind == "duplicated")
    return fmt::format(
        "<g class=\"duplicate-mark\">{}<text x=\"{}\" y=\"{}\" fill=\"{}\" font-size=\"12\" "
        "font-weight=\"bold\">&#215;2</text></g>",
        Arrow(x, y + 7, dst, y + 7, kColor.duplicated, false), Num(x + (dst > x ? 6 : -22)),
        Num(y - 5), kColor.duplicated);
  if (kind == "held")
    return fmt::format(
        "<g class=\"hold-mark\"><rect x=\"{}\" y=\"{}\" width=\"16\" height=\"20\" rx=\"3\" "
        "fill=\"#fff3e0\" stroke=\"{}\" stroke-width=\"2\"/><rect x=\"{}\" y=\"{}\" width=\"3\" "
        "height=\"10\" fill=\"{}\"/><rect x=\"{}\" y=\"{}\" width=\"3\" height=\"10\" "
        "fill=\"{}\"/></g>",
        Num(x - 8), Num(y - 10), kColor.held, Num(x - 4.5), Num(y - 5), kColor.held, Num(x + 1.5),
        Num(y - 5), kColor.held);
  if (kind == "released")
    return fmt::format(
        "<circle class=\"release-mark\" cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\" "
        "stroke=\"#fff\" stroke-width=\"1.5\"/>",
        Num(x), Num(y), kColor.held);
  if (kind == "delayed")
    return fmt::format(
        "<g class=\"delay-mark\" stroke=\"{}\" stroke-width=\"2\"><circle cx=\"{}\" cy=\"{}\" "
        "r=\"8\" fill=\"#e3f2fd\"/><polyline points=\"{},{} {},{} {},{}\" fill=\"none\"/></g>",
        kColor.delayed, Num(x), Num(y), Num(x), Num(y - 5), Num(x), Num(y), Num(x + 4), Num(y + 2));
  if (kind == "reset")
    return fmt::format(
        "<g class=\"reset-mark\"><polyline points=\"{},{} {},{} {},{} {},{}\" fill=\"none\" "
        "stroke=\"{}\" stroke-width=\"3\" stroke-linejoin=\"round\"/><text x=\"{}\" y=\"{}\" "
        "fill=\"{}\" font-size=\"11\" font-weight=\"bold\">RST</text></g>",
        Num(x + 3), Num(y - 12), Num(x - 4), Num(y + 1), Num(x + 4), Num(y - 1), Num(x - 3),
        Num(y + 12), kColor.reset, Num(dst > x ? x + 7 : x - 31), Num(y - 6), kColor.reset);
  if (kind == "not_forwarded")
    return fmt::format(
        "<g class=\"not-forwarded-mark\" stroke=\"{}\" stroke-width=\"2.5\" fill=\"none\">"
        "<circle cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"#fff\"/><line x1=\"{}\" y1=\"{}\" x2=\"{}\" "
        "y2=\"{}\"/></g>",
        kColor.not_forwarded, Num(x), Num(y), Num(x - 5.5), Num(y + 5.5), Num(x + 5.5),
        Num(y - 5.5));
  return "";
}

bool Delayed(const check::TranscriptEvent& e) {
  return e.words.find("delayed") != std::string::npos;
}

// The arrow of one event at height y from src through the proxy at px towards dst: what it
// is drawn as depends on what the proxy did.
std::string EventArrow(const check::TranscriptEvent& e, double src, double px, double dst,
                       double y) {
  const std::string& a = e.action;
  if (a == "dropped") return Stub(src, px, y, kColor.dropped) + Mark(a, px, y, dst);
  if (a == "held")
    return Arrow(src, y, px + (src < px ? -9 : 9), y, kColor.held, false) + Mark(a, px, y, dst);
  if (a == "reset") return Stub(src, px, y, kColor.reset) + Mark(a, px, y, dst);
  if (a == "not_forwarded") return Stub(src, px, y, kColor.not_forwarded) + Mark(a, px, y, dst);
  // What goes on: late (dashed) when it was held, lower when it was delayed.
  bool delayed = Delayed(e);
  const char* color = a == "released"     ? kColor.held
                      : a == "duplicated" ? kColor.duplicated
                      : delayed           ? kColor.delayed
                                          : kColor.passed;
  std::string out = a == "released" ? "" : Stub(src, px, y, color);  // it came in earlier
  out += Arrow(px, y, dst, y + (delayed ? kDelayDrop : 0), color, a == "released" || delayed);
  if (a == "released" || a == "duplicated") out += Mark(a, px, y, dst);
  if (delayed) out += Mark("delayed", px, y, dst);
  return out;
}

// An event of the peer's own record (no proxy between): an arrow straight across, labelled
// with its excerpt, or with its words for a connection's start and end.
std::string PeerArrow(const check::TranscriptEvent& e, double src, double dst, double y) {
  bool data = e.action == "passed";
  const char* color = e.action == "reset" ? kColor.reset : data ? kColor.passed : "#607d8b";
  std::string out = "<g class=\"arrow\">" + Arrow(src, y, dst, y, color, !data) + "</g>";
  std::string label = data ? fmt::format("'{}' &#183; {} B", Markup(e.text, kLabelChars), e.size)
                           : Markup(e.words, kWordsChars);
  out += fmt::format(
      "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" "
      "fill=\"#212121\">{}</text>",
      Num((src + dst) / 2), Num(y - 7), label);
  if (data && e.words != "passed")  // which connection
    out += fmt::format(
        "<text class=\"words\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" "
        "font-style=\"italic\" fill=\"#555\">{}</text>",
        Num((src + dst) / 2), Num(y + 14), Markup(e.words, kWordsChars));
  return out;
}

std::string Event(const check::TranscriptEvent& e, double y, bool proxy) {
  bool from = e.direction == "from_student";
  double src = from ? kStudentX : kPeerX, dst = from ? kPeerX : kStudentX;
  std::string kind = e.action + (Delayed(e) ? " delayed" : "");
  std::string out = fmt::format(
      "<g class=\"event {}\" data-t-ms=\"{}\" data-direction=\"{}\" data-index=\"{}\">"
      "<title>{} #{} at {}, {} B: {}</title>",
      Markup(kind, 40), fmt::format("{:.3f}", e.t_ms), Markup(e.direction, 20), e.index,
      from ? "from the student" : "to the student", e.index, Ms(e.t_ms), e.size,
      Markup(e.words, 300));
  out += fmt::format(
      "<text class=\"time\" x=\"6\" y=\"{}\" font-size=\"11\" fill=\"#757575\">{}</text>",
      Num(y + 4), Ms(e.t_ms));
  if (!proxy) return out + PeerArrow(e, src, dst, y) + "</g>";
  out += "<g class=\"arrow\">" + EventArrow(e, src, kProxyX, dst, y) + "</g>";
  // The excerpt above the leg it entered the proxy by; what the plan did below the other.
  double in_x = e.action == "released" ? (kProxyX + dst) / 2 : (src + kProxyX) / 2;
  out += fmt::format(
      "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" "
      "fill=\"#212121\">'{}' &#183; {} B</text>",
      Num(in_x), Num(y - 7), Markup(e.text, kLabelChars), e.size);
  if (e.words != "passed")
    out += fmt::format(
        "<text class=\"words\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" "
        "font-style=\"italic\" fill=\"#555\">{}</text>",
        Num((kProxyX + dst) / 2), Num(y + (Delayed(e) ? kDelayDrop + 14 : 17)),
        Markup(e.words, kWordsChars));
  return out + "</g>";
}

std::string Lifeline(const char* cls, double x, const std::string& name, double bottom) {
  return fmt::format(
      "<g class=\"lifeline {}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\" "
      "fill=\"#e8eaf6\" stroke=\"#455a64\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" "
      "font-size=\"13\" font-weight=\"bold\" fill=\"#263238\">{}</text><line x1=\"{}\" y1=\"{}\" "
      "x2=\"{}\" y2=\"{}\" stroke=\"#90a4ae\" stroke-width=\"1.5\" stroke-dasharray=\"4 4\"/></g>",
      cls, Num(x - kBoxWidth / 2), Num(kBoxTop), Num(kBoxWidth), Num(kBoxHeight), Num(x),
      Num(kBoxTop + 20), name, Num(x), Num(kBoxTop + kBoxHeight), Num(x), Num(bottom));
}

std::string Note(double y, const std::string& text) {
  return fmt::format(
      "<text class=\"note\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" "
      "fill=\"#455a64\">{}</text>",
      kWidth / 2, Num(y), text);
}

}  // namespace

std::string Href(std::string_view path) {
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

std::string Markup(std::string_view text, size_t max_chars, bool keep_line_breaks) {
  bool cut = false;
  std::string visible = EscapeText(text, max_chars, &cut, keep_line_breaks);
  if (cut) visible += "...";
  std::string out;
  for (char c : visible) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string PeerName(const std::string& role) {
  if (role == "client") return "reference server";
  if (role == "server") return "reference client";
  if (role == "sender") return "reference receiver";
  if (role == "receiver") return "reference sender";
  return "reference peer";
}

// What netgrade is between the two: "proxy", "wire", "link" (CaseResult::crossed's noun).
std::string MiddleName(const check::CaseResult& c) {
  std::string name = c.crossed.rfind("the ", 0) == 0 ? c.crossed.substr(4) : c.crossed;
  return name.substr(0, name.find(" ("));
}

std::string SequenceSvg(const check::CaseResult& c) {
  std::string student =
      Markup(c.program.empty() ? "the " + c.role + "'s program" : c.program, kNameChars);
  // A kind's case names its other side itself (CaseResult::peer_names).
  std::string peer = Markup(!c.peer_names.empty() ? c.peer_names : PeerName(c.role), kNameChars);
  bool by_peer = c.events_from == "peer";
  bool proxy = !by_peer && (!c.fault_plan.empty() || !c.events.empty());
  // In time order, whatever order they were recorded in (stable: ties keep it).
  std::vector<size_t> order(c.events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return c.events[a].t_ms < c.events[b].t_ms; });
  size_t drawn = std::min(order.size(), kMaxDrawnEvents);
  size_t rows = std::max<size_t>(1, drawn + (drawn < order.size() ? 1 : 0));
  double height = kTop + rows * kRow;
  std::string out = fmt::format(
      "<svg class=\"sequence\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\" font-family=\"sans-serif\" aria-label=\"Messages between {2}{3} and the "
      "{4}\">",
      kWidth, Num(height), student, proxy ? ", the proxy" : "", peer);
  double bottom = height - 6;
  out += Lifeline("student", kStudentX, student, bottom);
  if (proxy) out += Lifeline("proxy", kProxyX, MiddleName(c) + " (netgrade)", bottom);
  out += Lifeline("peer", kPeerX, peer, bottom);
  if (by_peer && order.empty())
    out += Note(kTop, fmt::format("Nothing passed between them: the {} saw no connection and "
                                  "no data.",
                                  peer));
  else if (!proxy && !by_peer)
    out +=
        Note(kTop, "This case ran without a proxy: what the two programs sent was not recorded.");
  else if (order.empty())
    out += Note(kTop, "Nothing crossed the proxy.");
  for (size_t i = 0; i < drawn; ++i) out += Event(c.events[order[i]], kTop + i * kRow, proxy);
  if (drawn < order.size())
    out += Note(kTop + drawn * kRow,
                fmt::format("... and {} more (--format json has them all)", order.size() - drawn));
  return out + "</svg>";
}

std::string SequenceLegendSvg() {
  struct Item {
    const char* action;
    const char* words;
  };
  static const Item kItems[] = {
      {"passed", "passed"},           {"dropped", "dropped"},
      {"duplicated", "duplicated"},   {"held", "held back"},
      {"released", "released later"}, {"passed delayed", "delayed"},
      {"reset", "connection reset"},  {"not_forwarded", "not forwarded"},
  };
  std::string out = fmt::format(
      "<svg class=\"legend\" width=\"{}\" height=\"84\" viewBox=\"0 0 {} 84\" role=\"img\" "
      "font-family=\"sans-serif\" aria-label=\"Legend of the sequence diagrams\">",
      kLegendWidth, kLegendWidth);
  for (size_t i = 0; i < std::size(kItems); ++i) {
    double x = 10 + (i % 4) * 197.0, y = 24 + (i / 4) * 40.0;
    check::TranscriptEvent e;
    e.action = kItems[i].action;
    if (e.action == "passed delayed") e.action = "passed", e.words = "delayed";
    out += fmt::format("<g class=\"legend-item {}\">{}</g>", Markup(kItems[i].action, 20),
                       EventArrow(e, x, x + 40, x + 80, y));
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#212121\">{}</text>",
                       Num(x + 92), Num(y + 4), kItems[i].words);
  }
  return out + "</svg>";
}

}  // namespace netgrade::report
