// `netgrade explain` says every step of a script in words ("The reference client makes 0
// connections" was all it said of a scripted case).
#include "harness/kinds/sockets/script_words.h"

#include <gtest/gtest.h>

#include "harness/report/explain.h"
#include "harness/spec/load.h"

namespace netgrade::sockets {
namespace {

spec::Spec LoadFile(const std::string& name) {
  spec::LoadResult r = spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/" + name);
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return r.ok() ? *r.spec : spec::Spec{};
}

TEST(ExplainScript, TheBundledConcurrentSpecIsToldStepByStep) {
  spec::Spec s = LoadFile("tcp-capitalize-concurrent.yaml");
  std::string text = report::Explain(s);
  EXPECT_EQ(text.find("makes 0 connections"), std::string::npos) << text;
  EXPECT_EQ(text.find("Expected: nothing is checked"), std::string::npos) << text;
  // second-client-speaks-first: its first steps, their lines and the hint of its expect.
  EXPECT_NE(text.find(" 1. (line 32) the reference client opens connection a to the program, "
                      "and goes on once the program has accepted it."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connection b must get back the last line it sent, in upper case."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hint, if it fails: The first client is connected and has said nothing yet"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connection a sends 'half a li' with no newline"), std::string::npos) << text;
  EXPECT_NE(text.find("connection b is reset (RST)"), std::string::npos) << text;
}

TEST(ExplainScript, AClientScriptSaysTheServersPartAndItsReply) {
  spec::Spec s = LoadFile("tcp-capitalize-restart.yaml");
  std::string text = report::Explain(s);
  EXPECT_NE(text.find("The script, step by step (the reference server's part)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("the reference server goes away: its connections and its port close"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("is written to the program's standard input"), std::string::npos) << text;
}

// The web server's and the SMTP client's steps in words: line ends where the case asks for
// \r\n, a block of header lines with its bounds, how the program must leave the connection,
// and a scripted reference server that answers as its steps say (it had been "never answers").
TEST(ExplainScript, LineEndsBlocksConnectionEndsAndAScriptedServerAreTold) {
  std::string web = report::Explain(LoadFile("web-server.yaml"));
  EXPECT_NE(web.find("sends 'GET /HelloWorld.html HTTP/1.1\\nHost: localhost\\n' and \\r\\n"),
            std::string::npos)
      << web;
  EXPECT_NE(web.find("a line matching /^HTTP/1\\.[01] 200( .*)?$/, ended with \\r\\n."),
            std::string::npos)
      << web;
  EXPECT_NE(web.find("must get back 0 to 50 lines matching /^[A-Za-z0-9-]+: ?/ and then a line "
                     "matching /^$/, which ends them, each ended with \\r\\n."),
            std::string::npos)
      << web;
  EXPECT_NE(web.find("the program must close connection a (FIN)"), std::string::npos) << web;
  EXPECT_EQ(web.find("lines on a."), std::string::npos) << web;
  EXPECT_EQ(web.find("end on a."), std::string::npos) << web;

  std::string smtp = report::Explain(LoadFile("smtp-client.yaml"));
  EXPECT_EQ(smtp.find("it never answers"), std::string::npos) << smtp;
  // The reference server asked nothing: what it reads is what the program must send it.
  EXPECT_NE(smtp.find("the program must send on connection a a line matching /^HELO \\S+$/"),
            std::string::npos)
      << smtp;
  EXPECT_EQ(smtp.find("must get back"), std::string::npos) << smtp;
  EXPECT_NE(smtp.find("The reference server plays the script below"), std::string::npos) << smtp;
  std::string chat = report::Explain(LoadFile("chat-server.yaml"));
  EXPECT_NE(chat.find(", at once with the send before it"), std::string::npos) << chat;
}

// A repeated step is told once per copy, each with its round beside its line.
TEST(ExplainScript, ARepeatedStepSaysItsRound) {
  spec::LoadResult r = spec::LoadSpecString(R"(exercise: x
protocol: tcp
roles: {server: {listens: true}}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
      - connect: a
      - repeat: 2
        steps:
          - send: hi
            on: a
          - expect: upper
            on: a
)",
                                            "x.yaml");
  ASSERT_TRUE(r.ok()) << r.errors[0].ToString();
  std::string text = ScriptText(*r.spec, r.spec->cases[0], r.spec->roles[0]);
  EXPECT_NE(text.find(" 2. (line 12, round 1 of 2) connection a sends 'hi'"), std::string::npos)
      << text;
  EXPECT_NE(text.find(" 5. (line 14, round 2 of 2) connection a must get back"), std::string::npos)
      << text;
}

TEST(ExplainScript, HintsForEachKindOfFailureAreToldApart) {
  spec::LoadResult r = spec::LoadSpecString(R"(exercise: x
protocol: tcp
roles: {server: {listens: true}}
cases:
  - name: one
    role: server
    expect: {exit: running}
    script:
      - connect: a
      - send: hi
        on: a
      - expect: {matches: '^HI$'}
        on: a
        hint: {wrong: "upper-case it", nothing: "answer every line"}
)",
                                            "x.yaml");
  ASSERT_TRUE(r.ok()) << r.errors[0].ToString();
  std::string text = ScriptText(*r.spec, r.spec->cases[0], r.spec->roles[0]);
  EXPECT_NE(text.find(" 3. (line 12) connection a must get back a line matching /^HI$/."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("hint, if what comes is wrong: upper-case it"), std::string::npos) << text;
  EXPECT_NE(text.find("hint, if nothing comes: answer every line"), std::string::npos) << text;
}

TEST(ExplainScript, ACaseWithoutAScriptHasNoScriptText) {
  spec::Spec s = LoadFile("tcp-capitalize.yaml");
  EXPECT_EQ(ScriptText(s, s.cases[0], s.roles[0]), "");
  EXPECT_EQ(report::Explain(s).find("The script, step by step"), std::string::npos);
}

// Steps in bytes are told as bytes: how many, their hex, no newline; a length prefix by its
// size and byte order; a capture by the name later steps use.
TEST(ExplainScript, StepsInBytesAreToldWithTheirHexAndByteOrder) {
  spec::LoadResult r =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/tests/spec/good/script-bytes.yaml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  std::string text = report::Explain(*r.spec);
  EXPECT_NE(text.find("connection a sends 9 bytes (hex 00 00 00 05 68 65 6c 6c 6f) exactly as "
                      "they are, with no newline."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connection a must get back a length in 4 bytes, big-endian (most "
                      "significant byte first, the network byte order), then as many bytes as it "
                      "says, which must be 5 bytes (hex 68 65 6c 6c 6f)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connection a must get back 16 bytes, of any value, kept as {token} for "
                      "later steps."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("connection a must get back bytes up to and with 0d 0a: first 2 bytes (hex "
                      "4f 4b)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("a length in 2 bytes, little-endian (least significant byte first)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("must get back exactly 1 byte (hex ff)."), std::string::npos) << text;
  EXPECT_NE(text.find("connection a sends the bytes hex 00 10 {token} 0a (each {name} the bytes "
                      "captured under it) exactly as they are, with no newline."),
            std::string::npos)
      << text;
}

// The web proxy's cases: netgrade on both sides. What comes on a connection the program opened
// to the reference server is the program's request ("the program must send on connection o"), not
// an answer it gets back; the client's connections still get theirs back.
TEST(ExplainScript, AProgramInTheMiddleIsToldWhichSideEachConnectionIs) {
  spec::Spec s = LoadFile("web-proxy.yaml");
  std::string text = report::Explain(s);
  EXPECT_NE(text.find("the program connects to the reference server: that is connection o."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the program must send on connection o a line matching /^GET "
                      "/index\\.html HTTP/1\\.[01]$/, ended with \\r\\n."),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("connection o must get back"), std::string::npos) << text;
  EXPECT_NE(text.find("connection a must get back exactly the bytes of the spec's file "
                      "'index.answer'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("no connection comes to the reference server (connection o2 would be one) "
                      "until the program is seen waiting."),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace netgrade::sockets
