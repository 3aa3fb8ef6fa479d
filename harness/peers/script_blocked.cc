// What the script peer sees of the program's side of its connections (script_player.h): a
// connect is done once the program has accepted it, and an expect that waits in vain is
// told apart as "its line waited unread while the program read another client".
#include <algorithm>

#include "harness/peers/script_player.h"
#include "harness/peers/server_side.h"

namespace netgrade::peers::script_internal {

// A connect that the kernel completed sits in the listening socket's queue until the program
// accepts it; a script that went on at once would race the program (a `send` then `stop:
// student` before the program had the connection). So the step waits until the program is
// seen to have accepted it (server_side.h), and no longer than the program takes to come to
// rest without accepting it: a server busy with another client never will, and its bug is
// told at the step that needs an answer. Where the program's end cannot be seen (through a
// proxy, on two hosts), the connect is done when the kernel has completed it, as before.
bool ScriptPlayer::AwaitsAccept(const ScriptConn& c) const {
  if (!tcp_ || !options_.active || !options_.resting || at_rest_ || c.connecting() ||
      c.raw_fd() < 0 || log_[c.log_index()].connect_errno != 0)
    return false;
  std::optional<ServerSide> side = LookServerSide(c.raw_fd());
  return side && !side->accepted;
}

// Looked at each time the program is seen at rest during an expect on a TCP connection: a
// line still unread (or a connection not even accepted) while a thread of the program sleeps
// in recv() on another connection is the evidence of kOneClientAtATime. The connection left
// waiting is the expect's own first, else any other client's (b spoke first, and a, which
// the program reads, waits for b's line). A program asleep in select() or accept() is
// blocked on no one client, and one that read the line and answered nothing lost it: neither
// is called one client at a time.
void ScriptPlayer::LookWhereBlocked() {
  const spec::Step& s = steps_[current_];
  if (!tcp_ || !options_.active || !options_.reading || s.action != Action::kExpect) return;
  blocked_.reset();
  ScriptConn* c = Find(s.on);
  if (c == nullptr || !c->open()) return;
  auto waits = [](const std::optional<ServerSide>& side) {
    return side && (!side->accepted || side->unread > 0);
  };
  auto named_open = [](const ScriptConn& other) {
    return other.open() && !other.name().empty() && other.raw_fd() >= 0;
  };
  const ScriptConn* starved = nullptr;
  std::optional<ServerSide> starved_side = LookServerSide(c->raw_fd());
  if (waits(starved_side)) {
    starved = c;
  } else {
    for (const auto& other : conns_) {
      if (other.get() == c || !named_open(*other)) continue;
      starved_side = LookServerSide(other->raw_fd());
      if (waits(starved_side)) {
        starved = other.get();
        break;
      }
    }
  }
  if (starved == nullptr) return;
  const bool unaccepted = !starved_side->accepted;
  const std::string starved_name = starved == c ? "" : starved->name();
  std::vector<uint64_t> reading = options_.reading();
  // 0: asleep in recv() on one socket the grader may not name (blocked_reading.h): then the
  // first open connection it accepted and has read everything from is the likely one (a
  // server of one client at a time serves them in the order it accepted them), said so.
  const bool unnamed = std::find(reading.begin(), reading.end(), 0) != reading.end();
  std::optional<Blocked> likely;
  for (const auto& other : conns_) {
    if (other.get() == starved || !named_open(*other)) continue;
    std::optional<ServerSide> side = LookServerSide(other->raw_fd());
    if (!side || !side->accepted) continue;
    if (std::find(reading.begin(), reading.end(), side->inode) != reading.end()) {
      blocked_ = Blocked{current_, other->name(), other->silent(), unaccepted, true, starved_name};
      return;
    }
    if (unnamed && !likely && side->unread == 0)
      likely = Blocked{current_, other->name(), other->silent(), unaccepted, false, starved_name};
  }
  blocked_ = likely;
}

}  // namespace netgrade::peers::script_internal
