#include "harness/check/written_files.h"

#include <fmt/core.h>

#include <algorithm>

#include "harness/base/bytes.h"
#include "harness/base/text.h"
#include "harness/spec/expected_files.h"

namespace netgrade::check {
namespace {

// The sizes a program's read buffer has: one recv() of them taken for the whole file.
bool IsBufferSize(size_t n) {
  for (size_t size = 512; size <= (size_t{1} << 20); size *= 2)
    if (n == size) return true;
  return false;
}

std::string Thousands(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Bytes(size_t n) { return n == 1 ? "1 byte" : Thousands(n) + " bytes"; }

// Whether `written` is `expected` decoded as text and encoded again: each byte above 0x7f
// became two (Latin-1 to UTF-8) or the replacement character (invalid UTF-8, ef bf bd).
bool DecodedAsText(const std::string& expected, const std::string& written, size_t size) {
  if (size <= expected.size()) return false;
  if (written.find("\xef\xbf\xbd") != std::string::npos) return true;
  std::string latin;
  for (unsigned char c : expected) {
    if (c < 0x80) {
      latin += static_cast<char>(c);
    } else {
      latin += static_cast<char>(0xc0 | (c >> 6));
      latin += static_cast<char>(0x80 | (c & 0x3f));
    }
    if (latin.size() > written.size()) return false;
  }
  return written == latin.substr(0, written.size());
}

// A file that differs: what is wrong with it, what that tells, what to change; the spec's hint
// after the advice.
Finding Wrong(Phrase cause, Phrase evidence, Phrase fix, const spec::ExpectedFile& file) {
  return Finding{.code = Code::kFileDiffers,
                 .cause = std::move(cause),
                 .evidence = std::move(evidence),
                 .fix = JoinParts({fix, file.hint})};
}

Finding Compare(const observe::Observation& obs, const spec::ExpectedFile& file,
                const observe::WrittenFile& found) {
  const std::string& program = obs.program.display_name;
  const std::string& expected = spec::ExpectedBytes(file, *obs.spec);
  const std::string& written = found.bytes;
  const size_t n = expected.size();
  if (found.size == n && written == expected) return Finding::Ok();
  const Phrase what = Say("The file '{}' that {} wrote", file.path, program);
  if (found.size == 0)
    return Wrong(Say("{} is empty, and {} were sent.", what, Bytes(n)), "",
                 "It wrote nothing into it, or did not close the file (which writes out what is "
                 "buffered) before it answered.",
                 file);
  const size_t same = static_cast<size_t>(
      std::mismatch(written.begin(), written.end(), expected.begin(), expected.end()).first -
      written.begin());
  if (found.size < n && same == found.size) {
    Phrase start =
        Say("{} holds the first {} of the {} that were sent: the rest is "
            "missing.",
            what, Bytes(found.size), Bytes(n));
    if (expected[found.size] == '\0' && found.size < n)
      return Wrong(start,
                   Say("It ends right before the first \\0 byte of the file (byte {}): C "
                       "string functions (strlen, strcpy, strcat, fputs, printf with %s) "
                       "stop at a \\0.",
                       Thousands(found.size)),
                   "Write the bytes with fwrite(buf, 1, n, file), n being the number recv() "
                   "returned.",
                   file);
    if (IsBufferSize(found.size))
      return Wrong(start,
                   Say("One recv() of {} was taken for the whole file: recv() returns "
                       "what has arrived so far, at most what you ask for.",
                       Bytes(found.size)),
                   Say("Read in a loop until all {} have come.", Bytes(n)), file);
    return Wrong(start, "",
                 "Read in a loop until the whole length has come: recv() returns what has "
                 "arrived so far.",
                 file);
  }
  // Each piece written up to its first \0 (fputs, strcpy, "%s" on what recv() returned): the
  // file holds none of the \0 bytes that were sent.
  const size_t zeros = static_cast<size_t>(std::count(expected.begin(), expected.end(), '\0'));
  if (found.size < n && zeros > 0 && written.size() == found.size &&
      written.find('\0') == std::string::npos)
    return Wrong(Say("{} holds {} of the {} that were sent, and none of the {} \\0 bytes "
                     "among them: C string functions (strlen, strcpy, strcat, fputs, "
                     "printf with %s) stop at a \\0.",
                     what, Bytes(found.size), Bytes(n), Thousands(zeros)),
                 "",
                 "Write the bytes with fwrite(buf, 1, n, file), n being the number recv() "
                 "returned.",
                 file);
  if (DecodedAsText(expected, written, found.size))
    return Wrong(Say("{} holds {} where {} were sent: bytes above 0x7f changed (byte {} "
                     "was {} and became {}).",
                     what, Bytes(found.size), Bytes(n), Thousands(same), HexAt(expected, same, 1),
                     HexAt(written, same, 2)),
                 "",
                 "The content was decoded as text and encoded again; keep it as bytes (open the "
                 "file with \"wb\" and write what recv() returned, without decode()).",
                 file);
  if (found.size > n && same == n)
    return Wrong(
        Say("{} holds {} where {} were sent: the file, then {} more ({}...).", what,
            Bytes(found.size), Bytes(n), Bytes(found.size - n), HexAt(written, n)),
        "", "Stop after the length the sender gave: what follows belongs to the next file.", file);
  return Wrong(Say("{} differs from what was sent ({} sent, {} written): the first "
                   "difference is at byte {} (0x{:x}), where {} were sent and {} written.",
                   what, Bytes(n), Bytes(found.size), Thousands(same), same, HexAt(expected, same),
                   HexAt(written, same)),
               "", "", file);
}

}  // namespace

std::string HexAt(const std::string& bytes, size_t at, size_t size) {
  if (at >= bytes.size()) return "(nothing)";
  return HexBytes(std::string_view(bytes).substr(at, size), size);
}

Finding CheckWrittenFiles(const observe::Observation& obs) {
  if (!obs.files_looked || obs.test == nullptr) return Finding::Ok();
  for (const spec::ExpectedFile& file : obs.test->expect.files) {
    auto found = std::find_if(obs.written_files.begin(), obs.written_files.end(),
                              [&](const observe::WrittenFile& w) { return w.path == file.path; });
    if (found == obs.written_files.end()) continue;
    if (file.absent) {
      if (!found->exists) continue;
      return Finding{
          .code = Code::kFileNotWanted,
          .cause = Say("{} wrote '{}' in its folder{}, and this case asks that it write "
                       "no such file.",
                       obs.program.display_name, file.path,
                       found->is_regular ? fmt::format(" ({})", Bytes(found->size)) : ""),
          .fix = JoinParts({"Write a file only once the answer says it is there (an HTTP "
                            "status of 200, a transfer that ended well); on an error, print it "
                            "and write nothing.",
                            file.hint})};
    }
    if (!found->exists) {
      std::string holds;
      for (size_t i = 0; i < obs.folder_files.size() && i < 8; ++i)
        holds += (i ? ", " : "") + obs.folder_files[i];
      return Finding{
          .code = Code::kFileMissing,
          .cause =
              Say("{} wrote no file '{}' in its folder{}.", obs.program.display_name, file.path,
                  holds.empty() ? "" : fmt::format(" (the folder holds: {})", holds)),
          .fix = JoinParts({"Write each file it receives into its working folder, under the name "
                            "that came with it.",
                            file.hint})};
    }
    if (!found->is_regular)
      return Finding{.code = Code::kFileMissing,
                     .cause = Say("'{}' in the folder of {} is not a file (a folder or a link): "
                                  "write the file itself there.",
                                  file.path, obs.program.display_name)};
    if (Finding f = Compare(obs, file, *found); !f.ok()) return f;
  }
  return Finding::Ok();
}

Finding LedByTheConnectionsEnd(const observe::Observation& obs, const Finding& files) {
  if (files.code != Code::kFileMissing || obs.role == nullptr || !obs.role->listens ||
      !obs.script_failure)
    return Finding::Ok();
  const peers::ScriptFailure& f = *obs.script_failure;
  using Kind = peers::ScriptFailure::Kind;
  using End = peers::ScriptFailure::End;
  const bool sending = f.kind == Kind::kSendFailed;
  if (!sending && ((f.kind != Kind::kNoAnswer && f.kind != Kind::kWrongAnswer) ||
                   (f.end != End::kClosed && f.end != End::kReset)))
    return Finding::Ok();
  const std::vector<peers::ConnectionLog>& logs = obs.connections;
  const bool reset = sending ? f.log_index && *f.log_index < logs.size() && logs[*f.log_index].reset
                             : f.end == End::kReset;
  Phrase answered;
  if (f.received && !f.received->empty())
    answered = Say(", after answering {}", Quote(*f.received, 60));
  else if (f.log_index && *f.log_index < logs.size() && !logs[*f.log_index].received.empty())
    answered = Say(", after answering {}", Quote(logs[*f.log_index].received, 60));
  return Finding{
      .code = files.code,
      .cause =
          Say("{} {} the connection {}{}, and wrote no file: it reads what the sender sends in a "
              "framing of its own, not the lab's.",
              obs.program.display_name, reset ? "reset (closed with bytes unread)" : "closed",
              sending ? Say("while the sender was still sending")
                      : Say("before the sender had its answer ({})", f.expected),
              answered),
      .fix = files.fix,
      .notes = {files.cause}};
}

}  // namespace netgrade::check
