// The diagram of a case without a proxy comes from its peer's own record: merged in time
// order across connections, numbered per direction, in words where it is not data.
#include "harness/run/peer_timeline.h"

#include <fmt/core.h>
#include <gtest/gtest.h>

namespace netgrade::run {
namespace {

using Kind = peers::Moment::Kind;
using std::chrono::milliseconds;

peers::Moment At(std::chrono::steady_clock::time_point t0, int ms, Kind kind,
                 const std::string& bytes = "") {
  return {t0 + milliseconds(ms), kind, bytes, bytes.size()};
}

TEST(PeerTimeline, MergesConnectionsByTimeAndNumbersEachDirection) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<peers::ConnectionLog> logs(2);
  logs[0].moments = {At(t0, 0, Kind::kConnected), At(t0, 1, Kind::kSent, "one\n"),
                     At(t0, 30, Kind::kReceived, "ONE\n"), At(t0, 31, Kind::kClosed)};
  logs[1].moments = {At(t0, 10, Kind::kConnected), At(t0, 11, Kind::kSent, "two\n"),
                     At(t0, 12, Kind::kReset)};
  std::vector<check::TranscriptEvent> events = PeerTimeline(logs);
  ASSERT_EQ(events.size(), 7u);
  std::vector<std::string> seen;
  for (const check::TranscriptEvent& e : events)
    seen.push_back(
        fmt::format("{:.0f} {} #{} {} {}", e.t_ms, e.direction, e.index, e.action, e.words));
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "0 to_student #1 connect connects to it (connection 1)",
                      "1 to_student #2 passed connection 1",
                      "10 to_student #3 connect connects to it (connection 2)",
                      "11 to_student #4 passed connection 2",
                      "12 from_student #1 reset resets the connection (connection 2)",
                      "30 from_student #2 passed connection 1",
                      "31 from_student #3 close closes the connection (connection 1)",
                  }));
  EXPECT_EQ(events[5].text, "ONE\n");
  EXPECT_EQ(events[5].size, 4u);
}

TEST(PeerTimeline, OneConnectionNeedsNoNumberAndNothingIsNothing) {
  auto t0 = std::chrono::steady_clock::now();
  std::vector<peers::ConnectionLog> logs(1);
  logs[0].moments = {At(t0, 0, Kind::kAccepted), At(t0, 2, Kind::kReceived, "hi\n")};
  std::vector<check::TranscriptEvent> events = PeerTimeline(logs);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].direction, "from_student");
  EXPECT_EQ(events[0].words, "connects");
  EXPECT_EQ(events[1].words, "passed");
  EXPECT_TRUE(PeerTimeline({}).empty());
}

TEST(ConnectionLogNote, KeepsAnExcerptTheSizeAndNoMoreThanItsShare) {
  peers::ConnectionLog log;
  log.Note(Kind::kReceived, std::string(1000, 'x'));
  ASSERT_EQ(log.moments.size(), 1u);
  EXPECT_EQ(log.moments[0].excerpt.size(), peers::kMomentExcerpt);
  EXPECT_EQ(log.moments[0].size, 1000u);
  for (int i = 0; i < 500; ++i) log.Note(Kind::kSent, "a\n");
  EXPECT_EQ(log.moments.size(), peers::kMostMoments) << "a flood's record stays bounded";
}

}  // namespace
}  // namespace netgrade::run
