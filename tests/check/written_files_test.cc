// What a file receiver left in its folder, against the file that was sent: each mistake a
// real receiver makes named from the bytes alone.
#include "harness/check/written_files.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

// A case that expects `receiver.py` to write photo.bin as `sent`.
struct ReceiverCase {
  spec::Spec spec;
  spec::Case test;
  observe::Observation obs;

  explicit ReceiverCase(const std::string& sent, const std::string& hint = "") {
    spec::GivenFile given;
    given.path = "photo.bin";
    given.content = sent;
    given.peer_only = true;
    spec.files.push_back(given);
    spec::ExpectedFile expected;
    expected.path = "photo.bin";
    expected.same_as = "photo.bin";
    expected.hint = hint;
    test.expect.files.push_back(expected);
    obs.spec = &spec;
    obs.test = &test;
    obs.program.display_name = "receiver.py";
    obs.files_looked = true;
  }
  Finding Wrote(const std::string& bytes) {
    observe::WrittenFile w;
    w.path = "photo.bin";
    w.exists = true;
    w.size = bytes.size();
    w.bytes = bytes;
    obs.written_files = {w};
    return CheckWrittenFiles(obs);
  }
};

// Every byte value, four times over (7 is prime to 256), the first \0 at byte 73.
std::string Binary() {
  std::string out;
  for (int round = 0; round < 4; ++round)
    for (int i = 0; i < 256; ++i) out += static_cast<char>((i * 7 + round + 1) & 0xff);
  return out;
}

TEST(WrittenFiles, TheSameBytesPassAndNothingIsJudgedBeforeTheFilesWereLookedAt) {
  ReceiverCase s(Binary());
  EXPECT_TRUE(s.Wrote(Binary()).ok());
  s.obs.files_looked = false;
  EXPECT_TRUE(s.Wrote("").ok()) << "not looked at yet: no verdict on files";
}

TEST(WrittenFiles, AMissingFileNamesWhatTheFolderHolds) {
  ReceiverCase s(Binary(), "Write it under the name the sender gave.");
  observe::WrittenFile none;
  none.path = "photo.bin";
  s.obs.written_files = {none};
  s.obs.folder_files = {"received_file", "receiver.py"};
  Finding f = CheckWrittenFiles(s.obs);
  EXPECT_EQ(f.code, Code::kFileMissing);
  EXPECT_EQ(f.Text(),
            "receiver.py wrote no file 'photo.bin' in its folder (the folder holds: "
            "received_file, receiver.py). Write each file it receives into its working folder, "
            "under the name that came with it. Write it under the name the sender gave.");
}

TEST(WrittenFiles, AFileThatMustBeAbsentFailsOnlyWhenThere) {
  ReceiverCase s(Binary());
  s.test.expect.files[0].same_as.clear();
  s.test.expect.files[0].absent = true;
  s.test.expect.files[0].hint = "A 404 has no page to save.";
  observe::WrittenFile none;
  none.path = "photo.bin";
  s.obs.written_files = {none};
  EXPECT_TRUE(CheckWrittenFiles(s.obs).ok()) << "not there: as asked";
  Finding f = s.Wrote("<h1>Not Found</h1>");
  EXPECT_EQ(f.code, Code::kFileNotWanted);
  EXPECT_EQ(f.cause,
            "receiver.py wrote 'photo.bin' in its folder (18 bytes), and this case asks that it "
            "write no such file.");
  ExpectWords(f);
}

TEST(WrittenFiles, AnEmptyFileIsNothingWrittenOrNotClosed) {
  ReceiverCase s(Binary());
  Finding f = s.Wrote("");
  EXPECT_EQ(f.code, Code::kFileDiffers);
  ExpectWords(f);
}

TEST(WrittenFiles, CutAtTheFirstZeroByteIsCStringFunctions) {
  std::string sent = Binary();
  size_t zero = sent.find('\0');
  ReceiverCase s(sent);
  Finding f = s.Wrote(sent.substr(0, zero));
  EXPECT_EQ(f.code, Code::kFileDiffers);
  // Where the first \0 is, as the test computes it.
  EXPECT_NE(f.evidence.find("(byte " + std::to_string(zero) + ")"), std::string::npos)
      << f.evidence;
  ExpectWords(f);
}

// fputs() on each piece recv() returned: every piece stops at its first \0, and what is written
// is pieces without a single \0.
TEST(WrittenFiles, PiecesEachCutAtAZeroByteAreCStringFunctionsToo) {
  std::string sent = Binary();
  ReceiverCase s(sent);
  std::string written;
  for (size_t at = 0; at < sent.size(); at += 200) {
    std::string piece = sent.substr(at, 200);
    written += piece.substr(0, piece.find('\0'));
  }
  Finding f = s.Wrote(written);
  EXPECT_EQ(f.code, Code::kFileDiffers);
  ExpectWords(f);
}

TEST(WrittenFiles, CutAtABufferSizeIsOneRecvForTheWholeFile) {
  std::string sent(300000, 'a');
  ReceiverCase s(sent);
  Finding f = s.Wrote(sent.substr(0, 65536));
  ExpectWords(f, "cut at 65536");
  // Cut elsewhere: the loop, without naming one recv().
  f = s.Wrote(sent.substr(0, 70000));
  EXPECT_EQ(f.evidence.find("recv()"), std::string::npos) << f.evidence;
  ExpectWords(f, "cut at 70000");
}

TEST(WrittenFiles, BytesAboveSevenFChangedIsDecodingAsText) {
  std::string sent = "GIF89a\x01\xff\xfe\x80 end";
  ReceiverCase s(sent);
  // Python's data.decode("latin-1").encode(): each byte above 0x7f is two.
  std::string latin;
  for (unsigned char c : sent) {
    if (c < 0x80) {
      latin += static_cast<char>(c);
    } else {
      latin += static_cast<char>(0xc0 | (c >> 6));
      latin += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  Finding f = s.Wrote(latin);
  ExpectWords(f, "latin-1");
  std::string decoded_fix = f.fix;
  EXPECT_FALSE(decoded_fix.empty());
  // decode("utf-8", errors="replace"): the replacement character.
  f = s.Wrote("GIF89a\x01\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd end");
  ExpectWords(f, "replacement character");
  EXPECT_EQ(f.fix, decoded_fix) << "decoded as text too";
}

TEST(WrittenFiles, BytesPastTheEndAndAnyOtherDifferenceAreShownInHex) {
  std::string sent = Binary();
  ReceiverCase s(sent);
  Finding f = s.Wrote(sent + "next.bin\n");
  ExpectWords(f, "bytes past the end");
  std::string one_wrong = sent;
  one_wrong[500] = static_cast<char>(one_wrong[500] ^ 0x20);
  f = s.Wrote(one_wrong);
  EXPECT_EQ(f.code, Code::kFileDiffers);
  ExpectWords(f, "one byte wrong");
  // The two bytes at 500, as the test computes them.
  EXPECT_NE(f.cause.find(HexAt(sent, 500)), std::string::npos) << f.cause;
  EXPECT_NE(f.cause.find(HexAt(one_wrong, 500)), std::string::npos) << f.cause;
}

TEST(WrittenFiles, HexAtShowsBytesFromAnOffset) {
  EXPECT_EQ(HexAt(std::string("\x00\x0a\xff", 3), 0), "00 0a ff");
  EXPECT_EQ(HexAt("abcdefghij", 2, 3), "63 64 65");
  EXPECT_EQ(HexAt("ab", 2), "(nothing)");
}

// A receiver of another course's framing (the length little-endian, a connection for each
// part: OSU's ftps.py) answers its own word and resets the connection the sender was still
// sending on: that leads the file it never wrote, in either order the moment gives.
TEST(WrittenFiles, AReceiverThatEndedTheConnectionEarlyIsToldHowAndWhatItAnswered) {
  ReceiverCase s("file");
  spec::Role receiver;
  receiver.name = "receiver";
  receiver.listens = true;
  s.obs.role = &receiver;
  peers::ConnectionLog log;
  log.connected = log.reset = true;
  log.received = "success";
  s.obs.connections = {log};
  const Finding missing{Code::kFileMissing, "receiver.py wrote no file 'photo.bin' in its folder."};
  peers::ScriptFailure sending;
  sending.kind = peers::ScriptFailure::Kind::kSendFailed;
  sending.log_index = 0;
  s.obs.script_failure = sending;
  Finding f = LedByTheConnectionsEnd(s.obs, missing);
  EXPECT_EQ(f.code, Code::kFileMissing);
  EXPECT_EQ(f.cause,
            "receiver.py reset (closed with bytes unread) the connection while the sender was "
            "still sending, after answering 'success', and wrote no file: it reads what the "
            "sender sends in a framing of its own, not the lab's.");
  EXPECT_EQ(f.notes, std::vector<std::string>{missing.cause});
  peers::ScriptFailure waiting;
  waiting.kind = peers::ScriptFailure::Kind::kNoAnswer;
  waiting.end = peers::ScriptFailure::End::kClosed;
  waiting.expected = "'OK 4'";
  s.obs.script_failure = waiting;
  s.obs.connections[0].received.clear();
  EXPECT_EQ(LedByTheConnectionsEnd(s.obs, missing).cause,
            "receiver.py closed the connection before the sender had its answer ('OK 4'), and "
            "wrote no file: it reads what the sender sends in a framing of its own, not the "
            "lab's.");
  // A file written wrong, a client, or a connection still open: not this.
  EXPECT_TRUE(LedByTheConnectionsEnd(s.obs, Finding{Code::kFileDiffers, "differs"}).ok());
  waiting.end = peers::ScriptFailure::End::kCaseEnded;
  s.obs.script_failure = waiting;
  EXPECT_TRUE(LedByTheConnectionsEnd(s.obs, missing).ok());
  receiver.listens = false;
  s.obs.script_failure = sending;
  EXPECT_TRUE(LedByTheConnectionsEnd(s.obs, missing).ok());
}

}  // namespace
}  // namespace netgrade::check
