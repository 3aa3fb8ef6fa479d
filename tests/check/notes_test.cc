#include "harness/check/notes.h"

#include <gtest/gtest.h>

namespace netgrade::check {
namespace {

observe::Observation Obs() {
  observe::Observation o;
  o.program.display_name = "server.py";
  return o;
}

TEST(Notes, ABusyLoopGetsANoteNamingTheShareAndTheFix) {
  observe::Observation o = Obs();
  o.idle_cpu_ms = 900;
  o.idle_cpu_share = 0.97;
  std::vector<std::string> notes = Notes(o);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py kept 100% of a CPU busy while it had nothing to do"),
            std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("select()"), std::string::npos);
}

TEST(Notes, SpinningAfterItsPartIsNotedEvenBeforeAShareWasMeasured) {
  observe::Observation o = Obs();
  o.spinning = true;
  std::vector<std::string> notes = Notes(o);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py kept a CPU busy while"), std::string::npos) << notes[0];
}

TEST(Notes, AStartUpBurstIsNotABusyLoop) {
  observe::Observation o = Obs();
  o.idle_cpu_ms = kBusyNoteCpuMs - 1;
  o.idle_cpu_share = 0.9;
  EXPECT_TRUE(Notes(o).empty());
}

}  // namespace
}  // namespace netgrade::check
