// A UDP client silent after a drop, judged on observations built by hand: the words say what
// the grader saw, and the threshold as scaled.
#include "harness/check/udp_timeout.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

observe::Observation Stalled() {
  observe::Observation o;
  o.program.display_name = "client.py";
  o.stalled_after_drop = true;
  o.dropped_what = "its datagram";
  o.own_datagram_lost = true;
  o.stall_after = std::chrono::milliseconds(3000);  // the default, scaled by 2
  return o;
}

TEST(CheckStallAfterDrop, NoStallNoFinding) {
  observe::Observation o = Stalled();
  o.stalled_after_drop = false;
  EXPECT_TRUE(CheckStallAfterDrop(o).ok());
}

TEST(CheckStallAfterDrop, ATimeoutTooLongSaysSoWithTheScaledThreshold) {
  observe::Observation o = Stalled();
  o.waits_too_long = true;
  o.blocked_in = "poll";
  Finding f = CheckStallAfterDrop(o);
  EXPECT_EQ(f.code, Code::kNoUdpTimeout);
  // The bound, how long it was silent, and the call it waited in.
  ExpectWords(f);
}

// Its own datagram dropped, no answer was made: it waited for one that could not come; the
// server's answer dropped, the answer was lost (issue 49: "lost" for both).
TEST(CheckStallAfterDrop, ItsOwnDatagramLostIsAnAnswerThatCouldNotCome) {
  observe::Observation o = Stalled();
  o.at_rest_in = "recvfrom";
  Finding f = CheckStallAfterDrop(o);
  ExpectWords(f, "own");
  o.dropped_what = "the server's answer";
  o.own_datagram_lost = false;
  f = CheckStallAfterDrop(o);
  ExpectWords(f, "answer");
}

TEST(CheckStallAfterDrop, AtRestItSaysNothingWillWakeIt) {
  observe::Observation o = Stalled();
  o.at_rest_in = "recvfrom";
  Finding f = CheckStallAfterDrop(o);
  EXPECT_EQ(f.code, Code::kNoUdpTimeout);
  ExpectWords(f);
}

// Under load the stall's deadline can come before the rest watch has seen the program at
// rest: blocked in a call whose socket has no timeout is the same fact, said the same way.
TEST(CheckStallAfterDrop, BlockedWithNoTimeoutAtTheDeadlineSaysWhatAtRestSays) {
  observe::Observation rest = Stalled();
  rest.at_rest_in = "recvfrom";
  observe::Observation deadline = Stalled();
  deadline.blocked_in = "recvfrom";
  EXPECT_EQ(CheckStallAfterDrop(deadline).Text(), CheckStallAfterDrop(rest).Text());
  observe::Observation unknown = Stalled();  // not seen blocked: only what the clock says
  Finding clock = CheckStallAfterDrop(unknown);
  ExpectWords(clock);
}

TEST(CheckStallAfterDrop, UnseenItSaysItCannotTell) {
  observe::Observation o = Stalled();
  o.timeout_unseen = true;
  Finding f = CheckStallAfterDrop(o);
  EXPECT_EQ(f.code, Code::kNoUdpTimeout);
  ExpectWords(f);
}

// Lost to the stopped server's closed port, not dropped: the words say so and name the line,
// and since it is one of its input lines (a script's stdin step), that line goes again.
TEST(CheckStallAfterDrop, ALineLostToAClosedPortIsNamedAndToBeSentAgain) {
  observe::Observation o = Stalled();
  o.at_rest_in = "recvfrom";
  o.lost_to_closed_port = "line 3 of 4";
  spec::Case c;
  spec::Step feed;
  feed.action = spec::Step::Action::kStdin;
  feed.text = "line 3 of 4";
  c.script = {feed};
  o.test = &c;
  Finding f = CheckStallAfterDrop(o);
  EXPECT_EQ(f.code, Code::kNoUdpTimeout);
  ExpectWords(f);  // the whole text: the line named, to send again, and no 'dropped on purpose'
}

}  // namespace
}  // namespace netgrade::check
