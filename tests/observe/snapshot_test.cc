#include "harness/observe/snapshot.h"

#include <gtest/gtest.h>

#include "harness/sandbox/spawn.h"

namespace netgrade::observe {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

std::unique_ptr<sandbox::Process> StartPython(EventLoop& loop, const std::string& code) {
  sandbox::SpawnOptions o;
  o.argv = {"/usr/bin/python3", "-c", code};
  o.env = sandbox::StudentEnvironment("/tmp");
  return sandbox::Process::Start(o, loop);
}

TEST(Snapshot, ReadsHowTheProgramEndedAndTheLimitsItRanUnder) {
  EventLoop loop;
  auto p = StartPython(loop, "import sys\nprint('out')\nsys.stderr.write('boom')\nsys.exit(3)");
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  sandbox::Limits limits;
  limits.processes = 7;
  limits.output_bytes = 1234;
  ProgramRun before;
  before.display_name = "client.py";
  before.stdin_consumed = true;
  ProgramRun now = ProgramSnapshot(before, *p, limits, nullptr);
  EXPECT_TRUE(now.exited);
  EXPECT_EQ(now.status, 3);
  EXPECT_EQ(now.signal, 0);
  EXPECT_EQ(now.stderr_text, "boom");
  EXPECT_EQ(now.process_limit, 7);
  EXPECT_EQ(now.output_cap, 1234);
  EXPECT_FALSE(now.output_cut);
  EXPECT_EQ(now.display_name, "client.py") << "kept from what the runner knew";
  EXPECT_TRUE(now.stdin_consumed) << "kept from what the runner knew";
}

TEST(Snapshot, AProgramTheGraderKilledDidNotExitByItself) {
  EventLoop loop;
  auto p = StartPython(loop, "import signal\nprint('up', flush=True)\nsignal.pause()");
  ASSERT_TRUE(loop.RunUntil([&] { return !p->stdout_text().empty(); }, Clock::now() + kBound));
  p->Kill();
  ASSERT_TRUE(p->exit_info().exited);
  EXPECT_FALSE(ProgramSnapshot({}, *p, {}, nullptr).exited);
}

TEST(Snapshot, KeepsTheRunnersFindingsAndAddsTheOutput) {
  EventLoop loop;
  auto p = StartPython(loop, "print('HELLO')");
  ASSERT_TRUE(loop.RunUntil([&] { return p->finished(); }, Clock::now() + kBound));
  Observation so_far;
  so_far.port = 4242;
  so_far.ready = true;
  so_far.timed_out = true;
  sandbox::Limits limits;
  SnapshotSources from;
  from.process = p.get();
  from.limits = &limits;
  Observation o = Snapshot(so_far, from);
  EXPECT_EQ(o.port, 4242);
  EXPECT_TRUE(o.ready);
  EXPECT_TRUE(o.timed_out);
  EXPECT_EQ(o.stdout_text, "HELLO\n");
  EXPECT_TRUE(o.connections.empty()) << "no peer, no connections";
  EXPECT_FALSE(o.other_protocol_seen);
  EXPECT_FALSE(o.grader_loss);
  EXPECT_TRUE(o.program.exited);
}

}  // namespace
}  // namespace netgrade::observe
