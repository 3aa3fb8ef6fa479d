// A step's hints are told only for the kind of failure they are written for.
#include "harness/peers/script_hint.h"

#include <gtest/gtest.h>

namespace netgrade::peers {
namespace {

using Kind = ScriptFailure::Kind;
using End = ScriptFailure::End;

ScriptFailure Failed(Kind kind, End end = End::kImmediate) {
  ScriptFailure f;
  f.kind = kind;
  f.end = end;
  return f;
}

spec::Step Keyed() {
  spec::Step s;
  s.hints.wrong = "upper-case every letter";
  s.hints.nothing = "serve every client at once";
  s.hints.extra = "answer only what was asked";
  s.hints.closed = "keep the connection open";
  return s;
}

TEST(ScriptHint, AWrongAnswerGetsTheWrongHintNotTheOneForNoAnswer) {
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kWrongAnswer)), "upper-case every letter");
}

TEST(ScriptHint, NothingCameGetsTheNothingHint) {
  for (Kind k : {Kind::kNoAnswer, Kind::kOneClientAtATime, Kind::kNoConnection,
                 Kind::kMissingMessage, Kind::kNotListeningAgain, Kind::kRefused})
    EXPECT_EQ(ChooseHint(Keyed(), Failed(k, End::kAtRest)), "serve every client at once");
}

TEST(ScriptHint, AnAnswerWhereNoneWasExpectedGetsTheExtraHint) {
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kUnexpectedAnswer)), "answer only what was asked");
}

TEST(ScriptHint, AConnectionTheProgramEndedGetsTheClosedHintWhateverTheStepWaitedFor) {
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kNoAnswer, End::kClosed)), "keep the connection open");
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kNoAnswer, End::kReset)), "keep the connection open");
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kSendFailed)), "keep the connection open");
}

TEST(ScriptHint, APlainHintIsToldForEveryKindAndAKeyedOneWinsOverIt) {
  spec::Step s;
  s.hint = "read the handout";
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kWrongAnswer)), "read the handout");
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kNoAnswer, End::kAtRest)), "read the handout");
  s.hints.wrong = "upper-case every letter";
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kWrongAnswer)), "upper-case every letter");
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kNoAnswer, End::kAtRest)), "read the handout");
}

TEST(ScriptHint, AHintForOneKindIsNotToldForAnother) {
  spec::Step s;
  s.hints.nothing = "a client that connects later must be served too";
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kWrongAnswer)), "");
}

TEST(ScriptHint, TheGradersOwnFailureTellsNoHint) {
  EXPECT_EQ(ChooseHint(Keyed(), Failed(Kind::kGrader)), "");
  spec::Step s;
  s.hint = "read the handout";
  EXPECT_EQ(ChooseHint(s, Failed(Kind::kGrader)), "");
}

}  // namespace
}  // namespace netgrade::peers
