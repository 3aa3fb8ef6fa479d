// The lines of a pinger in words of its own (`round_trips: free_form`): which are about a
// request, and the time each shows.
#include "harness/kinds/icmp/free_form.h"

#include <gtest/gtest.h>

namespace netgrade::icmp {
namespace {

TEST(FreeFormLines, TheTextbooksOutputIsAHeaderThenOneLinePerRequest) {
  std::vector<PrintedLine> lines = FreeFormLines(
      "Pinging 203.0.113.9 using Python:\n\n0.021340131759643555\nRequest timed out.\n"
      "2.1457672119140625e-05\n");
  ASSERT_EQ(lines.size(), 3u) << "the header's address is no time";
  EXPECT_DOUBLE_EQ(lines[0].value, 0.021340131759643555);
  EXPECT_EQ(lines[0].unit, "");
  EXPECT_TRUE(lines[1].timeout);
  EXPECT_DOUBLE_EQ(lines[2].value, 2.1457672119140625e-05) << "Python's small floats";
}

TEST(FreeFormLines, TheTimeIsTheNumberWithAUnitElseTheLastOne) {
  std::vector<PrintedLine> lines = FreeFormLines(
      "Reply from 8.8.8.8: bytes=36 time=21.30ms TTL=60\r\n"
      "ping 2: 0.0213\nRTT 0.5 s (seq 3)\nseq=4 timeout\nno reply for 5\n");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_DOUBLE_EQ(lines[0].value, 21.3);
  EXPECT_EQ(lines[0].unit, "ms");
  EXPECT_EQ(lines[0].line, "Reply from 8.8.8.8: bytes=36 time=21.30ms TTL=60");
  EXPECT_DOUBLE_EQ(lines[1].value, 0.0213);
  EXPECT_EQ(lines[1].unit, "");
  EXPECT_DOUBLE_EQ(lines[2].value, 0.5);
  EXPECT_EQ(lines[2].unit, "s");
  EXPECT_TRUE(lines[3].timeout);
  EXPECT_TRUE(lines[4].timeout);
}

// A real pinger printed its timeout in Portuguese and was read as printing no line for it.
TEST(FreeFormLines, ATimeoutInTheLanguagesStudentsPrintItIsATimeout) {
  for (const char* line :
       {"Tempo esgotado para esta solicitação.", "Tiempo de espera agotado", "Requisição expirou",
        "Pacote perdido", "Sem resposta", "Délai d'attente dépassé", "Zeitüberschreitung",
        "请求超时", "タイムアウト", "Request timed out.", "timeout"}) {
    std::vector<PrintedLine> lines = FreeFormLines(std::string(line) + "\n");
    ASSERT_EQ(lines.size(), 1u) << line;
    EXPECT_TRUE(lines[0].timeout) << line;
  }
  // A time in a line of those languages is a time.
  std::vector<PrintedLine> lines = FreeFormLines("Resposta de 10.0.0.1: tempo=21.3 ms\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_FALSE(lines[0].timeout);
  EXPECT_DOUBLE_EQ(lines[0].value, 21.3);
}

// Real pingers: a heading with counts in it, an identifier printed beside its complaint, a
// timeout said as "unreachable".
TEST(FreeFormLines, HeadingsAndLongWholeNumbersAreNoTimesAndUnreachableIsNoReply) {
  EXPECT_TRUE(FreeFormLines("=== ICMP Pinger (4 Continentes x 4 Pings) ===\n"
                            "--- Statistics: 4 sent ---\n>>> Testing 4 hosts\n")
                  .empty());
  EXPECT_TRUE(FreeFormLines("expected id=34183, but got 53458\n").empty());
  std::vector<PrintedLine> lines =
      FreeFormLines("RTT: 0: Destination Network Unreachable\n- 21.3 ms\n>>> 12\n0.0213\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_TRUE(lines[0].timeout);
  EXPECT_DOUBLE_EQ(lines[1].value, 21.3) << "a single dash is no rule";
  EXPECT_DOUBLE_EQ(lines[2].value, 0.0213);
}

TEST(FreeFormLines, LinesWithoutANumberOrATimeoutAreNotAboutARequest) {
  EXPECT_TRUE(FreeFormLines("Pinging google.com (10.1.2.3) ...\n\ndone\n").empty());
  // Numbers that say they are no time (real programs' headers and extra lines).
  EXPECT_TRUE(FreeFormLines("Disparado 203.0.113.88 com 16 bytes de dados\nICMP Type: 0\n"
                            "TTL=63 seq=1 id=4242\n")
                  .empty());
  EXPECT_TRUE(FreeFormLines("2nd try\n").empty()) << "a number inside a word is no time";
}

}  // namespace
}  // namespace netgrade::icmp
