// The golden files of the diagnoses' words (tests/cli/diagnosis_golden.h) without grading:
// a lab's file read and written back, what of a diagnosis is the run's and becomes a
// placeholder, and a difference shown as a unified diff's lines.
#include "tests/cli/diagnosis_golden.h"

#include <gtest/gtest.h>

namespace netgrade::golden_file {
namespace {

TEST(DiagnosisGoldenFile, ALabsFileReadsBackAsItWasWritten) {
  LabBlocks blocks;
  blocks["echo-server"]["server-one-line"] =
      "--- server-one-line [echo]\ncause: x\nevidence:\n    a\n\n    b\n";
  blocks["echo-server"]["server-conversation"] = "--- server-conversation [echo]\ncause: y\n";
  blocks["hostile/fork-bomb"]["server-one-line"] = "--- server-one-line [crashed]\ncause: z\n";
  std::string text = WriteLab("tcp-capitalize", blocks);
  EXPECT_EQ(ParseLab(text), blocks);
  EXPECT_EQ(WriteLab("tcp-capitalize", ParseLab(text)), text) << "rewriting changes nothing";
}

TEST(DiagnosisGoldenFile, TheCasesPartsGoOneLabelALine) {
  check::CaseResult c;
  c.name = "client-one-line";
  c.code = check::Code::kCrashed;
  c.cause = "client.py exited with status 1 before the case was over.";
  c.evidence =
      "\nThe end of what it printed on stderr:\n    Traceback (most recent call last):\n"
      "    ZeroDivisionError: division by zero\n";
  c.finding_notes = {
      "server.py had 10.0 s more than the case's 5.0 s, as this computer was too "
      "busy to run it.",
      "It waited 1.5 s at port 40123."};
  EXPECT_EQ(CaseBlock(c),
            "--- client-one-line [crashed]\n"
            "cause: client.py exited with status 1 before the case was over.\n"
            "evidence:\n"
            "    The end of what it printed on stderr:\n"
            "        <what it printed there>\n"
            "note: It waited <t> s at port <port>.\n");
}

TEST(DiagnosisGoldenFile, ADifferenceShowsTheLinesThatDifferWithTheirNeighbours) {
  EXPECT_EQ(UnifiedExcerpt("a\nb\nc\nd\ne\n", "a\nb\nC\nd\ne\n"), "   b\n  -c\n  +C\n   d\n");
  EXPECT_EQ(UnifiedExcerpt("a\n", "a\n"), "");
}

}  // namespace
}  // namespace netgrade::golden_file
