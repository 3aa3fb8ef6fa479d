// The byte forms of a script's steps as the loader reads them (spec/script_bytes.h): each
// form into its step, and each mistake at its file:line:col with what to write instead.
#include "harness/spec/script_bytes.h"

#include <gtest/gtest.h>

#include "harness/spec/draw.h"
#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

using Kind = Answer::Kind;

// Nine lines: the script's first step is on line 10, its `on:` on line 11.
const char* kHead = R"(exercise: demo
protocol: tcp
roles:
  server: {listens: true}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
)";

LoadResult Load(const std::string& steps) {
  return LoadSpecString(std::string(kHead) + "      - connect: a\n" + steps, "bytes.yaml");
}

std::string All(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

// The one step after the connect, loaded; a failure with every error otherwise.
Step One(const std::string& step) {
  LoadResult r = Load(step);
  EXPECT_TRUE(r.ok()) << All(r);
  if (!r.ok() || r.spec->cases[0].script.size() != 2) return Step{};
  return r.spec->cases[0].script[1];
}

// The errors, each as file:line:col: message.
std::vector<std::string> Errors(const std::string& step) {
  LoadResult r = Load(step);
  std::vector<std::string> out;
  for (const SpecError& e : r.errors) out.push_back(e.ToString());
  return out;
}

TEST(ScriptBytes, ASendInHexIsThoseBytesWithNoNewline) {
  Step s = One("      - send: {hex: \"00 00 00 05 68 65 6C 6c 6f\"}\n        on: a\n");
  EXPECT_EQ(s.action, Step::Action::kSend);
  EXPECT_TRUE(s.binary);
  EXPECT_FALSE(s.newline);
  EXPECT_EQ(s.text, std::string("\0\0\0\x05hello", 9));
}

TEST(ScriptBytes, ASendInBase64IsThoseBytes) {
  Step s = One("      - send: {base64: \"/wABAg==\"}\n        on: a\n");
  EXPECT_TRUE(s.binary);
  EXPECT_EQ(s.text, std::string("\xff\x00\x01\x02", 4));
}

TEST(ScriptBytes, AnExpectInHexOrBase64IsExactlyThoseBytes) {
  Step hex = One("      - expect: {hex: \"ff 00\"}\n        on: a\n");
  EXPECT_EQ(hex.answer.kind, Kind::kBytes);
  EXPECT_EQ(hex.answer.text, std::string("\xff\0", 2));
  EXPECT_TRUE(hex.answer.binary());
  Step b64 = One("      - expect: {base64: \"aGk=\"}\n        on: a\n");
  EXPECT_EQ(b64.answer.kind, Kind::kBytes);
  EXPECT_EQ(b64.answer.text, "hi");
}

TEST(ScriptBytes, BytesNReadsNBytesAndKeepsThemUnderItsCapture) {
  Step s = One("      - expect: {bytes: 300, capture: cookie}\n        on: a\n");
  EXPECT_EQ(s.answer.kind, Kind::kCount);
  EXPECT_EQ(s.answer.count, 300);
  EXPECT_EQ(s.answer.capture, "cookie");
}

TEST(ScriptBytes, ALengthPrefixTakesItsSizeOrderAndBody) {
  Step s = One(
      "      - expect: {length_prefix: {size: 2, order: little}, hex: \"68 69\"}\n        on: a\n");
  EXPECT_EQ(s.answer.kind, Kind::kLengthPrefix);
  EXPECT_EQ(s.answer.prefix_size, 2);
  EXPECT_TRUE(s.answer.little_endian);
  EXPECT_TRUE(s.answer.body_given);
  EXPECT_EQ(s.answer.text, "hi");
  Step plain = One("      - expect: {length_prefix: {size: 4}}\n        on: a\n");
  EXPECT_EQ(plain.answer.prefix_size, 4);
  EXPECT_FALSE(plain.answer.little_endian);  // big-endian, the network byte order, by default
  EXPECT_FALSE(plain.answer.body_given);
}

TEST(ScriptBytes, UntilReadsUpToADelimiterGivenInHex) {
  Step s = One("      - expect: {until: \"0d 0a\", base64: \"T0s=\"}\n        on: a\n");
  EXPECT_EQ(s.answer.kind, Kind::kUntil);
  EXPECT_EQ(s.answer.delimiter, "\r\n");
  EXPECT_EQ(s.answer.text, "OK");
}

TEST(ScriptBytes, ACaptureIsUsableInALaterSendAndNotBefore) {
  EXPECT_TRUE(Load("      - expect: {bytes: 4, capture: token}\n        on: a\n"
                   "      - send: \"{token}\"\n        on: a\n        newline: false\n")
                  .ok());
  std::vector<std::string> e = Errors(
      "      - send: \"{token}\"\n        on: a\n"
      "      - expect: {bytes: 4, capture: token}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:9: {token} is captured by a later step", 0), 0u) << e[0];
}

// A capture's bytes go into a send's hex where it names them: the offsets are the bytes
// spelt before each name.
TEST(ScriptBytes, ASendsHexNamesCapturesBetweenItsBytes) {
  LoadResult r = Load(
      "      - expect: {bytes: 4, capture: token}\n        on: a\n"
      "      - send: {hex: \"00 04 {token} 0a {token}\"}\n        on: a\n");
  ASSERT_TRUE(r.ok()) << All(r);
  const Step& s = r.spec->cases[0].script[2];
  EXPECT_EQ(s.text, std::string("\0\x04\n", 3));
  EXPECT_EQ(s.captured_at,
            (std::vector<std::pair<size_t, std::string>>{{2, "token"}, {3, "token"}}));
}

TEST(ScriptBytes, ANameInHexThatNothingCapturedOrABraceThatNamesNothingIsAnError) {
  std::vector<std::string> e = Errors("      - send: {hex: \"00 {nope}\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:9: {nope} in 'hex' names no capture: give an earlier expect "
                       "of bytes 'capture: nope'",
                       0),
            0u)
      << e[0];
  e = Errors("      - send: {hex: \"00 {1x} 01\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:21: 'hex': a brace at character 4 names no capture", 0), 0u)
      << e[0];
  // A name stands where it is written: a digit after it is still counted where it is.
  e = Errors(
      "      - expect: {bytes: 1, capture: t}\n        on: a\n"
      "      - send: {hex: \"{t} 0\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("an odd number of hex digits (1)"), std::string::npos) << e[0];
}

TEST(ScriptBytes, AnOddNumberOfHexDigitsIsAnErrorAtTheHex) {
  std::vector<std::string> e = Errors("      - send: {hex: \"00 01 0\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "bytes.yaml:11:21: 'hex': an odd number of hex digits (5): each byte is two digits, "
            "so the last one has no pair (write 0a for 10, not a)");
}

TEST(ScriptBytes, InvalidBase64IsAnErrorAtTheBase64) {
  std::vector<std::string> e = Errors("      - expect: {base64: \"aGk\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "bytes.yaml:11:26: 'base64': 3 base64 characters: base64 comes in groups of 4 (pad "
            "the last with = or ==)");
}

TEST(ScriptBytes, ALengthPrefixOfAnotherSizeThan124IsAnErrorWithTheNearestSize) {
  std::vector<std::string> e =
      Errors("      - expect: {length_prefix: {size: 3}}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "bytes.yaml:11:40: a length prefix is 1, 2 or 4 bytes (an 8-, 16- or 32-bit number), "
            "found 3; did you mean 4 (a 32-bit length)?");
  e = Errors("      - expect: {length_prefix: {size: 8}}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("found 8; did you mean 4"), std::string::npos) << e[0];
}

TEST(ScriptBytes, AnOrderOtherThanBigOrLittleIsAnErrorWithASuggestion) {
  std::vector<std::string> e =
      Errors("      - expect: {length_prefix: {size: 4, order: little-endian}}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:50: expected big or little for 'order'", 0), 0u) << e[0];
  EXPECT_NE(e[0].find("found 'little-endian'; did you mean 'little'?"), std::string::npos) << e[0];
}

TEST(ScriptBytes, BytesZeroIsAnError) {
  std::vector<std::string> e = Errors("      - expect: {bytes: 0}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "bytes.yaml:11:25: 'bytes: 0' reads no byte: give how many bytes come, at least 1 "
            "(for no answer at all: 'expect: nothing')");
}

TEST(ScriptBytes, BytesOverTheCasesBoundIsAnError) {
  EXPECT_TRUE(Load("      - expect: {bytes: 8388608}\n        on: a\n").ok());
  std::vector<std::string> e = Errors("      - expect: {bytes: 8388609}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0],
            "bytes.yaml:11:25: 'bytes: 8388609' is more than a case's messages may hold (8388608 "
            "bytes, 8 MiB): read at most 8388608");
}

TEST(ScriptBytes, NewlineAndLineEndOnAStepOfBytesAreErrors) {
  std::vector<std::string> e = Errors(
      "      - send: {hex: \"0a\"}\n        on: a\n        newline: true\n"
      "      - expect: {bytes: 1}\n        on: a\n        line_end: crlf\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:13:18: 'newline' is for lines; this 'send' is bytes", 0), 0u)
      << e[0];
  EXPECT_EQ(e[1].rfind("bytes.yaml:16:19: 'line_end' is for lines; this 'expect' is bytes", 0), 0u)
      << e[1];
}

TEST(ScriptBytes, TwoWaysOfReadingInOneExpectAreAnError) {
  std::vector<std::string> e = Errors("      - expect: {bytes: 4, hex: \"00\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:17: 'expect' reads bytes one way", 0), 0u) << e[0];
  e = Errors("      - expect: {text: hi, bytes: 4}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("'text' reads a line; this 'expect' reads bytes"), std::string::npos) << e[0];
}

TEST(ScriptBytes, UntilOverUdpIsAnError) {
  LoadResult r = LoadSpecString(R"(exercise: demo
protocol: udp
roles:
  server: {listens: true}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
      - connect: a
      - expect: {until: "0a"}
        on: a
)",
                                "udp.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString().rfind("udp.yaml:11:9: 'until' reads a TCP stream", 0), 0u)
      << r.errors[0].ToString();
}

TEST(ScriptBytes, AMisspeltKeyOfBytesGetsTheNearestOne) {
  std::vector<std::string> e = Errors("      - send: {hx: \"00\"}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "bytes.yaml:11:16: unknown key 'hx' in 'send'; did you mean 'hex'?");
  e = Errors("      - expect: {lenght_prefix: {size: 4}}\n        on: a\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1],
            "bytes.yaml:11:18: unknown key 'lenght_prefix' in 'expect'; did you mean "
            "'length_prefix'?");
}

TEST(ScriptBytes, ACaptureIsAWordNotATemplatesOwnName) {
  std::vector<std::string> e = Errors("      - expect: {bytes: 4, capture: line}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(
      e[0].rfind("bytes.yaml:11:9: 'capture: line' takes a name templates fill themselves", 0), 0u)
      << e[0];
  e = Errors("      - expect: {bytes: 4, capture: 2nd}\n        on: a\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].rfind("bytes.yaml:11:37: 'capture' names what was read for a later {name}", 0), 0u)
      << e[0];
}

TEST(ScriptBytes, TheKeyListsAreTheLoaders) {
  EXPECT_EQ(ByteSendKeys(), (std::vector<std::string>{"hex", "base64", "file"}));
  EXPECT_EQ(LengthPrefixKeys(), (std::vector<std::string>{"size", "order"}));
  EXPECT_EQ(ByteExpectKeys().size(), 7u);
}

// `file:` sends and expects a file of `files`, its bytes filled in when the seed draws them;
// `{file:PATH}` in a send's hex puts a file's bytes between others, in one write.
TEST(ScriptBytes, AFileOfTheSpecIsSentAndExpectedAsItsBytesOnceDrawn) {
  LoadResult r = LoadSpecString(std::string(kHead) +
                                    "      - connect: a\n"
                                    "      - send: {file: blob.bin}\n"
                                    "        on: a\n"
                                    "      - send: {hex: \"61 0a {file:blob.bin} 00 00 00 03 "
                                    "{file:abc.txt}\"}\n"
                                    "        on: a\n"
                                    "      - expect: {length_prefix: {size: 4}, file: abc.txt}\n"
                                    "        on: a\n"
                                    "      - expect: {file: blob.bin}\n"
                                    "        on: a\n"
                                    "files:\n"
                                    "  - {path: blob.bin, draw: bytes, size: 300, held_by: peer}\n"
                                    "  - {path: abc.txt, text: abc, held_by: peer}\n",
                                "bytes.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  const std::vector<Step>& before = r.spec->cases[0].script;
  EXPECT_EQ(before[1].file, "blob.bin");
  EXPECT_TRUE(before[1].binary);
  ASSERT_EQ(before[2].files_at.size(), 2u);
  EXPECT_EQ(before[2].files_at[0], (std::pair<size_t, std::string>{2, "blob.bin"}));
  EXPECT_EQ(before[2].files_at[1], (std::pair<size_t, std::string>{6, "abc.txt"}));
  EXPECT_EQ(before[3].answer.kind, Kind::kLengthPrefix);
  EXPECT_EQ(before[3].answer.file, "abc.txt");
  EXPECT_TRUE(before[3].answer.body_given);
  EXPECT_EQ(before[4].answer.kind, Kind::kBytes);

  Spec drawn = DrawMessages(*r.spec, 9);
  const std::string& blob = drawn.files[0].content;
  ASSERT_EQ(blob.size(), 300u);
  const std::vector<Step>& after = drawn.cases[0].script;
  EXPECT_EQ(after[1].text, blob);
  EXPECT_EQ(after[2].text, "a\n" + blob + std::string("\0\0\0\x03", 4) + "abc");
  EXPECT_TRUE(after[2].files_at.empty());
  EXPECT_EQ(after[3].answer.text, "abc");
  EXPECT_EQ(after[4].answer.text, blob);
}

TEST(ScriptBytes, AFileThatIsNotInFilesOrMixedWithCapturesIsAnError) {
  std::string all;
  for (const std::string& e :
       Errors("      - send: {file: nowhere.bin}\n        on: a\n"
              "      - expect: {file: gone.bin}\n        on: a\n"
              "      - send: {hex: \"00 {file:x.bin}\", base64: AAo=}\n        on: a\n"
              "      - expect: {bytes: 4, capture: t}\n        on: a\n"
              "      - send: {hex: \"{t} {file:x.bin}\"}\n        on: a\n"))
    all += e + "\n";
  EXPECT_NE(all.find("bytes.yaml:11:9: 'file: nowhere.bin' names no file of 'files' (the spec "
                     "gives none)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bytes.yaml:13:9: 'file: gone.bin' names no file of 'files'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("bytes.yaml:15:"), std::string::npos) << all;
  EXPECT_NE(all.find("puts in captures ({name}) or files ({file:PATH}), not both"),
            std::string::npos)
      << all;
}

}  // namespace
}  // namespace netgrade::spec
