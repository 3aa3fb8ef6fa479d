// What went wrong in a case, as data. Each code has a stable name used in JSON reports and
// in the expected.yaml of every fixture under tests/submissions/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace netgrade::check {

enum class Verdict {
  kPass,
  kFail,         // the student's program did something wrong
  kGraderError,  // the grader could not judge (never the student's fault)
  // The case needs what this machine does not give netgrade (network namespaces for routers or
  // a name server of the case's own): not run, neither the student's failure nor the
  // grader's. Its message says why and the remedy for this platform (run/own_network.h).
  kNotRun,
};

enum class Code {
  kNone,                 // passed
  kEcho,                 // the answer is the message unchanged
  kFirstLetterOnly,      // only the first letter was capitalized
  kWrongContent,         // any other difference in content
  kMissingMessage,       // fewer messages than expected
  kExtraMessage,         // more messages than expected
  kRunTogether,          // several messages arrived or were printed as one
  kWrongOrder,           // the right messages, in another order
  kNoNewline,            // an answer without its trailing newline
  kNulPadding,           // the message, then the rest of a fixed-size buffer: \0 bytes
  kBytesRepr,            // printed b'...' instead of the decoded text
  kDidNotExit,           // still running after end of input
  kStoppedEarly,         // a server/receiver exited while it should keep running
  kCrashed,              // exited with a non-zero status or died from a signal
  kVoidMain,             // C/C++ `void main`: a normal end with a garbage exit status
  kNoOutput,             // printed nothing / answered nothing at all
  kPython2,              // Python 2 code run by python3
  kWrongPort,            // listened on or connected to another port
  kNeverListened,        // never listened at all
  kNeverConnected,       // a client/sender never connected
  kOneRecvPerMessage,    // treated one recv() as one message
  kNoUdpTimeout,         // blocked in recvfrom for an answer that was dropped
  kWrongProtocol,        // TCP for a UDP exercise or the reverse
  kLoopbackOnly,         // listens on 127.0.0.1 only
  kReplyToFixedAddress,  // a UDP server answered a fixed address, not the sender's
  kTruncatedDatagram,    // read with a buffer smaller than the datagram
  kAsciiOnlyUpper,       // upper-cased ASCII letters only (bytes.upper()), é and ß unchanged
  kDropsAtRandom,        // a UDP server that leaves datagrams unanswered on purpose (random)
  kNoMatchingLine,       // a spec's pattern or text (stdout_matches, ...) found on no line
  kLineCount,            // too few or too many lines (stdout_lines, received_lines)
  kReusedId,             // two queries in a row with one id (received_ids)
  kWrongExitStatus,      // exited with another status than the spec's exit_status
  kTraceback,            // a traceback or an uncaught C++ exception on stderr (no_traceback)
  kTooManyProcesses,     // resource limits ...
  kOutputLimit,
  kMemoryLimit,
  kCpuLimit,
  kFileSizeLimit,
  kDiskLimit,  // wrote more in its folder than the limit there (sandbox::kCaseWrites)
  kOpenFilesLimit,
  kTooMuchData,         // sent more than the reference peer records in a case (a flood)
  kTooManyConnections,  // opened more connections than peers::kMostConnections in a case
  kBypassedProxy,       // talked to the reference peer's own port, around the case's proxy
  kTimeout,             // the case timed out and nothing more specific is known
  kMissingProgram,      // the submission has no program for the role
  kBuildFailed,         // the spec's build step failed (run/build_step.h): no case could run
  kCompileError,  // the role's source (found by its language, plan/languages.h) did not compile
  // A case's script stopped the program and started it again (spec::Step):
  kNotListeningAgain,  // it was not listening again within the `listening` step's bound
  kAddressInUse,       // it could not: "Address already in use" (no SO_REUSEADDR)
  // A case's script (check/script_checks.h):
  kNoAnswer,            // an expect step got nothing
  kOneClientAtATime,    // ... its line unread while the server was asleep reading another client
  kNoReconnect,         // a client did not connect again after the reference server restarted
  kUnwantedConnection,  // a `no_connection` step: the program connected (asked a server again)
  kStoppedListening,    // a server refused a script's connection: it had stopped listening
  kWrongLineEnd,        // a line ended with "\n" where "\r\n" was required (line_end), or back
  kKeptOpen,            // an `end: closed` step: the program kept the connection open
  kWrongConnectionEnd,  // an `end` step: the program closed or reset it otherwise
  // `expect: files` (check/written_files.h):
  kFileMissing,    // the program wrote no such file in its folder
  kFileDiffers,    // it wrote the file, with other bytes
  kFileNotWanted,  // it wrote a file the case says it must not (`absent: true`: a 404's page)
  // `expect: echo_requests` (kinds/icmp/echo_checks.h):
  kNoEchoRequest,     // no ICMP echo request reached the wire (or none of the path's)
  kBadEchoRequest,    // not type 8 code 0, or another identifier than the first request's
  kBadChecksum,       // an echo request's ICMP checksum is wrong
  kWrongSequence,     // a sequence number out of place, or in a mixed byte order
  kAllAtOnce,         // a request sent before the previous one's reply or timeout
  kSlowAfterTimeout,  // the next request long after the previous one's 1 s timeout
  kRequestCount,      // more or fewer echo requests than the case's count
  kNoReplyTimeout,    // blocked with no timeout for an ICMP reply that never came
  kWrongRoundTrip,    // a printed round trip below the wire's delay or far above its time
  kOtherReplyTaken,   // a reply of another ping, a duplicate or a late one taken as this one's
  kTtlOrder,          // `ttl_probes`: a TTL skipped, repeated after a higher one, or not from 1
  kTooManyProbes,     // `ttl_probes`: more requests with one TTL than most_per_ttl
  kTooFewProbes,      // `ttl_probes`: on to the next TTL after fewer, none answered
  kOwnLineFormat,     // `ttl_probes`: every hop found, in order, printed in a format of its own
  // A transport lab's packets (kinds/transport/traffic.h):
  kNotDelivered,      // netgrade's receiver did not get the whole file and its FIN
  kStopAndWait,       // never more than one packet in flight, with a window of more
  kWindowUnused,      // fewer packets in flight than the window, where the link allowed it
  kWindowNotSliding,  // a window at a time: new packets only once all before are acknowledged
  kMissingAck,        // a receiver left a DATA packet it was given without an ACK
  kWindowExceeded,    // more packets unacknowledged than the window
  kHostByteOrder,     // header fields written in the machine's byte order, not the network's
  kPayloadTooBig,     // a payload over the header's maximum
  kBadPacket,         // a length that disagrees with the bytes, a short payload before the last
  kResendTooSoon,     // a packet sent again sooner than the shortest timeout allows
  kResendOnDupAck,    // the window sent again on a duplicate ACK
  kNeedlessResend,    // packets the receiver had acknowledged sent again
  kNoResend,          // waits with no timeout after a loss: the transfer stops
  kFinNotResent,      // the FIN sent once, its ACK lost
  kSlowTransfer,      // a goodput below the case's share of what the window and link allow
  // A sender that chooses its own window (kinds/transport/congestion.h):
  kNoCongestionControl,  // a fixed window, or one that never shrinks for a loss
  kWindowDoubles,        // after a loss, the window doubles each round trip (slow start for good)
  kWindowCollapse,       // after one loss, the window falls to a quarter or less and stays there
  kStandingQueue,        // the mean wait in the bottleneck's queue over `queue_delay: at_most`
  kSecondCopyFailed,     // of two copies of the sender, the second failed (its exit, its file)
  kUnfairShare,          // two copies' goodputs under the case's Jain's fairness index
  kTcpShare,             // beside a kernel TCP flow, a share of the link out of the case's bounds
  kNoBackoff,            // a timeout firing again for the same packet at the same pace
  kWrongAck,             // a receiver's ACK that is not the cumulative ACK
  kCorruptAccepted,      // a receiver took a corrupted packet
  kDuplicateWritten,     // a receiver wrote a packet it already had
  kNoLinger,             // a receiver gone before the FIN it acknowledged came again
  kGraderProblem,        // the grader failed (with Verdict::kGraderError)
  kNotRunHere,           // not run on this machine (with Verdict::kNotRun)
};

// "echo", "first_letter_only", ...: the stable name.
std::string_view CodeName(Code code);
// The inverse of CodeName; nullopt for an unknown name.
std::optional<Code> CodeFromName(std::string_view name);
// The outcome a code means: kNone passes, kGraderProblem is the grader's error, kNotRunHere is
// not run, every other code is the student's failure. The one place a verdict is decided.
Verdict VerdictOf(Code code);

}  // namespace netgrade::check
