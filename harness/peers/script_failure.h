// How a case's script failed, as data: the step that did not happen as written, on which
// connection, what the peer had sent there and what came instead. The peer (script_peer.h)
// fills it; the judge (check/script_checks.h) words it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace netgrade::peers {

struct ScriptFailure {
  enum class Kind {
    kNoAnswer,            // an expect got no (complete) line or datagram
    kAnsweredElsewhere,   // UDP: kNoAnswer, and the answer came to another client (`detail`)
    kOneClientAtATime,    // kNoAnswer, its line unread while the program was seen asleep
                          // reading another connection (`silent`): observe/blocked_reading.h
    kWrongAnswer,         // an expect got a line that is not the answer
    kUnexpectedAnswer,    // `expect: nothing`, and something came
    kRefused,             // connect: the program refused the connection (nothing listened)
    kSendFailed,          // send: the program had closed or reset the connection
    kNoConnection,        // accept: the program did not connect
    kNoReconnect,         // accept after `start: peer`: the program did not connect again
    kUnwantedConnection,  // no_connection: the program connected to the peer's server
    kMissingMessage,      // answer, until received: the program did not send enough messages
    kNotListeningAgain,   // listening: not listening within the bound
    kWrongLineEnd,        // the right line, ended otherwise than `line_end` asks (`detail`: how)
    kBlockCount,          // lines: too few or too many (`count` the bound, `got` how many)
    kConnectionEnd,       // end: the program left the connection otherwise (`detail`: how)
    kGrader,              // the grader could not play the step (never the student's fault)
    kCaseEndedFirst,      // a step on the case (until: waiting) was under way when the case
                          // ended: the program's exit is the finding (check/script_checks.cc);
                          // with the program still running, the grader's
  };
  // How the waiting ended.
  enum class End {
    kAtRest,     // the program was seen at rest, the step's condition unmet
    kCaseEnded,  // the case ended (its deadline, or the case runner saw the program at rest)
    kClosed,     // the program closed the connection
    kReset,      // the program reset the connection
    kImmediate,  // the step failed as it was played (a wrong line, a refused connect)
  };
  Kind kind = Kind::kNoAnswer;
  End end = End::kImmediate;
  size_t step = 0;        // 1-based, in the script
  int line = 0;           // of the step in the spec; 0: unknown
  std::string round;      // a copy a `repeat` made: ", round 2 of 3" (spec::RoundWords)
  std::string step_name;  // "expect", "accept", ... (spec::StepName)
  std::string on;         // the connection's name; empty for a step of the case
  // `on` is (or would be) a connection the program opened to the peer's server, in a case
  // where the peer is also the program's client (spec::PlaysBothSides): the words say so.
  bool on_server = false;
  // `on`'s place in the peer's connections (Observation::connections), when it was open.
  std::optional<size_t> log_index;
  bool udp = false;
  std::optional<std::string> sent;  // the last text the peer sent on `on`
  // The script's last send, when it went on another connection after `sent` (a chat server's
  // line from b, expected on a): what the step's words say came before it.
  std::optional<std::string> last_send;
  std::string last_send_on;
  bool last_send_on_server = false;  // last_send_on is a connection the program opened
  std::string expected;              // what was expected, worded ("'HELLO'", "a line matching ...")
  std::optional<std::string> expected_text;  // the one text expected, when there is one
  std::optional<std::string> received;       // what came instead (a line, bytes without a newline)
  bool unterminated = false;                 // received holds bytes that ended no line
  // The step reads bytes (an expect of hex, base64, bytes, length_prefix or until): what was
  // expected and what came are bytes, shown as hex, and `received` without `unterminated`
  // is all that came when too few came. `sent_binary`: the last text sent was bytes.
  bool binary = false;
  bool sent_binary = false;
  // What the bytes tell of the mistake, a sentence: a length prefix written in the other
  // byte order.
  std::string bytes_note;
  // `expect: {matches: P}`: the first byte of `received` P rejects (pattern_reject.h).
  std::optional<size_t> rejected_at;
  // kOneClientAtATime: the other connection, the one the program was asleep reading, and
  // whether it was silent (nothing sent on it, or its last line still unanswered); whether
  // `on` had not even been accepted (its line then waited in the listening socket's queue).
  // `starved`: the connection left waiting, when not `on` (`on` then waits for its line).
  std::string silent;
  std::string starved;
  bool other_silent = false;
  bool unaccepted = false;
  bool other_seen = true;  // seen reading `silent` itself; false: one socket, which not seen
  int count = 0;           // kMissingMessage: how many were awaited, how many came
  int got = 0;
  std::string detail;  // kGrader, kRefused: the system's words
  std::string hint;    // the step's hint for this kind of failure (script_hint.h)
};

}  // namespace netgrade::peers
