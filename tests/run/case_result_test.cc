// A case's result from its finding and observation: the verdict, the score, and the fault
// plan in words.
#include "harness/run/case_result.h"

#include <gtest/gtest.h>

namespace netgrade::run {
namespace {

struct Parts {
  spec::Case test;
  observe::Observation seen;
  CaseOutcome outcome;
  Parts() {
    test.name = "one";
    test.role = "server";
    test.points = 3;
    test.visibility = spec::Visibility::kHidden;
    outcome.test = &test;
    outcome.seen = &seen;
    outcome.program = "server.py";
    outcome.seed = 7;
    outcome.wall_ms = 12;
  }
};

TEST(MakeCaseResult, APassScoresItsPoints) {
  Parts p;
  check::CaseResult r = MakeCaseResult(p.outcome);
  EXPECT_TRUE(r.passed());
  EXPECT_EQ(r.score, 3);
  EXPECT_EQ(r.max_score, 3);
  EXPECT_EQ(r.name, "one");
  EXPECT_EQ(r.program, "server.py");
  EXPECT_EQ(r.visibility, spec::Visibility::kHidden);
  EXPECT_EQ(r.seed, 7u);
  EXPECT_EQ(r.wall_ms, 12);
  EXPECT_TRUE(r.transcript.empty()) << "no faults, no proxy";
}

TEST(MakeCaseResult, AFindingFailsAndTheGradersOwnIsAGraderError) {
  Parts p;
  p.seen.timed_out = true;
  p.outcome.finding = {check::Code::kAddressInUse, "could not listen again"};
  check::CaseResult r = MakeCaseResult(p.outcome);
  EXPECT_EQ(r.verdict, check::Verdict::kFail);
  EXPECT_EQ(r.code, check::Code::kAddressInUse);
  EXPECT_EQ(r.message, "could not listen again");
  EXPECT_EQ(r.score, 0);
  EXPECT_TRUE(r.timed_out);
  p.outcome.finding = {check::Code::kGraderProblem, "the grader failed"};
  EXPECT_EQ(MakeCaseResult(p.outcome).verdict, check::Verdict::kGraderError);
}

// The cause's shape and the words without the case's port, as the finding's maker said them.
TEST(MakeCaseResult, CarriesTheCausesShapeAndTheWordsWithoutTheCasesPort) {
  Parts p;
  p.outcome.finding = {.code = check::Code::kWrongPort,
                       .cause = check::Say("{} listens on port {}, not {}.",
                                           std::string("server.py"), 12000, check::CasePort{40001}),
                       .fix = "Is the port written in the program?"};
  check::CaseResult r = MakeCaseResult(p.outcome);
  EXPECT_EQ(r.cause, "server.py listens on port 12000, not 40001.");
  EXPECT_EQ(r.shape, "{} listens on port {}, not {}.");
  EXPECT_EQ(r.without_case_port,
            "server.py listens on port 12000, not {port}. Is the port written in the program?");
  p.outcome.finding = {check::Code::kCrashed, std::string("server.py exited with status 1")};
  EXPECT_EQ(MakeCaseResult(p.outcome).shape, "") << "a cause made another way";
  EXPECT_EQ(MakeCaseResult(p.outcome).without_case_port, "");
}

// What the program itself said, not the diagnosis's words (run/fixed_ports.h reads it).
TEST(MakeCaseResult, AFailingProgramThatSaidItsPortWasInUseIsMarked) {
  Parts p;
  p.outcome.finding = {check::Code::kCrashed, "server.py exited with status 1"};
  EXPECT_FALSE(MakeCaseResult(p.outcome).said_address_in_use);
  p.seen.program.stderr_text = "Traceback ...\nOSError: [Errno 98] Address already in use\n";
  EXPECT_TRUE(MakeCaseResult(p.outcome).said_address_in_use);
  p.seen.program.stderr_text.clear();
  p.seen.stdout_text = "bind: Address already in use\n";
  EXPECT_TRUE(MakeCaseResult(p.outcome).said_address_in_use) << "a C program's perror on stdout";
  p.outcome.finding = check::Finding::Ok();
  EXPECT_FALSE(MakeCaseResult(p.outcome).said_address_in_use) << "a passing case is no retry";
}

// What the lab calls netgrade's side: each name once, whatever the labels that share it.
TEST(PeerNames, EachNameOnceInTheLabelsOrder) {
  EXPECT_EQ(PeerNames({{"a", "browser"}, {"b", "browser"}, {"o", "origin"}, {"o2", "origin"}}),
            "browser and origin");
  EXPECT_EQ(PeerNames({{"a", "first client"}, {"b", "second client"}, {"c", "third client"}}),
            "first client, second client and third client");
  EXPECT_EQ(PeerNames({}), "");
}

TEST(DescribeFaults, SaysEachDirectionWithTheSeed) {
  spec::Case c;
  c.faults.to_student.drop = {2};
  EXPECT_EQ(DescribeFaults(c, 7).rfind("fault plan (seed 7): to the student: ", 0), 0u)
      << DescribeFaults(c, 7);
  EXPECT_EQ(DescribeFaults(c, 7).find("from the student"), std::string::npos);
  c.faults.from_student.drop = {1};
  EXPECT_NE(DescribeFaults(c, 7).find("; from the student: "), std::string::npos)
      << DescribeFaults(c, 7);
}

// What a clock gives is masked; what a program draws of its own (an id) stays.
TEST(SentKey, TheClocksFiguresAreMaskedAnIdIsNot) {
  EXPECT_EQ(MaskClockFigures("Ping 1 Thu Nov 26 06:41:49 2026"), "Ping 1 Thu Nov 26 # 2026");
  EXPECT_EQ(MaskClockFigures("Ping 3 1764139309.5213"), "Ping 3 #");
  EXPECT_EQ(MaskClockFigures("t=1764139309521 rtt 0.25"), "t=# rtt #");
  EXPECT_EQ(MaskClockFigures("4242 www.example.com"), "4242 www.example.com");
  EXPECT_EQ(MaskClockFigures("[127.0.0.1:40760] hi from b"), "[@] hi from b");
}

// Per connection, the first complete lines (TCP) or datagrams (UDP), each cut short.
TEST(SentKey, TakesTheFirstCompleteMessagesOfEachConnection) {
  peers::ConnectionLog tcp;
  tcp.received = "17 a\n18 b\n19 c\n20 d\n21 half";
  peers::ConnectionLog udp;
  udp.datagrams = {"5 x", std::string(500, 'y')};
  peers::ConnectionLog cut;
  cut.received = "no newline yet";
  std::vector<std::vector<std::string>> key = SentKey({tcp, udp, cut});
  ASSERT_EQ(key.size(), 3u);
  EXPECT_EQ(key[0], (std::vector<std::string>{"17 a", "18 b", "19 c"}));
  ASSERT_EQ(key[1].size(), 2u);
  EXPECT_EQ(key[1][1].size(), kKeyBytes);
  EXPECT_TRUE(key[2].empty()) << "a line the case's end cut is not compared";
}

}  // namespace
}  // namespace netgrade::run
