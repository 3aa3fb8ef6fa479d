// The sequence diagram of one case as inline SVG, for --format html: the student's program,
// the proxy and the reference peer as three lifelines, and an arrow per message that crossed
// the proxy (CaseResult::events), in time order, with what the fault plan did to it marked.
#pragma once

#include <string>
#include <string_view>

#include "harness/check/result.h"

namespace netgrade::report {

// Text for HTML or SVG (an element's content or an attribute's value): made visible as the
// other reports do (Visible: no control characters, invalid UTF-8 as \xff escapes), cut to
// max_chars characters with "..." when longer, then &, <, >, " and ' as character references.
// With keep_line_breaks, newlines stay (for a <pre>).
std::string Markup(std::string_view text, size_t max_chars, bool keep_line_breaks = false);
// A link's path, every byte but the unreserved ones and '/' percent-encoded: a folder name
// with '#', '?', a quote or a space still leads to its file.
std::string Href(std::string_view path);

// The reference peer a student's role talks to: "reference server" for a client, "reference
// client" for a server, "reference receiver" for a sender, "reference sender" for a receiver,
// else "reference peer".
std::string PeerName(const std::string& role);

// At most this many events are drawn; a flood ends in a line that counts the rest.
constexpr size_t kMaxDrawnEvents = 60;

// One <svg> element, no script, no external reference. Lifelines: <g class="lifeline
// student|proxy|peer">. Each event drawn is a <g class="event ACTION"> (ACTION as in
// TranscriptEvent::action, plus " delayed" when the plan delayed it) with data-t-ms,
// data-direction and data-index, holding its arrow (class "arrow"), a label with the excerpt
// and the size, and its mark: "drop-mark" (an X at the proxy), "duplicate-mark", "hold-mark",
// "release-mark", "delay-mark", "reset-mark", "not-forwarded-mark". A case without a proxy
// (no fault plan) has two lifelines and a note that nothing was recorded; one whose proxy saw
// nothing, a note that nothing crossed it.
std::string SequenceSvg(const check::CaseResult& c);

// The legend of the marks, one <svg class="legend">, for the top of a page.
std::string SequenceLegendSvg();

}  // namespace netgrade::report
