#include "harness/spec/peer.h"

#include <fmt/core.h>

#include "harness/spec/message_list.h"
#include "harness/spec/optional_key.h"

namespace netgrade::spec {
namespace {

void LoadConnections(const YAML::Node& n, YamlReader& r, std::vector<Connection>* out) {
  if (!n.IsSequence()) {
    r.Error(n, fmt::format("expected a list of connections for 'connections', found {}",
                           YamlReader::Found(n)));
    return;
  }
  for (const auto& cn : n) {
    Connection c;
    c.mark = YamlReader::MarkOf(cn);
    if (!r.Map(cn, "a connection", ConnectionKeys())) continue;
    r.Required(cn, "send", "a connection");
    if (cn["send"]) LoadMessages(cn["send"], "send", r, &c.send, &c.draws);
    if (cn["mode"])
      if (auto m = r.Enum(cn["mode"], "mode", {"conversation", "one-write", "line-per-write"}))
        c.mode = *m == "conversation" ? SendMode::kConversation
                 : *m == "one-write"  ? SendMode::kOneWrite
                                      : SendMode::kLinePerWrite;
    out->push_back(std::move(c));
  }
}

}  // namespace

const std::vector<std::string>& PeerKeys() {
  static const std::vector<std::string> keys = {
      "connections", "reply", "interleave", "answers_without_newline",
      "matches",     "frame", "await",      "resend"};
  return keys;
}

const std::vector<std::string>& ConnectionKeys() {
  static const std::vector<std::string> keys = {"send", "mode"};
  return keys;
}

void LoadPeer(const YAML::Node& n, YamlReader& r, Peer* peer) {
  peer->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'peer'", PeerKeys())) return;
  if (auto v = OptionalKey(r, n, "reply", &YamlReader::String)) peer->reply = *v;
  if (auto b = OptionalKey(r, n, "interleave", &YamlReader::Bool)) peer->interleave = *b;
  if (auto b = OptionalKey(r, n, "answers_without_newline", &YamlReader::Bool))
    peer->answers_without_newline = *b;
  // Computed answers and framed messages (captures.h).
  if (auto m = OptionalKey(r, n, "matches", &YamlReader::String)) peer->matches = *m;
  if (auto f = OptionalKey(r, n, "frame", &YamlReader::String)) peer->frame = *f;
  if (auto a = OptionalKey(r, n, "await", &YamlReader::String)) peer->await = *a;
  if (n["resend"])
    if (auto ms = r.DurationMs(n["resend"], "resend", 1, 60 * 1000))
      peer->resend_ms = static_cast<int>(*ms);
  if (n["connections"]) LoadConnections(n["connections"], r, &peer->connections);
}

}  // namespace netgrade::spec
