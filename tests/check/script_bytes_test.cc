// A failed script step that speaks bytes, in words: a half line, one wrong byte of many (by
// its offset, the rest left to the hex dump), too few bytes with a byte-order note.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "harness/check/script_checks.h"
#include "tests/check/script_case.h"
#include "tests/check/socket_judge.h"

namespace netgrade::check {
namespace {
using namespace netgrade::check::script_test;

// A 2-byte field in the machine's byte order: the words name the field's bytes, both ways,
// and htons(); a 4-byte one htonl() (issue 49: "05 where 00 was expected", and no more).
TEST(CheckScript, ANumberInTheOtherByteOrderIsNamedSo) {
  for (const auto& [expected, received, words] :
       {std::tuple<std::string, std::string, std::string>{
            std::string("\x00\x03\x00\x05"
                        "data",
                        8),
            std::string("\x00\x03\x05\x00"
                        "data",
                        8),
            "bytes 2 to 3 (counted from 0) are 05 00 where 00 05 was expected, the same 2-byte "
            "number in the other byte order"},
        {std::string("\x00\x00\x01\x2cxy", 6), std::string("\x2c\x01\x00\x00xy", 6),
         "bytes 0 to 3 (counted from 0) are 2c 01 00 00 where 00 00 01 2c was expected, the same "
         "4-byte number in the other byte order"}}) {
    Case c(true);
    peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
    f.binary = true;
    f.expected = "8 bytes";
    f.expected_text = expected;
    f.received = received;
    c.obs.script_failure = f;
    Finding out = CheckScript(c.obs, TermsOf(c.obs));
    EXPECT_TRUE(Says(out, words)) << out.Text();
    EXPECT_TRUE(Says(out, expected.size() == 8 ? "htons()" : "htonl()")) << out.Text();
  }
}

TEST(CheckScript, AHalfLineIsToldAsBytesWithoutANewline) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kNoAnswer);
  f.received = "SECOND";
  f.unterminated = true;
  c.obs.script_failure = f;
  EXPECT_TRUE(Says(CheckScript(c.obs, TermsOf(c.obs)), "got only 'SECOND' (no newline ended it)"));
}

// One wrong byte in the middle of 300: the words name its offset and both values, the
// difference carries the bytes for the report's hex dump, not quoted text.
TEST(CheckScript, OneWrongByteOf300IsNamedByItsOffsetAndLeftToTheHexDump) {
  Case c(true);
  std::string expected;
  for (int i = 0; i < 300; ++i) expected += static_cast<char>(i % 256);
  std::string received = expected;
  received[150] = '\x69';
  peers::ScriptFailure f = Failure(Kind::kWrongAnswer, End::kImmediate);
  f.sent = expected;
  f.sent_binary = true;
  f.binary = true;
  f.expected = "300 bytes";
  f.expected_text = expected;
  f.received = received;
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_EQ(out.code, Code::kWrongContent);
  EXPECT_TRUE(Says(out,
                   "After the reference client sent 300 bytes, it expected 300 bytes and got 300 "
                   "bytes: the first byte that differs is byte 150 (0x96, counted from 0): 69 "
                   "where 96 was expected (see the hex dump below)."))
      << out.Text();
  ASSERT_TRUE(out.difference);
  EXPECT_TRUE(out.difference->binary);
  EXPECT_TRUE(out.difference->sent_binary);
  EXPECT_EQ(out.difference->expected, expected);
  EXPECT_EQ(out.difference->received, received);
}

TEST(CheckScript, TooFewBytesAndAByteOrderNoteAreTold) {
  Case c(true);
  peers::ScriptFailure f = Failure(Kind::kNoAnswer);
  f.sent = std::string("\0\0\0\5hello", 9);
  f.sent_binary = true;
  f.binary = true;
  f.expected = "a 4-byte length, big-endian, then that many bytes";
  f.expected_text.reset();
  f.received = std::string("\5\0", 2);
  f.unterminated = true;
  f.bytes_note = "Your program wrote its length little-endian.";
  c.obs.script_failure = f;
  Finding out = CheckScript(c.obs, TermsOf(c.obs));
  EXPECT_TRUE(Says(out,
                   "After the reference client sent 9 bytes (00 00 00 05 68 65 6c 6c 6f), "
                   "it expected a 4-byte length, big-endian, then that many bytes and got "
                   "only 2 bytes (05 00), too few"))
      << out.Text();
  EXPECT_TRUE(Says(out, ". Your program wrote its length little-endian.")) << out.Text();
}

}  // namespace
}  // namespace netgrade::check
