#include "harness/check/notes.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

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

// A UDP server whose source draws random numbers, and passed: flagged as a possibly lucky run;
// not when it failed (the diagnosis says it), nor a TCP server or a client.
TEST(Notes, ALuckyPassOfAServerThatDrawsRandomNumbersIsFlagged) {
  testing_support::UniqueTempDir dir("netgrade-notes-random");
  std::ofstream(dir.path() / "server.py") << "import random\nwhile True:\n"
                                             "    if random.random() < 0.4:\n        continue\n";
  spec::Spec udp;
  udp.protocol = spec::Protocol::kUdp;
  spec::Role server;
  server.listens = true;
  observe::Observation o = Obs();
  o.spec = &udp;
  o.role = &server;
  o.program.program_path = (dir.path() / "server.py").string();
  std::vector<std::string> notes = Notes(o);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py draws random numbers (line 3 of server.py"), std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("this case passed by luck"), std::string::npos);
  EXPECT_TRUE(Notes(o, Code::kDropsAtRandom).empty());
  spec::Spec tcp;
  o.spec = &tcp;
  EXPECT_TRUE(Notes(o).empty());
  o.spec = &udp;
  server.listens = false;
  EXPECT_TRUE(Notes(o).empty());
}

// The seccomp filter answers in the kernel, out of the student's sight: a program that says a
// call was refused (in any language's words) is told what netgrade refuses.
TEST(Notes, ARefusedCallInAnyLanguagesWordsNamesWhatTheFilterRefuses) {
  for (const char* said :
       {"PermissionError: [Errno 1] Operation not permitted",
        "add_key: operation not permitted",  // Go
        "OSError: [Errno 38] Function not implemented", "Error: EPERM: operation not permitted"}) {
    observe::Observation o = Obs();
    o.program.stderr_text = std::string("Traceback (most recent call last):\n") + said + "\n";
    std::vector<std::string> notes = Notes(o);
    ASSERT_EQ(notes.size(), 1u) << said;
    EXPECT_NE(notes[0].find("server.py reported a call that was not permitted or not "
                            "implemented. netgrade refuses calls no socket exercise needs"),
              std::string::npos)
        << notes[0];
    EXPECT_NE(notes[0].find("keys (keyctl, add_key, request_key)"), std::string::npos);
  }
}

// EACCES (a port below 1024, a file it may not read) is not the filter's doing.
TEST(Notes, PermissionDeniedIsNotARefusedCall) {
  observe::Observation o = Obs();
  o.program.stderr_text = "PermissionError: [Errno 13] Permission denied\n";
  EXPECT_TRUE(Notes(o).empty());
}

}  // namespace
}  // namespace netgrade::check
