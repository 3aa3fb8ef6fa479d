#include "harness/check/diagnosis.h"

#include <array>

namespace netgrade::check {
namespace {

// Each code's stable name and the outcome it means, as lit's ResultCode: PASS, FAIL, ERROR
// (the grader's) or not run follow from the code alone, never from where it was made.
struct Row {
  Code code;
  std::string_view name;
  Verdict verdict;
};

constexpr std::array<Row, 103> kRows = {{
    {Code::kNone, "none", Verdict::kPass},
    {Code::kEcho, "echo", Verdict::kFail},
    {Code::kFirstLetterOnly, "first_letter_only", Verdict::kFail},
    {Code::kWrongContent, "wrong_content", Verdict::kFail},
    {Code::kMissingMessage, "missing_message", Verdict::kFail},
    {Code::kExtraMessage, "extra_message", Verdict::kFail},
    {Code::kRunTogether, "run_together", Verdict::kFail},
    {Code::kWrongOrder, "wrong_order", Verdict::kFail},
    {Code::kNoNewline, "no_newline", Verdict::kFail},
    {Code::kNulPadding, "nul_padding", Verdict::kFail},
    {Code::kBytesRepr, "bytes_repr", Verdict::kFail},
    {Code::kDidNotExit, "did_not_exit", Verdict::kFail},
    {Code::kStoppedEarly, "stopped_early", Verdict::kFail},
    {Code::kCrashed, "crashed", Verdict::kFail},
    {Code::kVoidMain, "void_main", Verdict::kFail},
    {Code::kNoOutput, "no_output", Verdict::kFail},
    {Code::kPython2, "python2", Verdict::kFail},
    {Code::kWrongPort, "wrong_port", Verdict::kFail},
    {Code::kNeverListened, "never_listened", Verdict::kFail},
    {Code::kNeverConnected, "never_connected", Verdict::kFail},
    {Code::kOneRecvPerMessage, "one_recv_per_message", Verdict::kFail},
    {Code::kNoUdpTimeout, "no_udp_timeout", Verdict::kFail},
    {Code::kWrongProtocol, "wrong_protocol", Verdict::kFail},
    {Code::kLoopbackOnly, "loopback_only", Verdict::kFail},
    {Code::kReplyToFixedAddress, "reply_to_fixed_address", Verdict::kFail},
    {Code::kTruncatedDatagram, "truncated_datagram", Verdict::kFail},
    {Code::kAsciiOnlyUpper, "ascii_only_upper", Verdict::kFail},
    {Code::kDropsAtRandom, "drops_at_random", Verdict::kFail},
    {Code::kNoMatchingLine, "no_matching_line", Verdict::kFail},
    {Code::kLineCount, "line_count", Verdict::kFail},
    {Code::kReusedId, "reused_id", Verdict::kFail},
    {Code::kWrongExitStatus, "wrong_exit_status", Verdict::kFail},
    {Code::kTraceback, "traceback", Verdict::kFail},
    {Code::kTooManyProcesses, "too_many_processes", Verdict::kFail},
    {Code::kOutputLimit, "output_limit", Verdict::kFail},
    {Code::kMemoryLimit, "memory_limit", Verdict::kFail},
    {Code::kCpuLimit, "cpu_limit", Verdict::kFail},
    {Code::kFileSizeLimit, "file_size_limit", Verdict::kFail},
    {Code::kDiskLimit, "disk_limit", Verdict::kFail},
    {Code::kOpenFilesLimit, "open_files_limit", Verdict::kFail},
    {Code::kTooMuchData, "too_much_data", Verdict::kFail},
    {Code::kTooManyConnections, "too_many_connections", Verdict::kFail},
    {Code::kBypassedProxy, "bypassed_proxy", Verdict::kFail},
    {Code::kTimeout, "timeout", Verdict::kFail},
    {Code::kMissingProgram, "missing_program", Verdict::kFail},
    {Code::kBuildFailed, "build_failed", Verdict::kFail},
    {Code::kCompileError, "compile_error", Verdict::kFail},
    {Code::kNotListeningAgain, "not_listening_again", Verdict::kFail},
    {Code::kAddressInUse, "address_in_use", Verdict::kFail},
    {Code::kNoAnswer, "no_answer", Verdict::kFail},
    {Code::kOneClientAtATime, "one_client_at_a_time", Verdict::kFail},
    {Code::kNoReconnect, "no_reconnect", Verdict::kFail},
    {Code::kUnwantedConnection, "unwanted_connection", Verdict::kFail},
    {Code::kStoppedListening, "stopped_listening", Verdict::kFail},
    {Code::kWrongLineEnd, "wrong_line_end", Verdict::kFail},
    {Code::kKeptOpen, "kept_open", Verdict::kFail},
    {Code::kWrongConnectionEnd, "wrong_connection_end", Verdict::kFail},
    {Code::kFileMissing, "file_missing", Verdict::kFail},
    {Code::kFileDiffers, "file_differs", Verdict::kFail},
    {Code::kFileNotWanted, "file_not_wanted", Verdict::kFail},
    {Code::kNoEchoRequest, "no_echo_request", Verdict::kFail},
    {Code::kBadEchoRequest, "bad_echo_request", Verdict::kFail},
    {Code::kBadChecksum, "bad_checksum", Verdict::kFail},
    {Code::kWrongSequence, "wrong_sequence", Verdict::kFail},
    {Code::kAllAtOnce, "all_at_once", Verdict::kFail},
    {Code::kSlowAfterTimeout, "slow_after_timeout", Verdict::kFail},
    {Code::kRequestCount, "request_count", Verdict::kFail},
    {Code::kNoReplyTimeout, "no_reply_timeout", Verdict::kFail},
    {Code::kWrongRoundTrip, "wrong_round_trip", Verdict::kFail},
    {Code::kOtherReplyTaken, "other_reply_taken", Verdict::kFail},
    {Code::kTtlOrder, "ttl_order", Verdict::kFail},
    {Code::kTooManyProbes, "too_many_probes", Verdict::kFail},
    {Code::kTooFewProbes, "too_few_probes", Verdict::kFail},
    {Code::kOwnLineFormat, "own_line_format", Verdict::kFail},
    {Code::kNotDelivered, "not_delivered", Verdict::kFail},
    {Code::kStopAndWait, "stop_and_wait", Verdict::kFail},
    {Code::kWindowUnused, "window_unused", Verdict::kFail},
    {Code::kWindowNotSliding, "window_not_sliding", Verdict::kFail},
    {Code::kMissingAck, "missing_ack", Verdict::kFail},
    {Code::kWindowExceeded, "window_exceeded", Verdict::kFail},
    {Code::kHostByteOrder, "host_byte_order", Verdict::kFail},
    {Code::kPayloadTooBig, "payload_too_big", Verdict::kFail},
    {Code::kBadPacket, "bad_packet", Verdict::kFail},
    {Code::kResendTooSoon, "resend_too_soon", Verdict::kFail},
    {Code::kResendOnDupAck, "resend_on_duplicate_ack", Verdict::kFail},
    {Code::kNeedlessResend, "needless_resend", Verdict::kFail},
    {Code::kNoResend, "no_resend", Verdict::kFail},
    {Code::kFinNotResent, "fin_not_resent", Verdict::kFail},
    {Code::kSlowTransfer, "slow_transfer", Verdict::kFail},
    {Code::kNoCongestionControl, "no_congestion_control", Verdict::kFail},
    {Code::kWindowDoubles, "window_doubles", Verdict::kFail},
    {Code::kWindowCollapse, "window_collapse", Verdict::kFail},
    {Code::kStandingQueue, "standing_queue", Verdict::kFail},
    {Code::kSecondCopyFailed, "second_copy_failed", Verdict::kFail},
    {Code::kUnfairShare, "unfair_share", Verdict::kFail},
    {Code::kTcpShare, "share_beside_tcp", Verdict::kFail},
    {Code::kNoBackoff, "timeout_not_backed_off", Verdict::kFail},
    {Code::kWrongAck, "wrong_ack", Verdict::kFail},
    {Code::kCorruptAccepted, "corrupt_accepted", Verdict::kFail},
    {Code::kDuplicateWritten, "duplicate_written", Verdict::kFail},
    {Code::kNoLinger, "no_linger", Verdict::kFail},
    {Code::kGraderProblem, "grader_problem", Verdict::kGraderError},
    {Code::kNotRunHere, "not_run_here", Verdict::kNotRun},
}};

}  // namespace

std::string_view CodeName(Code code) {
  for (const Row& row : kRows)
    if (row.code == code) return row.name;
  return "unknown";
}

std::optional<Code> CodeFromName(std::string_view name) {
  for (const Row& row : kRows)
    if (row.name == name) return row.code;
  return std::nullopt;
}

Verdict VerdictOf(Code code) {
  for (const Row& row : kRows)
    if (row.code == code) return row.verdict;
  return Verdict::kGraderError;  // a code without a row is the grader's mistake
}

}  // namespace netgrade::check
