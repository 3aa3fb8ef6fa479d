#include "harness/check/diagnosis.h"

#include <array>
#include <utility>

namespace netgrade::check {
namespace {

constexpr std::array<std::pair<Code, std::string_view>, 72> kNames = {{
    {Code::kNone, "none"},
    {Code::kEcho, "echo"},
    {Code::kFirstLetterOnly, "first_letter_only"},
    {Code::kWrongContent, "wrong_content"},
    {Code::kMissingMessage, "missing_message"},
    {Code::kExtraMessage, "extra_message"},
    {Code::kRunTogether, "run_together"},
    {Code::kWrongOrder, "wrong_order"},
    {Code::kNoNewline, "no_newline"},
    {Code::kNulPadding, "nul_padding"},
    {Code::kBytesRepr, "bytes_repr"},
    {Code::kDidNotExit, "did_not_exit"},
    {Code::kStoppedEarly, "stopped_early"},
    {Code::kCrashed, "crashed"},
    {Code::kVoidMain, "void_main"},
    {Code::kNoOutput, "no_output"},
    {Code::kPython2, "python2"},
    {Code::kWrongPort, "wrong_port"},
    {Code::kNeverListened, "never_listened"},
    {Code::kNeverConnected, "never_connected"},
    {Code::kOneRecvPerMessage, "one_recv_per_message"},
    {Code::kNoUdpTimeout, "no_udp_timeout"},
    {Code::kWrongProtocol, "wrong_protocol"},
    {Code::kLoopbackOnly, "loopback_only"},
    {Code::kReplyToFixedAddress, "reply_to_fixed_address"},
    {Code::kTruncatedDatagram, "truncated_datagram"},
    {Code::kAsciiOnlyUpper, "ascii_only_upper"},
    {Code::kDropsAtRandom, "drops_at_random"},
    {Code::kNoMatchingLine, "no_matching_line"},
    {Code::kLineCount, "line_count"},
    {Code::kWrongExitStatus, "wrong_exit_status"},
    {Code::kTraceback, "traceback"},
    {Code::kTooManyProcesses, "too_many_processes"},
    {Code::kOutputLimit, "output_limit"},
    {Code::kMemoryLimit, "memory_limit"},
    {Code::kCpuLimit, "cpu_limit"},
    {Code::kFileSizeLimit, "file_size_limit"},
    {Code::kDiskLimit, "disk_limit"},
    {Code::kOpenFilesLimit, "open_files_limit"},
    {Code::kTooMuchData, "too_much_data"},
    {Code::kTooManyConnections, "too_many_connections"},
    {Code::kBypassedProxy, "bypassed_proxy"},
    {Code::kTimeout, "timeout"},
    {Code::kMissingProgram, "missing_program"},
    {Code::kBuildFailed, "build_failed"},
    {Code::kCompileError, "compile_error"},
    {Code::kNotListeningAgain, "not_listening_again"},
    {Code::kAddressInUse, "address_in_use"},
    {Code::kNoAnswer, "no_answer"},
    {Code::kOneClientAtATime, "one_client_at_a_time"},
    {Code::kNoReconnect, "no_reconnect"},
    {Code::kUnwantedConnection, "unwanted_connection"},
    {Code::kStoppedListening, "stopped_listening"},
    {Code::kWrongLineEnd, "wrong_line_end"},
    {Code::kKeptOpen, "kept_open"},
    {Code::kWrongConnectionEnd, "wrong_connection_end"},
    {Code::kFileMissing, "file_missing"},
    {Code::kFileDiffers, "file_differs"},
    {Code::kNoEchoRequest, "no_echo_request"},
    {Code::kBadEchoRequest, "bad_echo_request"},
    {Code::kBadChecksum, "bad_checksum"},
    {Code::kWrongSequence, "wrong_sequence"},
    {Code::kAllAtOnce, "all_at_once"},
    {Code::kSlowAfterTimeout, "slow_after_timeout"},
    {Code::kRequestCount, "request_count"},
    {Code::kWrongRoundTrip, "wrong_round_trip"},
    {Code::kOtherReplyTaken, "other_reply_taken"},
    {Code::kTtlOrder, "ttl_order"},
    {Code::kTooManyProbes, "too_many_probes"},
    {Code::kTooFewProbes, "too_few_probes"},
    {Code::kGraderProblem, "grader_problem"},
    {Code::kNotRunHere, "not_run_here"},
}};

}  // namespace

std::string_view CodeName(Code code) {
  for (const auto& [c, name] : kNames)
    if (c == code) return name;
  return "unknown";
}

std::optional<Code> CodeFromName(std::string_view name) {
  for (const auto& [c, n] : kNames)
    if (n == name) return c;
  return std::nullopt;
}

}  // namespace netgrade::check
