// The script peer's expects of bytes (harness/peers/script_bytes.h): what an answer is made
// of, and the player taking exactly that from a TCP stream or a datagram.
#include "harness/peers/script_bytes.h"

#include <gtest/gtest.h>

#include "tests/peers/script_fixture.h"

namespace netgrade::peers {
namespace {

using namespace script_test;  // NOLINT: the fixture's steps and students

spec::Answer Prefix(int size, bool little, std::string body = "", bool given = false) {
  spec::Answer a;
  a.kind = AnswerKind::kLengthPrefix;
  a.prefix_size = size;
  a.little_endian = little;
  a.text = std::move(body);
  a.body_given = given;
  return a;
}

spec::Step SendBytes(std::string on, std::string bytes) {
  spec::Step s = Send(std::move(on), std::move(bytes), false);
  s.binary = true;
  return s;
}

spec::Step ExpectBytes(std::string on, spec::Answer a) {
  spec::Step s = Expect(std::move(on));
  s.answer = std::move(a);
  return s;
}

spec::Answer Exactly(std::string bytes) {
  spec::Answer a;
  a.kind = AnswerKind::kBytes;
  a.text = std::move(bytes);
  return a;
}

std::string AllBytes() {
  std::string out;
  for (int i = 0; i < 256; ++i) out += static_cast<char>(i);
  return out;
}

// A student's TCP server on the loop that answers whatever bytes come with answer(bytes).
class ByteServer {
 public:
  ByteServer(EventLoop& loop, std::function<std::string(const std::string&)> answer)
      : loop_(loop),
        listener_(TcpListen(Address::Parse("127.0.0.1", 0))),
        answer_(std::move(answer)) {
    loop_.Watch(listener_.get(), POLLIN, [this](short) {
      int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) return;
      conn_ = Fd(fd);
      loop_.Watch(fd, POLLIN, [this, fd](short) {
        char buf[4096];
        ssize_t n;
        while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
          got += std::string(buf, static_cast<size_t>(n));
          std::string out = answer_(std::string(buf, static_cast<size_t>(n)));
          ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
        }
        if (n == 0) loop_.Unwatch(fd);
      });
    });
  }
  ~ByteServer() {
    if (conn_) loop_.Unwatch(conn_.get());
    loop_.Unwatch(listener_.get());
  }
  Address address() const { return LocalAddress(listener_.get()); }
  std::string got;  // every byte that came

 private:
  EventLoop& loop_;
  Fd listener_;
  Fd conn_;
  std::function<std::string(const std::string&)> answer_;
};

TEST(BytesNeeded, IsTheSizeThePrefixSaysOrTheDelimitersEnd) {
  EXPECT_EQ(BytesNeeded(Exactly("abc"), ""), 3u);
  EXPECT_EQ(BytesNeeded(Prefix(4, false), std::string("\0\0\0", 3)), std::nullopt);
  EXPECT_EQ(BytesNeeded(Prefix(4, false), std::string("\0\0\1\0", 4)), 4u + 256u);
  EXPECT_EQ(BytesNeeded(Prefix(2, true), std::string("\5\0", 2)), 2u + 5u);
  spec::Answer until;
  until.kind = AnswerKind::kUntil;
  until.delimiter = "\r\n";
  EXPECT_EQ(BytesNeeded(until, "OK\r"), std::nullopt);
  EXPECT_EQ(BytesNeeded(until, "OK\r\nmore"), 4u);
  EXPECT_EQ(BytesBody(until, "OK\r\n"), "OK");
}

TEST(BytesMatch, ADatagramMustHoldExactlyWhatItsPrefixSays) {
  spec::Answer a = Prefix(2, false, "hi", true);
  EXPECT_TRUE(BytesMatch(a, std::string("\0\2hi", 4), false));
  EXPECT_FALSE(BytesMatch(a, std::string("\0\3hi", 4), false));  // says 3, holds 2
  EXPECT_FALSE(BytesMatch(a, std::string("\0\2ho", 4), false));  // the body differs
  EXPECT_EQ(BytesBody(a, std::string("\0\2hi", 4)), "hi");
}

TEST(BytesNote, NamesTheByteOrderALengthCameIn) {
  std::string came = std::string("\5\0\0\0", 4) + "hello";
  std::string note = BytesNote(Prefix(4, false), came, /*stream=*/true);
  EXPECT_NE(note.find("The 4-byte length prefix 05 00 00 00 is 83886080 read big-endian"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("but 5 read little-endian"), std::string::npos) << note;
  EXPECT_NE(note.find("your program wrote its length little-endian. Write it big-endian: "
                      "struct.pack('!I', n) in Python, htonl(n) in C."),
            std::string::npos)
      << note;
  // The right order, a 1-byte prefix (no order at all), or a length no order explains: none.
  EXPECT_EQ(BytesNote(Prefix(4, true), came, true), "");
  EXPECT_EQ(BytesNote(Prefix(1, false), "\7hello", true), "");
  EXPECT_EQ(BytesNote(Prefix(4, false), std::string("\0\0\0\0", 4) + "x", false), "");
}

TEST(SentNote, NamesTheByteOrderAReaderOfTheOtherOrderWaitsIn) {
  std::string sent = std::string("\0\0\0\5", 4) + "hello";
  std::string note = SentNote(Prefix(4, false), sent);
  EXPECT_NE(note.find("began with the 4-byte length 00 00 00 05: 5 read big-endian"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("a program that reads the length little-endian waits for 83886080 bytes"),
            std::string::npos)
      << note;
  EXPECT_NE(note.find("Read it big-endian: struct.unpack('!I', ...) in Python, ntohl() in C."),
            std::string::npos)
      << note;
  // Bytes that are not framed so, or a length both orders read alike: nothing to say.
  EXPECT_EQ(SentNote(Prefix(4, false), "hello"), "");
  EXPECT_EQ(SentNote(Prefix(2, false), std::string("\1\1", 2) + std::string(257, 'x')), "");
}

TEST(ScriptBytes, EveryByteValueGoesOutExactlyAndComesBackOverTcp) {
  Fixture f({Step(Action::kConnect, "a"), SendBytes("a", AllBytes()),
             ExpectBytes("a", Exactly(AllBytes()))});
  ByteServer echo(f.loop, [](const std::string& b) { return b; });
  auto peer = f.Client(echo.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(echo.got, AllBytes());  // no newline added, no byte changed
  EXPECT_EQ(peer->log()[0].received, AllBytes());
}

TEST(ScriptBytes, BytesThatDifferFailAtOnceWithWhatCame) {
  std::string expected(300, 'x');
  Fixture f(
      {Step(Action::kConnect, "a"), SendBytes("a", "go"), ExpectBytes("a", Exactly(expected))});
  std::string wrong = expected;
  wrong[150] = '\0';
  ByteServer server(f.loop, [&](const std::string&) { return wrong; });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kWrongAnswer);
  EXPECT_TRUE(failure->binary);
  EXPECT_TRUE(failure->sent_binary);
  EXPECT_EQ(failure->received, wrong);
  EXPECT_EQ(failure->expected_text, expected);
}

TEST(ScriptBytes, ALengthPrefixedAnswerIsReadWholeAndItsBodyKeptForALaterSend) {
  spec::Answer a = Prefix(4, false);
  a.capture = "body";
  spec::Step back = Send("a", "{body}", false);
  Fixture f({Step(Action::kConnect, "a"), SendBytes("a", std::string("\0\0\0\2hi", 6)),
             ExpectBytes("a", a), back, ExpectBytes("a", Exactly("hi"))});
  ByteServer server(f.loop, [](const std::string& b) { return b; });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(server.got, std::string("\0\0\0\2hi", 6) + "hi");
}

// A datagram framed around a capture: the length, the captured bytes, a trailer, as one.
TEST(ScriptBytes, ACaptureGoesIntoASendsHexAsOneDatagram) {
  spec::Answer token;
  token.kind = AnswerKind::kCount;
  token.count = 3;
  token.capture = "token";
  spec::Step framed = SendBytes("a", std::string("\0\x03\n", 3));
  framed.captured_at = {{2, "token"}};
  Fixture f({Step(Action::kConnect, "a"), SendBytes("a", "abc"), ExpectBytes("a", token), framed,
             ExpectBytes("a", Exactly(std::string("\0\x03"
                                                  "ABC\n",
                                                  6)))},
            /*udp=*/true);
  UdpUpper server(f.loop);
  auto peer = f.Client(LocalAddress(server.fd.get()));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  EXPECT_EQ(peer->log()[0].datagrams.size(), 2u);  // "ABC", then the framed token in one
}

TEST(ScriptBytes, ALengthInTheOtherByteOrderFailsAtRestNamingTheOrder) {
  // A 2-byte prefix read big-endian asks 1280 bytes: the program rests with 5 sent.
  Fixture f(
      {Step(Action::kConnect, "a"), SendBytes("a", "go"), ExpectBytes("a", Prefix(2, false))});
  ByteServer server(f.loop, [](const std::string&) { return std::string("\5\0hello", 7); });
  auto peer = f.Client(server.address());
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  const ScriptFailure* failure = peer->script_failure();
  ASSERT_NE(failure, nullptr);
  EXPECT_EQ(failure->kind, ScriptFailure::Kind::kNoAnswer);
  EXPECT_EQ(failure->received, std::string("\5\0hello", 7));
  EXPECT_NE(failure->bytes_note.find("is 1280 read big-endian"), std::string::npos)
      << failure->bytes_note;
  EXPECT_NE(failure->bytes_note.find("wrote its length little-endian"), std::string::npos);
}

TEST(ScriptBytes, ADatagramIsExpectedAsItCameWithItsTrailingNewline) {
  // DatagramText removes a datagram's newline for lines; bytes keep it.
  Fixture f({Step(Action::kConnect, "a"), SendBytes("a", "a\n"), ExpectBytes("a", Exactly("A\n"))},
            /*udp=*/true);
  UdpUpper server(f.loop);
  auto peer = f.Client(LocalAddress(server.fd.get()));
  peer->Start();
  ASSERT_TRUE(f.Run(*peer));
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
}

// The peer as a UDP server: the datagram that came is expected as it came, and bytes go back
// to where it came from.
TEST(ScriptBytes, AsUdpServerItExpectsADatagramOfBytesAndAnswersInBytes) {
  Fixture f({ExpectBytes("1", Prefix(2, false, "hi\n", true)),
             SendBytes("1", std::string("\0\x03OK\n", 5))},
            /*udp=*/true);
  Address bound;
  auto peer = f.Server(&bound);
  TestClient client(f.loop, bound, /*tcp=*/false);
  client.Send(std::string("\0\x03hi\n", 5));
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  ASSERT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
  ASSERT_TRUE(f.loop.RunUntil([&] { return client.got.size() == 5; }, Clock::now() + kBound));
  EXPECT_EQ(client.got, std::string("\0\x03OK\n", 5));
}

// The peer as a TCP server: a client's bytes up to a delimiter, lines or not.
TEST(ScriptBytes, AsTcpServerItReadsUpToADelimiter) {
  spec::Answer until;
  until.kind = AnswerKind::kUntil;
  until.delimiter = std::string("\0", 1);
  until.text = "HELO\nx";
  until.body_given = true;
  Fixture f({Step(Action::kAccept, "c"), ExpectBytes("c", until), ExpectBytes("c", Exactly("!"))});
  Address bound;
  auto peer = f.Server(&bound);
  TestClient client(f.loop, bound);
  client.Send(std::string("HELO\nx\0!", 8));
  ASSERT_TRUE(f.Run(*peer)) << peer->Describe();
  EXPECT_EQ(peer->script_failure(), nullptr) << peer->script_failure()->step;
}

}  // namespace
}  // namespace netgrade::peers
