// A program a script stopped and started again, judged on observations built by hand: the
// words of EADDRINUSE in C, Python and Node are found, and each outcome gets its code.
#include "harness/check/restart_checks.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using observed_test::Judge;
using observed_test::TermsOf;
using namespace netgrade::observe;
using testing_support::ExpectWords;

TEST(AddressInUseLine, FindsTheWordsOfCPythonAndNode) {
  EXPECT_EQ(AddressInUseLine("bind: Address already in use\n"), "bind: Address already in use");
  EXPECT_EQ(AddressInUseLine("Traceback (most recent call last):\n  File \"server.py\", line 4\n"
                             "OSError: [Errno 98] Address already in use\n"),
            "OSError: [Errno 98] Address already in use");
  EXPECT_EQ(AddressInUseLine("Error: listen EADDRINUSE: address already in use :::5000"),
            "Error: listen EADDRINUSE: address already in use :::5000");
  EXPECT_EQ(AddressInUseLine("OSError: [Errno 98] Adresse bereits in Verwendung\n"),
            "OSError: [Errno 98] Adresse bereits in Verwendung");
}

TEST(AddressInUseLine, NoneInOtherErrors) {
  EXPECT_EQ(AddressInUseLine(""), std::nullopt);
  EXPECT_EQ(AddressInUseLine("bind: Permission denied\nOSError: [Errno 13] Permission denied\n"),
            std::nullopt);
}

spec::Spec Load() {
  spec::LoadResult r = spec::LoadSpecString(
      "exercise: restart-test\nprotocol: tcp\nroles:\n  server: {listens: true}\ncases:\n"
      "  - name: one\n    role: server\n    peer: {connections: [{send: [hi]}]}\n"
      "    expect: {replies: upper, exit: running}\n",
      "restart-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return std::move(*r.spec);
}

Observation Observe(const spec::Spec& s) {
  Observation o;
  o.spec = &s;
  o.test = &s.cases[0];
  o.role = s.FindRole("server");
  o.port = 40000;
  o.ready = true;
  o.timeout_ms = 5000;
  o.program.display_name = "server.py";
  o.restart.starts = 1;
  o.restart.within_ms = 1000;
  return o;
}

TEST(CheckRestart, ListeningAgainIsNoFinding) {
  spec::Spec s = Load();
  observe::Observation o = Observe(s);
  EXPECT_TRUE(CheckRestart(o, TermsOf(o)).ok());
}

TEST(CheckRestart, AddressInUseSaysSoReuseAddrAndQuotesTheError) {
  spec::Spec s = Load();
  Observation o = Observe(s);
  o.restart.not_listening = true;
  o.restart.exited = true;
  o.restart.address_in_use = "OSError: [Errno 98] Address already in use";
  o.program.exited = true;
  o.program.status = 1;
  o.program.stderr_text = "Traceback (most recent call last):\n" + o.restart.address_in_use + "\n";
  Finding f = CheckRestart(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kAddressInUse);
  // The block says why, as it is: the old connection is still closing (FIN_WAIT2 while its
  // client is connected, seen with ss; TIME_WAIT once the client has closed too).
  ExpectWords(f);
  // The judge says it before the crash it also is.
  EXPECT_EQ(Judge(o).code, Code::kAddressInUse);
}

TEST(CheckRestart, NotListeningWithinItsBoundSaysTheBound) {
  spec::Spec s = Load();
  Observation o = Observe(s);
  o.restart.not_listening = true;
  Finding f = CheckRestart(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNotListeningAgain);
  ExpectWords(f);
}

TEST(CheckRestart, AnExitForAnotherReasonIsToldWithItsStatus) {
  spec::Spec s = Load();
  Observation o = Observe(s);
  o.restart.not_listening = true;
  o.restart.exited = true;
  o.program.exited = true;
  o.program.status = 1;
  o.program.stderr_text = "NameError: name 'sock' is not defined\n";
  Finding f = CheckRestart(o, TermsOf(o));
  EXPECT_EQ(f.code, Code::kNotListeningAgain);
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::check
