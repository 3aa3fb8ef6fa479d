// Wrong content explained by the datagrams a case's network lost, on observations built by
// hand.
#include "harness/kinds/sockets/lost_datagrams.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/check/observed_case.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::sockets {
namespace {
using namespace netgrade::check;
using namespace netgrade::observe;
using namespace netgrade::check::observed_test;
using testing_support::ExpectWords;

const Finding kMissing{.code = Code::kMissingMessage,
                       .cause = "missing",
                       .difference = Difference{"two", "two", std::nullopt}};

// A UDP sender of two input lines against a reference receiver; `peer` and `faults` are its
// case's.
spec::Spec Sender(const std::string& peer, const std::string& faults) {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: lost-test\nprotocol: udp\nroles:\n  sender: {listens: false}\ncases:\n"
      "  - name: send\n    role: sender\n    stdin: [one, two]\n    peer: " +
          peer + "\n    faults: " + faults + "\n    expect: {received: stdin, exit: required}\n",
      "lost-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return r.spec.value_or(spec::Spec{});
}

TEST(LostDatagrams, RightContentOrNoLossExplainsNothing) {
  spec::Spec s = Sender("{reply: '{upper}'}", "{from_student: {drop: [2]}}");
  Observation o = Observe(s, "send", 40000);
  EXPECT_TRUE(ExplainByLostDatagrams(o, Finding::Ok(), false, TermsOf(o)).ok());
  EXPECT_TRUE(ExplainByLostDatagrams(o, kMissing, false, TermsOf(o)).ok())
      << "every lost line sent again";
}

TEST(LostDatagrams, ALostLineNeverSentAgainIsToldToBeSentAgain) {
  spec::Spec s = Sender("{reply: '{upper}'}", "{from_student: {drop: [2]}}");
  Observation o = Observe(s, "send", 40000);
  o.program.display_name = "sender.py";
  o.dropped_not_resent = {"two"};
  Finding f = ExplainByLostDatagrams(o, kMissing, false, TermsOf(o));
  EXPECT_EQ(f.code, Code::kMissingMessage);
  ExpectWords(f);  // the fix names the case's resend timeout, 1 s
  ASSERT_TRUE(f.difference);
  EXPECT_EQ(f.difference->expected, "two");
  // The spec's own check says what it expected: the resend advice does not fit it.
  EXPECT_TRUE(ExplainByLostDatagrams(o, kMissing, true, TermsOf(o)).ok());
}

// Acks computed from what was sent, one duplicated: the extra ack was taken for the next one.
TEST(LostDatagrams, AnExtraAckTakenForTheNextIsToldToCheckTheSeq) {
  spec::Spec s = Sender("{matches: '^(?P<seq>[01]):', reply: 'ACK:{seq}', frame: '{bit}:{line}'}",
                        "{to_student: {duplicate: [1]}, from_student: {drop: [2]}}");
  Observation o = Observe(s, "send", 40000);
  o.program.display_name = "sender.py";
  o.dropped_not_resent = {"1:two"};
  Finding f = ExplainByLostDatagrams(o, kMissing, false, TermsOf(o));
  EXPECT_EQ(f.code, Code::kMissingMessage);
  // A duplicated ack taken for the next: the advice is the SEQ, not a resend's timeout.
  ExpectWords(f);
}

// A reference sender whose acks never came back, from a receiver that printed what came.
TEST(LostDatagrams, AcksThatNeverReachedTheSenderWentToAFixedAddress) {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: lost-test\nprotocol: udp\nroles:\n  receiver: {listens: true}\ncases:\n"
      "  - name: receive\n    role: receiver\n"
      "    peer: {frame: '{bit}:{line}', await: 'ACK:{bit}', connections: [{send: [one, two]}]}\n"
      "    expect: {stdout: peer-sent, exit: running}\n",
      "lost-test.yaml");
  ASSERT_TRUE(r.ok()) << r.errors.front().ToString();
  Observation o = Observe(*r.spec, "receive", 40000);
  o.program.display_name = "receiver.py";
  o.connections = {Answered({"0:one"}, "")};
  o.stdout_text = "one\n";
  Finding f = ExplainByLostDatagrams(o, kMissing, true, TermsOf(o));
  EXPECT_EQ(f.code, Code::kReplyToFixedAddress);
  EXPECT_EQ(f.Text().rfind("receiver.py printed what came, but no ack ever reached the sender", 0),
            0u)
      << f.Text();
  o.connections[0].datagrams = {"ACK:0"};
  EXPECT_TRUE(ExplainByLostDatagrams(o, kMissing, true, TermsOf(o)).ok()) << "an ack came back";
}

}  // namespace
}  // namespace netgrade::sockets
