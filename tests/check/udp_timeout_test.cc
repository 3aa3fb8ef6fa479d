// A UDP client silent after a drop, judged on observations built by hand: the words say what
// the grader saw, and the threshold as scaled.
#include "harness/check/udp_timeout.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

observe::Observation Stalled() {
  observe::Observation o;
  o.program.display_name = "client.py";
  o.stalled_after_drop = true;
  o.dropped_what = "its datagram";
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
  EXPECT_NE(f.message.find("waits longer than the 1 s the exercise allows"), std::string::npos);
  EXPECT_NE(f.message.find("sent nothing more for 3.0 s (it was waiting in poll() with a longer "
                           "timeout)"),
            std::string::npos)
      << f.message;
}

TEST(CheckStallAfterDrop, AtRestItSaysNothingWillWakeIt) {
  observe::Observation o = Stalled();
  o.at_rest_in = "recvfrom";
  Finding f = CheckStallAfterDrop(o);
  EXPECT_EQ(f.code, Code::kNoUdpTimeout);
  EXPECT_NE(f.message.find("it is blocked in recvfrom() with no timeout, so nothing will wake it"),
            std::string::npos)
      << f.message;
}

TEST(CheckStallAfterDrop, UnseenItSaysItCannotTell) {
  observe::Observation o = Stalled();
  o.timeout_unseen = true;
  Finding f = CheckStallAfterDrop(o);
  EXPECT_NE(f.message.find("(netgrade cannot see which here)"), std::string::npos) << f.message;
}

}  // namespace
}  // namespace netgrade::check
