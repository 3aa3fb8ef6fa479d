// Datagrams the kernel dropped on the grader's own proxy make the case a grader problem,
// never the student's failure. Through the entry points the case runner calls, in its order:
// the case's plan from a bundled spec (plan::PlanCase), the proxy it asks for
// (proxy::CaseProxy), the snapshot the judge reads (observe::Snapshot with the proxy's UDP
// side) and the verdict (check::Judge). Only the overflow is the test's own: a burst sent
// while the event loop is not reading.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "harness/check/judge.h"
#include "harness/kinds/sockets/socket_checks.h"
#include "harness/observe/snapshot.h"
#include "harness/plan/case_plan.h"
#include "harness/proxy/case_proxy.h"
#include "harness/sandbox/process.h"
#include "harness/sandbox/spawn.h"
#include "harness/spec/load.h"

namespace netgrade::run {
namespace {

const auto kBound = std::chrono::seconds(10);  // bounds a failure only

// The pieces of one UDP client case with a fault plan, wired as the runner wires them: the
// proxy listens where the student is told to send and passes on to the peer (a sink here).
struct ProxiedUdpCase {
  ProxiedUdpCase() {
    spec::LoadResult loaded = spec::LoadSpecFile(NETGRADE_SOURCE_DIR "/specs/udp-capitalize.yaml");
    EXPECT_TRUE(loaded.ok());
    spec = *loaded.spec;
    for (const spec::Case& c : spec.cases)
      if (c.name == "client-first-datagram-dropped") test = &c;
    EXPECT_NE(test, nullptr);
    program.path = "/bin/true";
    program.display_name = "client";
    plan = plan::PlanCase(spec, *test, program, 1);
    EXPECT_TRUE(plan.proxy.has_value()) << "a case with faults goes through a proxy";
    EXPECT_TRUE(plan.udp);
    proxy = std::make_unique<proxy::CaseProxy>(
        loop, *plan.proxy, plan.udp, Address::Parse("127.0.0.1", 0), LocalAddress(sink.get()));
    // The student's program (here one that exits at once: the snapshot needs one).
    sandbox::SpawnOptions so;
    so.argv = {"/bin/true"};
    process = sandbox::Process::Start(so, loop);
    EXPECT_TRUE(loop.RunUntil([&] { return process->finished(); }, Clock::now() + kBound));
  }

  // What the judge reads, as the runner takes it (CaseRun::Snapshot).
  observe::Observation Snapshot() {
    observe::Observation so_far;
    so_far.spec = &spec;
    so_far.test = test;
    so_far.role = spec.FindRole(test->role);
    observe::SnapshotSources from;
    from.process = process.get();
    from.limits = &limits;
    from.udp_proxy = proxy->udp();
    from.student_listens = plan.student_listens;
    return observe::Snapshot(so_far, from);
  }

  // Sends `count` datagrams of `size` bytes from a student's socket to the proxy, without
  // letting the loop read (so a burst beyond the proxy's buffer is dropped by the kernel).
  void Send(int count, size_t size) {
    Address to = Address::Parse("127.0.0.1", proxy->port());
    std::string m(size, 'x');
    for (int i = 0; i < count; ++i)
      ::sendto(student.get(), m.data(), m.size(), MSG_DONTWAIT, to.sa(), to.length);
  }

  spec::Spec spec;
  const spec::Case* test = nullptr;
  plan::Program program;
  plan::CasePlan plan;
  sandbox::Limits limits;
  EventLoop loop;
  Fd sink = UdpBind(Address::Parse("127.0.0.1", 0));
  Fd student = UdpBind(Address::Parse("127.0.0.1", 0));
  std::unique_ptr<proxy::CaseProxy> proxy;
  std::unique_ptr<sandbox::Process> process;
};

TEST(GraderLoss, KernelDropsOnTheProxyAreAGraderProblem) {
  ProxiedUdpCase c;
  ASSERT_NE(c.proxy->udp(), nullptr);
  // The proxy asks for 16 MiB buffers: 64 MiB of datagrams overflow them.
  c.Send(1100, 60000);
  ASSERT_TRUE(
      c.loop.RunUntil([&] { return c.proxy->udp()->kernel_drops() > 0; }, Clock::now() + kBound))
      << "the burst never overflowed the proxy's buffer: the rest proves nothing";

  observe::Observation obs = c.Snapshot();
  EXPECT_TRUE(obs.grader_loss);
  check::Finding f = check::Judge(obs, sockets::UdpChecks());
  EXPECT_EQ(f.code, check::Code::kGraderProblem) << f.Text();
  EXPECT_EQ(check::VerdictOf(f.code), check::Verdict::kGraderError) << "not the program's fault";
}

// The contrast: the same wiring, a datagram the plan drops and one that passes, no overflow:
// no grader problem (the plan's own drop is never one).
TEST(GraderLoss, ThePlansOwnDropIsNoGraderProblem) {
  ProxiedUdpCase c;
  c.Send(2, 5);
  ASSERT_TRUE(c.loop.RunUntil([&] { return c.proxy->transcript().entries().size() == 2; },
                              Clock::now() + kBound));
  EXPECT_EQ(c.proxy->transcript().entries()[0].action, proxy::Action::kDropped)
      << c.proxy->transcript().entries()[0].words;
  EXPECT_EQ(c.proxy->udp()->kernel_drops(), 0u);

  observe::Observation obs = c.Snapshot();
  EXPECT_FALSE(obs.grader_loss);
  EXPECT_NE(check::Judge(obs, sockets::UdpChecks()).code, check::Code::kGraderProblem);
}

}  // namespace
}  // namespace netgrade::run
