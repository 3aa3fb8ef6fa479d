// The script player's `lines:` and `end:` steps and the line end `line_end:` asks for
// (script_player.h), beside the other steps of script_steps.cc.
#include "harness/peers/script_blocks.h"

#include <re2/re2.h>

#include <memory>

#include "harness/base/text.h"
#include "harness/peers/script_player.h"
#include "harness/spec/regex_cache.h"

namespace netgrade::peers {

std::string DescribeBlockEnd(const spec::LineBlock& b) {
  return "a line matching /" + EscapeText(b.until, 80) + "/ (which ends the lines)";
}

std::string DescribeBlockLine(const spec::LineBlock& b) {
  if (b.matching.empty()) return DescribeBlockEnd(b);
  return "a line matching /" + EscapeText(b.matching, 80) + "/, or " + DescribeBlockEnd(b);
}

bool FoundIn(const std::string& pattern, const std::string& line) {
  if (pattern.empty()) return true;
  std::shared_ptr<const RE2> re = spec::Compiled(pattern);
  return re->ok() && RE2::PartialMatch(line, *re);
}

bool LineEndOk(spec::LineEnd want, bool crlf) {
  switch (want) {
    case spec::LineEnd::kCrlf:
      return crlf;
    case spec::LineEnd::kLf:
      return !crlf;
    case spec::LineEnd::kAny:
      break;
  }
  return true;
}

namespace script_internal {

ScriptPlayer::Status ScriptPlayer::CheckLineEnd(const spec::Step& s, ScriptConn* c,
                                                const std::string& got) {
  if (c == nullptr || !tcp_ || LineEndOk(s.line_end, c->last_crlf())) return Status::kDone;
  ScriptFailure f = Base(s);
  f.kind = Kind::kWrongLineEnd;
  f.received = got;
  f.detail = c->last_crlf() ? "\\r\\n" : "\\n";
  if (s.action == Action::kLines) f.expected = DescribeBlockLine(s.block);
  return Fail(f);
}

// Lines on `c` until one matches `until` (taken with them); each before it must match
// `matching`, and their number be within the bounds. answered_here_ counts them.
ScriptPlayer::Status ScriptPlayer::PlayLines(const spec::Step& s, ScriptConn* c) {
  const spec::LineBlock& b = s.block;
  while (std::optional<std::string> line = c->TakeMessage()) {
    if (Status st = CheckLineEnd(s, c, *line); st != Status::kDone) return st;
    bool last = FoundIn(b.until, *line);
    if (!last && !FoundIn(b.matching, *line)) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kWrongAnswer;
      f.expected = DescribeBlockLine(b);
      f.received = *line;
      return Fail(f);
    }
    bool few = last && answered_here_ < b.at_least;
    if (!last) ++answered_here_;
    if (few || (b.at_most >= 0 && answered_here_ > b.at_most)) {
      ScriptFailure f = Base(s);
      f.kind = Kind::kBlockCount;
      f.count = few ? b.at_least : b.at_most;
      f.got = answered_here_;
      f.detail = few ? "at least" : "at most";
      f.received = *line;
      return Fail(f);
    }
    if (last) return Status::kDone;
  }
  if (c->ended() || c->send_failed())
    return Fail(Unmet(log_[c->log_index()].reset ? End::kReset : End::kClosed));
  return at_rest_ ? Fail(Unmet(End::kAtRest)) : Status::kWait;
}

// How the program leaves `c`: its FIN or RST, read as they come; kept open when it is seen
// at rest with neither. `within` bounds the wait for a close or a reset (timer_).
ScriptPlayer::Status ScriptPlayer::PlayEnd(const spec::Step& s, ScriptConn* c) {
  const ConnectionLog& l = log_[c->log_index()];
  const bool reset = l.reset;
  const bool ended = l.eof || l.reset;
  auto finish = [&](Status st) {
    if (timer_) loop_.Cancel(timer_);
    timer_ = 0;
    return st;
  };
  if (first_ && s.end != spec::ConnEnd::kOpen && s.within_ms > 0 && !ended) {
    auto within = std::chrono::milliseconds(
        static_cast<int64_t>(s.within_ms * options_.thresholds.multiplier + 0.5));
    timer_ = loop_.At(loop_.Now() + within, [this] {
      timer_ = 0;
      control_done_ = true;
      Advance();
    });
  }
  ScriptFailure f = Base(s);
  f.kind = Kind::kConnectionEnd;
  if (ended) {
    bool ok =
        (s.end == spec::ConnEnd::kClosed && !reset) || (s.end == spec::ConnEnd::kReset && reset);
    if (ok) return finish(Status::kDone);
    f.detail = reset ? "reset" : "closed";
    return finish(Fail(f));
  }
  if (s.end == spec::ConnEnd::kOpen) return at_rest_ ? finish(Status::kDone) : Status::kWait;
  if (control_done_ || at_rest_) {  // `within` passed, or the program rests with it open
    f.detail = "open";
    f.end = control_done_ ? End::kCaseEnded : End::kAtRest;
    f.count = control_done_ ? s.within_ms : 0;
    return finish(Fail(f));
  }
  return Status::kWait;
}

}  // namespace script_internal
}  // namespace netgrade::peers
