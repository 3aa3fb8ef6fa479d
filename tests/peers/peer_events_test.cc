// The lines netgrade peer prints: what a server peer's log gained, escaped and cut.
#include "harness/peers/peer_events.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <regex>

namespace netgrade::peers {
namespace {

using Events = std::vector<std::string>;

TEST(PeerEvents, StampIsTheLocalTimeToTheMillisecond) {
  EXPECT_TRUE(std::regex_match(Stamp(std::chrono::system_clock::now()),
                               std::regex(R"(\[\d\d:\d\d:\d\d\.\d\d\d\])")));
}

TEST(PeerEvents, ShownEscapesControlBytesAndCountsTheBytes) {
  EXPECT_EQ(Shown("hello world\n"), "'hello world\\n' (12 bytes)");
  EXPECT_EQ(Shown("x"), "'x' (1 byte)");
  std::string shown = Shown("a\x1b[2J\x07\xff\n");
  EXPECT_EQ(shown, "'a\\x1b[2J\\x07\\xff\\n' (8 bytes)");
  EXPECT_EQ(shown.find('\x1b'), std::string::npos) << "no raw escape reaches the terminal";
}

TEST(PeerEvents, ShownCutsLongDataAndSaysHowMuchCame) {
  std::string shown = Shown(std::string(5000, 'x'), 10);
  EXPECT_EQ(shown, "'xxxxxxxxxx...' (5000 bytes, the first 10 shown)");
}

TEST(PeerEvents, TcpConnectionTellsConnectDataAnswersAndCloseOnce) {
  LogWatch watch(true);
  std::vector<ConnectionLog> logs(1);
  logs[0].remote = "127.0.0.1:53422";
  logs[0].connected = true;
  EXPECT_EQ(watch.Since(logs), Events{"127.0.0.1:53422 connected"});
  logs[0].received = "hello\nwor";
  logs[0].replies_sent = {"HELLO"};
  EXPECT_EQ(watch.Since(logs),
            (Events{"127.0.0.1:53422 <- 'hello\\n' (6 bytes)", "127.0.0.1:53422 <- 'wor' (3 bytes)",
                    "127.0.0.1:53422 -> 'HELLO\\n' (6 bytes)"}));
  EXPECT_EQ(watch.Since(logs), Events{}) << "nothing new, nothing said";
  logs[0].received += "ld\n";
  logs[0].replies_sent.push_back("WORLD");
  logs[0].eof = true;
  EXPECT_EQ(watch.Since(logs), (Events{"127.0.0.1:53422 <- 'ld\\n' (3 bytes)",
                                       "127.0.0.1:53422 -> 'WORLD\\n' (6 bytes)",
                                       "127.0.0.1:53422 closed the connection"}));
  EXPECT_EQ(watch.Since(logs), Events{});
  logs.emplace_back();
  logs[1].remote = "127.0.0.1:53423";
  logs[1].reset = true;
  EXPECT_EQ(watch.Since(logs),
            (Events{"127.0.0.1:53423 connected", "127.0.0.1:53423 reset the connection"}));
  EXPECT_EQ(watch.connections(), 2u);
  EXPECT_EQ(watch.messages(), 3u);
}

TEST(PeerEvents, LinesSplitsAfterEachNewlineAndKeepsAnUnendedTail) {
  using Views = std::vector<std::string_view>;
  EXPECT_EQ(Lines("a\nbb\r\nc"), (Views{"a\n", "bb\r\n", "c"}));
  EXPECT_EQ(Lines("\n\n"), (Views{"\n", "\n"}));
  EXPECT_EQ(Lines(""), Views{});
}

TEST(PeerEvents, UdpDatagramShowsItsNewlineAndItsAnswerFollowsIt) {
  LogWatch watch(false);
  std::vector<ConnectionLog> logs(1);
  logs[0].datagrams = {"hello", "bye"};
  logs[0].datagram_sizes = {7, 3};  // "hello\r\n", "bye"
  logs[0].datagram_sources = {"127.0.0.1:40000", "127.0.0.1:40000"};
  logs[0].replies_sent = {"HELLO", "BYE"};
  EXPECT_EQ(
      watch.Since(logs),
      (Events{"127.0.0.1:40000 <- 'hello\\r\\n' (7 bytes)", "127.0.0.1:40000 -> 'HELLO' (5 bytes)",
              "127.0.0.1:40000 <- 'bye' (3 bytes)", "127.0.0.1:40000 -> 'BYE' (3 bytes)"}));
  EXPECT_EQ(watch.messages(), 2u);
}

TEST(PeerEvents, TheRecordingCapIsSaidOnce) {
  LogWatch watch(true);
  std::vector<ConnectionLog> logs(2);
  logs[0].received_cut = logs[1].received_cut = true;
  Events events = watch.Since(logs);
  ASSERT_EQ(events.size(), 3u);  // two connections, one notice
  EXPECT_NE(events[1].find("no longer shown"), std::string::npos) << events[1];
  EXPECT_EQ(watch.Since(logs), Events{});
}

// Due only after kQuiet (cli/peer_command_test waits for it), never for a whole line.
TEST(PeerEvents, AMessageWithoutItsNewlineIsNotDueAtOnceAndALineNever) {
  EventLoop loop;
  TcpServerPeer server(loop, Address::Parse("127.0.0.1", 0), "{upper}");
  Fd client = TcpConnectStart(server.address());
  pollfd p{client.get(), POLLOUT, 0};
  ASSERT_EQ(::poll(&p, 1, 10000), 1);
  UnterminatedAnswer unterminated;
  ASSERT_EQ(::send(client.get(), "whole\n", 6, MSG_NOSIGNAL), 6);
  auto came = [&](size_t n) {
    return loop.RunUntil(
        [&] { return !server.log().empty() && server.log()[0].received.size() == n; },
        Clock::now() + std::chrono::seconds(10));
  };
  ASSERT_TRUE(came(6));
  EXPECT_FALSE(unterminated.Due(server));
  EXPECT_FALSE(unterminated.waiting()) << "a whole line is answered as it comes";
  ASSERT_EQ(::send(client.get(), "hello", 5, MSG_NOSIGNAL), 5);
  ASSERT_TRUE(came(11));
  TimePoint came_at = Clock::now();
  bool due = unterminated.Due(server);
  EXPECT_TRUE(unterminated.waiting());
  if (Clock::now() - came_at < UnterminatedAnswer::kQuiet) {
    EXPECT_FALSE(due);
  }
}

}  // namespace
}  // namespace netgrade::peers
