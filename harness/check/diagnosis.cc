#include "harness/check/diagnosis.h"

#include <array>
#include <ostream>

namespace netgrade::check {

std::span<const Code> SharedCodes() {
  static constexpr std::array kAll = {
      Code(Code::kNone),
      Code(Code::kEcho),
      Code(Code::kFirstLetterOnly),
      Code(Code::kWrongContent),
      Code(Code::kMissingMessage),
      Code(Code::kExtraMessage),
      Code(Code::kRunTogether),
      Code(Code::kWrongOrder),
      Code(Code::kNoNewline),
      Code(Code::kNulPadding),
      Code(Code::kBytesRepr),
      Code(Code::kDidNotExit),
      Code(Code::kStoppedEarly),
      Code(Code::kCrashed),
      Code(Code::kVoidMain),
      Code(Code::kNoOutput),
      Code(Code::kPython2),
      Code(Code::kWrongPort),
      Code(Code::kNeverListened),
      Code(Code::kNeverConnected),
      Code(Code::kOneRecvPerMessage),
      Code(Code::kNoUdpTimeout),
      Code(Code::kWrongProtocol),
      Code(Code::kLoopbackOnly),
      Code(Code::kReplyToFixedAddress),
      Code(Code::kTruncatedDatagram),
      Code(Code::kAsciiOnlyUpper),
      Code(Code::kDropsAtRandom),
      Code(Code::kNoMatchingLine),
      Code(Code::kLineCount),
      Code(Code::kReusedId),
      Code(Code::kWrongExitStatus),
      Code(Code::kTraceback),
      Code(Code::kTooManyProcesses),
      Code(Code::kOutputLimit),
      Code(Code::kMemoryLimit),
      Code(Code::kCpuLimit),
      Code(Code::kFileSizeLimit),
      Code(Code::kDiskLimit),
      Code(Code::kOpenFilesLimit),
      Code(Code::kTooMuchData),
      Code(Code::kTooManyConnections),
      Code(Code::kBypassedProxy),
      Code(Code::kTimeout),
      Code(Code::kMissingProgram),
      Code(Code::kBuildFailed),
      Code(Code::kCompileError),
      Code(Code::kNotListeningAgain),
      Code(Code::kAddressInUse),
      Code(Code::kNoAnswer),
      Code(Code::kOneClientAtATime),
      Code(Code::kNoReconnect),
      Code(Code::kUnwantedConnection),
      Code(Code::kStoppedListening),
      Code(Code::kWrongLineEnd),
      Code(Code::kKeptOpen),
      Code(Code::kWrongConnectionEnd),
      Code(Code::kFileMissing),
      Code(Code::kFileDiffers),
      Code(Code::kFileNotWanted),
      Code(Code::kBadChecksum),
      Code(Code::kGraderProblem),
      Code(Code::kNotRunHere),
  };
  return kAll;
}

std::ostream& operator<<(std::ostream& out, Code code) { return out << code.name(); }
std::ostream& operator<<(std::ostream& out, const CodeInfo& code) { return out << code.name(); }

}  // namespace netgrade::check
