// Compares the messages that came out of a student's program (the answers its server sent,
// what its sender delivered, what it printed) with the ones expected, and names what went
// wrong: an echo, capitalize() instead of upper(), messages run together, a missing or
// extra message, the wrong order, ...
#pragma once

#include <string>
#include <vector>

#include "harness/check/finding.h"

namespace netgrade::check {

struct MessageCheck {
  // Who produced `actual`, for the explanation: "your server answered", "your program
  // printed", "the reference receiver got". Said with Say (or a literal): which side it was is
  // part of the mistake, in the cause's shape; the program's name is a value.
  Phrase source;
  std::vector<std::string> sent;      // what the expected messages derive from (may be empty)
  std::vector<std::string> expected;  // in order
  std::vector<std::string> actual;    // lines, in order
  // Standard output: a prompt or prefix before a message on its line is tolerated, and
  // lines that match nothing (banners, prompts) are ignored. Otherwise lines must be equal.
  bool allow_prefix = false;
  // `actual` is what the reference peer received from the student's program (the program is
  // the sender): a short line is then the program's doing, not a recv() that stopped early.
  bool peer_received = false;
  // The messages came as UDP datagrams: one cut short by the program's own receive was cut by
  // a buffer smaller than the datagram (the rest is gone), not by a recv() that stopped early.
  bool datagrams = false;
  // The expected messages are the upper case of `sent` (`replies: upper`): only then is a
  // wrong line told how to upper-case (upper(), not capitalize(); decode, then upper()).
  bool upper_expected = false;
};

Finding CompareMessages(const MessageCheck& check);

}  // namespace netgrade::check
