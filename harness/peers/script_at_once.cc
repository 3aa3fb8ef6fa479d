// A script's `at_once` sends and its captured groups in a step's text (script_player.h).
#include "harness/peers/script_player.h"

namespace netgrade::peers::script_internal {

std::string ScriptPlayer::TextOf(const spec::Step& s) const {
  // A drawn text is the seed's words: nothing in it is a placeholder.
  // Bytes are sent as the spec spells them (a brace in them is a byte, 0x7b, like any other),
  // with what earlier expects captured put in where their hex named it.
  if (s.binary) {
    std::string out;
    size_t from = 0;
    for (const auto& [at, name] : s.captured_at) {
      out.append(s.text, from, at - from);
      if (auto c = captures_.find(name); c != captures_.end()) out += c->second;
      from = at;
    }
    return out + s.text.substr(from);
  }
  return s.draw ? s.text : spec::FillCaptures(s.text, captures_);
}

std::string ScriptPlayer::OwnPlaceholders(const std::string& pattern) const {
  if (!options_.own_server) return pattern;
  return spec::FillCaptures(pattern, {{"origin_port", std::to_string(server_->address().port())}});
}

// Two clients writing at the same moment: their lines must both be there when the program
// next looks, whatever the scheduler does, so the program is held still (CaseControl::Hold)
// while every send of the group is written, then released.
void ScriptPlayer::SendTogether() {
  size_t end = current_ + 1;
  while (end < steps_.size() && steps_[end].action == Action::kSend && steps_[end].at_once) ++end;
  const bool held = end > current_ + 1 && options_.control != nullptr && options_.control->Hold();
  for (size_t k = current_; k < end; ++k)
    if (ScriptConn* c = Find(steps_[k].on))
      c->Send(TextOf(steps_[k]), steps_[k].newline, steps_[k].line_end == spec::LineEnd::kCrlf,
              steps_[k].binary);
  if (held) options_.control->Release();
  sent_until_ = end;
}

}  // namespace netgrade::peers::script_internal
