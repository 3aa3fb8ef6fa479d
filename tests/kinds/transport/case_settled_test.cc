// When a transport case is settled (kinds/transport/case_settled.cc), end to end: as soon as
// its outcome cannot change, not at its timeout.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/kinds/transport/codes.h"
#include "harness/run/case_runner.h"
#include "tests/kinds/transport/case_spec.h"
#include "tests/kinds/transport/transport_lab.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {
namespace {

using testing_support::ProgramDir;
using testing_support::RunCaseOn;
using testing_transport_case::Spec;

// A goodput of half what the window allows is asked: a stop-and-wait sender (an eighth of it)
// cannot deliver in time, and the case ends once no FIN could be fast enough, not at its 20 s
// timeout.
TEST(TransportCase, ASenderTooSlowForTheGoodputAskedEndsTheCaseWhenNoFinCouldPass) {
  spec::Spec s = Spec();
  check::CaseResult r =
      RunCaseOn(s, 2, Sender("tests/submissions/reliable-transfer/sender-stop-and-wait/sender.py"));
  EXPECT_EQ(r.code, transport::Codes::kSlowTransfer) << r.message;
  EXPECT_NE(r.message.find("had delivered"), std::string::npos) << r.message;
  EXPECT_FALSE(r.timed_out);
  EXPECT_LT(r.wall_ms, 10000);
}

}  // namespace
}  // namespace netgrade::transport
