// Words a finding's maker says, and their shape (issue 48: a report groups diagnoses by what
// their makers said of them, never by reading a sentence back).
#include "harness/check/say.h"

#include <gtest/gtest.h>

#include <string>

#include "harness/check/finding.h"

namespace netgrade::check {
namespace {

TEST(Say, TheWordsAreFmtsAndTheShapeIsTheFormatWithEachValueOut) {
  std::string file = "proxy.py";
  Phrase w = Say("{} listens on port {}, not {}.", file, 5000, 40001);
  EXPECT_EQ(w, "proxy.py listens on port 5000, not 40001.");
  EXPECT_EQ(w.shape(), "{} listens on port {}, not {}.");
  EXPECT_EQ(w.without_case_port(), "") << "no argument is the case's port";
  // Two programs, two ports: one shape, two texts.
  Phrase other = Say("{} listens on port {}, not {}.", std::string("ProxyServer.py"), 8080, 40777);
  EXPECT_NE(other.text(), w.text());
  EXPECT_EQ(other.shape(), w.shape());
}

// A string literal is the maker's own choice of words, which is the mistake: it stays in the
// shape; a std::string is a value, whatever it holds.
TEST(Say, ALiteralArgumentIsTheMistakeAndStaysInTheShape) {
  for (bool answers : {true, false}) {
    Phrase w = Say("Run against port {}, it {}.", 12000,
                   answers ? "answered every line correctly" : "did everything else");
    EXPECT_EQ(w.shape(), answers ? "Run against port {}, it answered every line correctly."
                                 : "Run against port {}, it did everything else.");
  }
  std::string chosen = "answered every line correctly";
  EXPECT_EQ(Say("it {}.", chosen).shape(), "it {}.");
}

// A phrase said with Say, as an argument, puts its own shape in: a choice of words made by Say
// stays a choice; words made another way are a value.
TEST(Say, ShapedWordsPutTheirShapeIn) {
  Phrase killed = Say("was killed by signal {} ({})", 9, std::string("Killed"));
  Phrase failed = Say("failed with exit status {}", 1);
  EXPECT_EQ(Say("The build {}.", killed).shape(), "The build was killed by signal {} ({}).");
  EXPECT_EQ(Say("The build {}.", failed).shape(), "The build failed with exit status {}.");
  EXPECT_EQ(Say("The build {}.", Phrase(std::string("failed with exit status 1"))).shape(),
            "The build {}.");
  // A literal phrase is the maker's own words: its shape is itself.
  Phrase literal = "failed with exit status 1";
  EXPECT_EQ(Say("The build {}.", literal).shape(), "The build failed with exit status 1.");
}

TEST(Say, NumberedFieldsSpecsAndBracesAreRead) {
  Phrase w = Say("argv[{0}] / sys.argv[{0}] took {1:.1f} s {{x}}", 2, 1.3);
  EXPECT_EQ(w, "argv[2] / sys.argv[2] took 1.3 s {x}");
  EXPECT_EQ(w.shape(), "argv[{}] / sys.argv[{}] took {} s {x}");
  EXPECT_EQ(Say("{:>5}|{:<{}}|", 7, 8, 3), "    7|8  |");
  EXPECT_EQ(Say("{:>5}|{:<{}}|", 7, 8, 3).shape(), "{}|{}|");
  EXPECT_EQ(Say("no values").shape(), "no values");
}

// The case's own port, marked: the words without it are what two cases' advice shares; any
// other number stays in them.
TEST(Say, TheCasesPortIsOutOfTheWordsWithoutIt) {
  Phrase w =
      Say("{} listens on port {}, not {}.", std::string("server.py"), 12000, CasePort{40001});
  EXPECT_EQ(w, "server.py listens on port 12000, not 40001.");
  EXPECT_EQ(w.shape(), "{} listens on port {}, not {}.");
  EXPECT_EQ(w.without_case_port(), "server.py listens on port 12000, not {port}.");
  EXPECT_EQ(Say("not {}.", w).without_case_port(),
            "not server.py listens on port 12000, not {port}..");
  EXPECT_EQ(Say("port {:>6}", CasePort{80}), "port     80");
}

// Phrase assigned a text have no shape: the shape never describes other words.
TEST(Phrase, ATextAssignedHasNoShape) {
  Phrase w = Say("{} crashed.", std::string("a.py"));
  w = std::string("b.py crashed.");
  EXPECT_EQ(w.shape(), "");
  w = Say("{} crashed.", std::string("a.py"));
  w.clear();
  EXPECT_EQ(w.shape(), "");
  EXPECT_EQ(w, "");
  // A copy keeps it.
  Phrase said = Say("{} crashed.", std::string("a.py"));
  Finding f{.code = Code::kCrashed, .cause = said};
  EXPECT_EQ(f.cause.shape(), "{} crashed.");
}

// Parts joined keep their shapes, a part without one standing for its text; the case's port
// stays marked.
TEST(JoinParts, TheShapeOfJoinedPartsIsTheirShapesJoined) {
  Phrase joined = JoinParts({"When it restarted,", Say("{} crashed.", std::string("a.py"))});
  EXPECT_EQ(joined, "When it restarted, a.py crashed.");
  EXPECT_EQ(joined.shape(), "When it restarted, {} crashed.");
  EXPECT_EQ(JoinParts({std::string("a"), std::string("b")}).shape(), "") << "no part has a shape";
  Phrase marked = JoinParts(
      {"Is the port written in the program?", Say("netgrade gave it port {}.", CasePort{40002})});
  EXPECT_EQ(marked.without_case_port(),
            "Is the port written in the program? netgrade gave it port {port}.");
}

TEST(Finding, WithoutCasePortIsTheTextWithTheMarkedPortOut) {
  Finding f{.code = Code::kWrongPort,
            .cause = Say("{} listens on port {}, not {}.", std::string("server.py"), 12000,
                         CasePort{40001}),
            .evidence = "It never answered.",
            .fix = Say("netgrade gave it port {} on its command line.", CasePort{40001}),
            .notes = {"A note."}};
  EXPECT_EQ(f.WithoutCasePort(),
            "server.py listens on port 12000, not {port}. It never answered. netgrade gave it "
            "port {port} on its command line. A note.");
  EXPECT_EQ(f.Text(),
            "server.py listens on port 12000, not 40001. It never answered. netgrade gave it "
            "port 40001 on its command line. A note.");
  f.fix = "Fix it.";
  EXPECT_EQ(f.WithoutCasePort(),
            "server.py listens on port 12000, not {port}. It never answered. Fix it. A note.");
  f.cause = "server.py listens on port 12000, not 40001.";
  EXPECT_EQ(f.WithoutCasePort(), "") << "nothing marks the case's port";
}

// An empty phrase holds no value: it puts nothing into the shape, as an empty literal does, so
// a clause said or left out is two shapes and never a "{}" standing for nothing.
TEST(Say, AnEmptyPhrasePutsNothingIn) {
  Phrase none = "";
  EXPECT_EQ(Say("{} crashed{}.", std::string("a.py"), none).shape(), "{} crashed.");
  EXPECT_EQ(Say("{} crashed{}.", std::string("a.py"), Phrase()).shape(), "{} crashed.");
  EXPECT_EQ(Say("{} crashed{}.", std::string("a.py"), Say(" at {}", 3)).shape(),
            "{} crashed at {}.");
  // An empty std::string is a value like any other.
  EXPECT_EQ(Say("{} crashed{}.", std::string("a.py"), std::string()).shape(), "{} crashed{}.");
}

}  // namespace
}  // namespace netgrade::check
