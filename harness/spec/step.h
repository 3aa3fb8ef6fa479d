// A case's script as plain data: its steps, what an `expect` takes for an answer, how lines
// and connections must end.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/spec/draw_rule.h"
#include "harness/spec/mark.h"

namespace netgrade::spec {

// One step of a case's script (`script:`, specs/FORMAT.md): what the reference peer and the
// grader do, one step after the other, in the order written. Connections are named ("a", "b")
// so that several are open at once and their steps interleave exactly as written: the order
// of a script never depends on scheduling.
struct Answer {
  enum class Kind {
    kUpper,     // the upper case of the last text sent on this connection (full Unicode mapping)
    kSame,      // the last text sent on this connection, unchanged
    kExact,     // `text`, exactly
    kMatches,   // a line in which the RE2 pattern `text` is found
    kTemplate,  // `text` with {line} (the last text sent), {upper} and {n} (its 1-based index)
    kNothing,   // no answer at all: the connection stays silent until the program rests
    // Bytes (`expect: {hex: ...}`, ...), read as they come, no line in them: over UDP, one
    // datagram as it came (no newline removed).
    kBytes,         // exactly the bytes `text`
    kCount,         // `count` bytes of any value
    kLengthPrefix,  // a `prefix_size`-byte length in `little_endian` order, then that many
                    // bytes (`text` when `body_given`)
    kUntil,         // bytes up to and with `delimiter` (before it: `text` when `body_given`)
  };
  Kind kind = Kind::kUpper;
  std::string text;
  int count = 0;        // kCount
  int prefix_size = 0;  // kLengthPrefix: 1, 2 or 4
  bool little_endian = false;
  std::string delimiter;  // kUntil
  bool body_given = false;
  // The binary kinds: the name under which what was read (the body, for kLengthPrefix and
  // kUntil) is kept for later steps' {name}, as a `matches` group's capture is; "" for none.
  std::string capture;
  // `file: PATH` (kBytes, or kLengthPrefix's body): `text` is the bytes of that file of the
  // spec's `files`, filled in when the run's seed draws them (draw.h).
  std::string file;

  bool binary() const {
    return kind == Kind::kBytes || kind == Kind::kCount || kind == Kind::kLengthPrefix ||
           kind == Kind::kUntil;
  }
};

// The spec's advice for one kind of failure of a step (`hint: {wrong: ..., nothing: ...}`);
// empty: Step::hint (a plain `hint:`, for any kind) is told instead.
struct StepHints {
  std::string wrong;    // a line or datagram came that is not the answer
  std::string nothing;  // nothing came: no answer, no connection, too few messages, no listener
  std::string extra;    // something came where nothing should (`expect: nothing`)
  std::string closed;   // the program closed or reset the connection
};

// How a line must end (`line_end:` of a step or of its case): HTTP and SMTP lines end with
// "\r\n", and a program that sends "\n" alone passes a check that strips the '\r'.
enum class LineEnd {
  kAny,   // "\n" or "\r\n" (the default)
  kCrlf,  // "\r\n" required; `send` ends its lines with it too
  kLf,    // "\n" alone required
};

// A block of lines (`lines:` step): lines matching `matching` (any line when empty) until a
// line matching `until`, which ends the block and is taken with it; at_least..at_most of
// them before it (at_most -1: no bound). An HTTP head: headers until the blank line.
struct LineBlock {
  std::string matching;
  std::string until;
  int at_least = 0;
  int at_most = -1;
};

// How the program must leave a connection (`end:` step): closed (FIN), reset (RST), or kept
// open until it is seen at rest.
enum class ConnEnd { kClosed, kReset, kOpen };

struct Step {
  enum class Action {
    // Connections of the reference peer.
    kConnect,  // peer as client: open connection `on` to the student's program (UDP: a socket)
    kAccept,   // peer as server: the student's next connection is `on` (TCP only)
    kSend,     // write `text` on `on`, then '\n' unless `newline` is false (UDP: one datagram)
    kExpect,   // read one line (TCP) or datagram (UDP) on `on` and check it against `answer`
    kAnswer,   // peer as server: answer the next `count` messages on `on` as Peer::reply says;
               // count -1: every message until the student closes `on` (UDP: ends the case)
    kClose,    // close `on` (TCP: FIN)
    kReset,    // reset `on` (TCP: RST, SO_LINGER 0)
    // The case itself.
    kUntilWaiting,   // until the student's program is seen waiting (at rest, nothing pending)
    kPause,          // let `ms` pass (a real pause the exercise needs, never to sequence)
    kStopStudent,    // SIGTERM, then SIGKILL after the grace; until it is gone
    kStartStudent,   // start the student's program again, as at the case's start
    kListening,      // the student's program must be listening within `ms`
    kStopPeer,       // the peer closes its connections and its listening socket (port closed)
    kStartPeer,      // the peer listens again on the same port
    kStdin,          // write `text` and '\n' to the program's standard input
    kCloseStdin,     // end of its input
    kUntilReceived,  // until the peer has received `count` messages in all, from every connection
    kLines,          // read a block of lines on `on` (`block`)
    kEnd,            // the program must have closed, reset or kept open `on` (`end`)
    // Peer as server: no connection comes to it (`on` names the one that would) until the
    // program is seen at rest: a cached answer, a program that must not connect again.
    kNoConnection,
  };
  Action action = Action::kSend;
  std::string on = "1";      // the connection's name
  std::string text;          // kSend, kStdin
  std::optional<Draw> draw;  // kSend, kStdin: `text` is drawn from the seed (draw.h)
  bool newline = true;       // kSend
  // kSend: `text` is bytes (`send: {hex: ...}` or `{base64: ...}`), sent exactly as they are:
  // no newline, no line_end, no captures filled in.
  bool binary = false;
  // kSend in hex: the bytes an earlier expect captured go into `text` at these offsets, in
  // order (`send: {hex: "00 00 00 10 {token}"}`).
  std::vector<std::pair<size_t, std::string>> captured_at;
  // kSend `{file: PATH}`: `text` is the bytes of that file of the spec's `files`, filled in
  // when the run's seed draws them (draw.h).
  std::string file;
  // kSend in hex: the files whose bytes go into `text` at these offsets, in order (`send:
  // {hex: "00 00 01 2c {file:first.bin}"}`), put in when the seed draws them (then cleared).
  std::vector<std::pair<size_t, std::string>> files_at;
  bool at_once = false;  // kSend: written in the same turn as the send before it
  // kConnect, UDP: a later send on the socket goes to the address and port its last datagram
  // came from (a TFTP server's transfer port, RFC 1350's TID), not the program's given port.
  bool follow = false;
  Answer answer;     // kExpect
  int count = 1;     // kAnswer, kUntilReceived
  int ms = 0;        // kPause, kListening
  std::string hint;  // the spec's own advice when this step fails (kExpect, kListening)
  StepHints hints;   // the same for one kind of failure only (peers/script_hint.h)
  // kSend, kExpect, kLines: how lines end; the case's `line_end` when the step sets none.
  LineEnd line_end = LineEnd::kAny;
  bool line_end_set = false;       // the step gave its own (the case's does not replace it)
  LineBlock block;                 // kLines
  ConnEnd end = ConnEnd::kClosed;  // kEnd
  int within_ms = 0;               // kEnd with kClosed or kReset: at most this long; 0: the case's
  // A copy a `repeat` made: its round and how many, outermost `repeat` first (script_repeat.h).
  std::vector<std::pair<int, int>> rounds;
  Mark mark;
};

// "connect", "send", "stop student", ...: the step's name as the spec writes it.
const char* StepName(Step::Action action);

}  // namespace netgrade::spec
