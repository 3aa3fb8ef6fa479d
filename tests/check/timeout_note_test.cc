// The note that says how a case ended before its content came.
#include "harness/check/timeout_note.h"

#include <gtest/gtest.h>

#include "tests/check/observed_case.h"

namespace netgrade::check {
namespace {
using namespace netgrade::check::observed_test;

TEST(TimeoutNote, NothingWhenTheCaseEndedByItself) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "client-line", 40000);
  EXPECT_EQ(TimeoutNote(o), "");
}

TEST(TimeoutNote, SaysHowLongTheCaseRanAndWhereThePeerWas) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "client-line", 40000);
  o.timed_out = true;
  o.timeout_ms = 5000;
  o.peer_state = "the reference server was waiting for a line";
  EXPECT_EQ(TimeoutNote(o),
            "(After 5.0 s the case ended: the reference server was waiting for a line.)");
}

// The deadline moved for the machine's load: the time said is the time the case gave, and why
// it is more than the timeout.
TEST(TimeoutNote, ATimeoutMovedForTheLoadSaysByHowMuch) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Observe(*s, "client-line", 40000);
  o.timed_out = true;
  o.timeout_ms = 5000;
  o.load_extension_ms = 7300;
  o.peer_state = "the reference server was waiting for a line";
  EXPECT_EQ(TimeoutNote(o),
            "(After 12.3 s the case ended: the reference server was waiting for a line. "
            "server.py had 7.3 s more than the case's 5.0 s, as this computer was too busy to "
            "run it.)");
  o.load_extension_ms = 20;  // a figure below what is shown
  EXPECT_EQ(TimeGiven(o), "5.0 s");
  EXPECT_EQ(LoadNote(o), "");
}

// A program at rest in a blocking call ended the case before its timeout: that is said instead.
TEST(TimeoutNote, AProgramAtRestIsNamedWithItsBlockingCall) {
  auto s = LoadSpec("tcp", R"(["{port}"])", "");
  observe::Observation o = Client(*s);
  o.timed_out = true;
  o.at_rest_in = "recv";
  o.peer_state = "nothing was on its way";
  EXPECT_EQ(TimeoutNote(o),
            "(netgrade ended the case when client.py was blocked in recv() with nothing on its "
            "way to it and no timeout of its own due before the case's end: nothing was on its "
            "way.)");
}

}  // namespace
}  // namespace netgrade::check
