#include "harness/check/notes.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/temp_dir.h"

namespace netgrade::check {
namespace {

// No kind's notes of its own (KindChecks::notes): every kind's alone.
const KindChecks kEveryKind{};

observe::Observation Obs() {
  observe::Observation o;
  o.program.display_name = "server.py";
  return o;
}

TEST(Notes, ABusyLoopGetsANoteNamingTheShareAndTheFix) {
  observe::Observation o = Obs();
  o.idle_cpu_ms = 900;
  o.idle_cpu_share = 0.97;
  std::vector<std::string> notes = Notes(o, kEveryKind);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py kept 100% of a CPU busy while it had nothing to do"),
            std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("select()"), std::string::npos);
}

TEST(Notes, SpinningAfterItsPartIsNotedEvenBeforeAShareWasMeasured) {
  observe::Observation o = Obs();
  o.spinning = true;
  std::vector<std::string> notes = Notes(o, kEveryKind);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py kept a CPU busy while"), std::string::npos) << notes[0];
}

TEST(Notes, AStartUpBurstIsNotABusyLoop) {
  observe::Observation o = Obs();
  o.idle_cpu_ms = kBusyNoteCpuMs - 1;
  o.idle_cpu_share = 0.9;
  EXPECT_TRUE(Notes(o, kEveryKind).empty());
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
    std::vector<std::string> notes = Notes(o, kEveryKind);
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
  EXPECT_TRUE(Notes(o, kEveryKind).empty());
}

// A kind's own notes (KindChecks::notes) come after every kind's, given the verdict.
TEST(Notes, AKindsOwnNotesComeAfterEveryKinds) {
  observe::Observation o = Obs();
  o.idle_cpu_ms = 900;
  o.idle_cpu_share = 0.97;
  Code seen = Code::kNone;
  KindChecks kind;
  kind.notes = [&seen](const observe::Observation&, Code verdict) {
    seen = verdict;
    return std::vector<std::string>{"the kind's own note"};
  };
  std::vector<std::string> notes = Notes(o, kind, Code::kWrongContent);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[1], "the kind's own note");
  EXPECT_EQ(seen, Code::kWrongContent);
}

}  // namespace
}  // namespace netgrade::check
