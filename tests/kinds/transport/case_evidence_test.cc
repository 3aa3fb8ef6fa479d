// A transport case's evidence and the link's figures (kinds/transport/case_evidence.cc), end
// to end.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/run/case_runner.h"
#include "tests/kinds/transport/case_spec.h"
#include "tests/kinds/transport/transport_lab.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {
namespace {

using testing_support::ProgramDir;
using testing_support::RunCaseOn;
using testing_transport_case::Spec;

TEST(TransportCase, TheReferenceReceiverWritesTheFileAndAcksEveryPacket) {
  spec::Spec s = Spec();
  std::filesystem::path dir =
      ProgramDir("receiver", "receiver.py", Read("reference/reliable-transfer/python/receiver.py"));
  // It writes out.bin in its folder, as whatever user the sandbox runs it as.
  std::filesystem::permissions(dir, std::filesystem::perms::all);
  check::CaseResult r = RunCaseOn(s, 4, dir);
  EXPECT_TRUE(r.passed()) << r.message;
  // It sends ACKs alone: no "link delivered 0 Mbit/s" figure is made of them.
  for (const check::Figure& f : r.figures) EXPECT_NE(f.name, "link delivered");
}

}  // namespace
}  // namespace netgrade::transport
