// What went wrong in a case, as data. Each code has a stable name used in JSON reports and
// in the expected.yaml of every fixture under tests/submissions/.
#pragma once

#include <iosfwd>
#include <span>
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

// A code's stable name and the outcome it means. One object per code, never copied: a Code is
// its address, so a lab kind declares its own codes in its folder (kinds/transport/codes.h)
// and registers them with the kind (kinds/kind.h); the codes below are those every kind's
// checks may give.
class CodeInfo {
 public:
  // The student's failure unless said otherwise.
  constexpr explicit CodeInfo(std::string_view name, Verdict verdict = Verdict::kFail)
      : name_(name), verdict_(verdict) {}
  CodeInfo(const CodeInfo&) = delete;
  CodeInfo& operator=(const CodeInfo&) = delete;
  constexpr std::string_view name() const { return name_; }
  constexpr Verdict verdict() const { return verdict_; }

 private:
  std::string_view name_;
  Verdict verdict_;
};

// What went wrong in a case: Code::kEcho, transport::Codes::kStopAndWait, ...; kNone when
// nothing did.
class Code {
 public:
  constexpr Code() : info_(&kNone) {}
  constexpr Code(const CodeInfo& info) : info_(&info) {}  // NOLINT: implicit, as an enum's
  // Never of a temporary: it would point at nothing once the statement ends.
  Code(const CodeInfo&&) = delete;
  constexpr std::string_view name() const { return info_->name(); }
  constexpr Verdict verdict() const { return info_->verdict(); }
  friend constexpr bool operator==(Code a, Code b) { return a.info_ == b.info_; }

  // passed
  static constexpr CodeInfo kNone{"none", Verdict::kPass};
  // the answer is the message unchanged
  static constexpr CodeInfo kEcho{"echo"};
  // only the first letter was capitalized
  static constexpr CodeInfo kFirstLetterOnly{"first_letter_only"};
  // any other difference in content
  static constexpr CodeInfo kWrongContent{"wrong_content"};
  // fewer messages than expected
  static constexpr CodeInfo kMissingMessage{"missing_message"};
  // more messages than expected
  static constexpr CodeInfo kExtraMessage{"extra_message"};
  // several messages arrived or were printed as one
  static constexpr CodeInfo kRunTogether{"run_together"};
  // the right messages, in another order
  static constexpr CodeInfo kWrongOrder{"wrong_order"};
  // an answer without its trailing newline
  static constexpr CodeInfo kNoNewline{"no_newline"};
  // the message, then the rest of a fixed-size buffer: \0 bytes
  static constexpr CodeInfo kNulPadding{"nul_padding"};
  // printed b'...' instead of the decoded text
  static constexpr CodeInfo kBytesRepr{"bytes_repr"};
  // still running after end of input
  static constexpr CodeInfo kDidNotExit{"did_not_exit"};
  // a server/receiver exited while it should keep running
  static constexpr CodeInfo kStoppedEarly{"stopped_early"};
  // exited with a non-zero status or died from a signal
  static constexpr CodeInfo kCrashed{"crashed"};
  // C/C++ `void main`: a normal end with a garbage exit status
  static constexpr CodeInfo kVoidMain{"void_main"};
  // printed nothing / answered nothing at all
  static constexpr CodeInfo kNoOutput{"no_output"};
  // Python 2 code run by python3
  static constexpr CodeInfo kPython2{"python2"};
  // listened on or connected to another port
  static constexpr CodeInfo kWrongPort{"wrong_port"};
  // never listened at all
  static constexpr CodeInfo kNeverListened{"never_listened"};
  // a client/sender never connected
  static constexpr CodeInfo kNeverConnected{"never_connected"};
  // treated one recv() as one message
  static constexpr CodeInfo kOneRecvPerMessage{"one_recv_per_message"};
  // blocked in recvfrom for an answer that was dropped
  static constexpr CodeInfo kNoUdpTimeout{"no_udp_timeout"};
  // TCP for a UDP exercise or the reverse
  static constexpr CodeInfo kWrongProtocol{"wrong_protocol"};
  // listens on 127.0.0.1 only
  static constexpr CodeInfo kLoopbackOnly{"loopback_only"};
  // a UDP server answered a fixed address, not the sender's
  static constexpr CodeInfo kReplyToFixedAddress{"reply_to_fixed_address"};
  // read with a buffer smaller than the datagram
  static constexpr CodeInfo kTruncatedDatagram{"truncated_datagram"};
  // upper-cased ASCII letters only (bytes.upper()), é and ß unchanged
  static constexpr CodeInfo kAsciiOnlyUpper{"ascii_only_upper"};
  // a UDP server that leaves datagrams unanswered on purpose (random)
  static constexpr CodeInfo kDropsAtRandom{"drops_at_random"};
  // a spec's pattern or text (stdout_matches, ...) found on no line
  static constexpr CodeInfo kNoMatchingLine{"no_matching_line"};
  // too few or too many lines (stdout_lines, received_lines)
  static constexpr CodeInfo kLineCount{"line_count"};
  // two queries in a row with one id (received_ids)
  static constexpr CodeInfo kReusedId{"reused_id"};
  // exited with another status than the spec's exit_status
  static constexpr CodeInfo kWrongExitStatus{"wrong_exit_status"};
  // a traceback or an uncaught C++ exception on stderr (no_traceback)
  static constexpr CodeInfo kTraceback{"traceback"};
  // resource limits ...
  static constexpr CodeInfo kTooManyProcesses{"too_many_processes"};
  static constexpr CodeInfo kOutputLimit{"output_limit"};
  static constexpr CodeInfo kMemoryLimit{"memory_limit"};
  static constexpr CodeInfo kCpuLimit{"cpu_limit"};
  static constexpr CodeInfo kFileSizeLimit{"file_size_limit"};
  // wrote more in its folder than the limit there (sandbox::kCaseWrites)
  static constexpr CodeInfo kDiskLimit{"disk_limit"};
  static constexpr CodeInfo kOpenFilesLimit{"open_files_limit"};
  // sent more than the reference peer records in a case (a flood)
  static constexpr CodeInfo kTooMuchData{"too_much_data"};
  // opened more connections than peers::kMostConnections in a case
  static constexpr CodeInfo kTooManyConnections{"too_many_connections"};
  // talked to the reference peer's own port, around the case's proxy
  static constexpr CodeInfo kBypassedProxy{"bypassed_proxy"};
  // the case timed out and nothing more specific is known
  static constexpr CodeInfo kTimeout{"timeout"};
  // the submission has no program for the role
  static constexpr CodeInfo kMissingProgram{"missing_program"};
  // the spec's build step failed (run/build_step.h): no case could run
  static constexpr CodeInfo kBuildFailed{"build_failed"};
  // the role's source (found by its language, plan/languages.h) did not compile
  static constexpr CodeInfo kCompileError{"compile_error"};
  // A case's script stopped the program and started it again (spec::Step):
  // it was not listening again within the `listening` step's bound
  static constexpr CodeInfo kNotListeningAgain{"not_listening_again"};
  // it could not: "Address already in use" (no SO_REUSEADDR)
  static constexpr CodeInfo kAddressInUse{"address_in_use"};
  // A case's script (check/script_checks.h):
  // an expect step got nothing
  static constexpr CodeInfo kNoAnswer{"no_answer"};
  // ... its line unread while the server was asleep reading another client
  static constexpr CodeInfo kOneClientAtATime{"one_client_at_a_time"};
  // a client did not connect again after the reference server restarted
  static constexpr CodeInfo kNoReconnect{"no_reconnect"};
  // a `no_connection` step: the program connected (asked a server again)
  static constexpr CodeInfo kUnwantedConnection{"unwanted_connection"};
  // a server refused a script's connection: it had stopped listening
  static constexpr CodeInfo kStoppedListening{"stopped_listening"};
  // a line ended with "\n" where "\r\n" was required (line_end), or back
  static constexpr CodeInfo kWrongLineEnd{"wrong_line_end"};
  // an `end: closed` step: the program kept the connection open
  static constexpr CodeInfo kKeptOpen{"kept_open"};
  // an `end` step: the program closed or reset it otherwise
  static constexpr CodeInfo kWrongConnectionEnd{"wrong_connection_end"};
  // `expect: files` (check/written_files.h):
  // the program wrote no such file in its folder
  static constexpr CodeInfo kFileMissing{"file_missing"};
  // it wrote the file, with other bytes
  static constexpr CodeInfo kFileDiffers{"file_differs"};
  // it wrote a file the case says it must not (`absent: true`: a 404's page)
  static constexpr CodeInfo kFileNotWanted{"file_not_wanted"};
  // a checksum in the program's packets is wrong (a header it builds itself)
  static constexpr CodeInfo kBadChecksum{"bad_checksum"};
  // the grader failed (with Verdict::kGraderError)
  static constexpr CodeInfo kGraderProblem{"grader_problem", Verdict::kGraderError};
  // not run on this machine (with Verdict::kNotRun)
  static constexpr CodeInfo kNotRunHere{"not_run_here", Verdict::kNotRun};

 private:
  const CodeInfo* info_;
};

// "echo", "first_letter_only", ...: the stable name.
constexpr std::string_view CodeName(Code code) { return code.name(); }
// The outcome a code means: kNone passes, kGraderProblem is the grader's error, kNotRunHere is
// not run, every other code is the student's failure. The one place a verdict is decided.
constexpr Verdict VerdictOf(Code code) { return code.verdict(); }
// The codes declared here, every kind's (a kind's own: kinds::AllCodes, kinds/kind.h).
std::span<const Code> SharedCodes();
// gtest and fmt print a code by its name.
std::ostream& operator<<(std::ostream& out, Code code);
std::ostream& operator<<(std::ostream& out, const CodeInfo& code);

}  // namespace netgrade::check
