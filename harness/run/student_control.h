// The case runner's side of peers::CaseControl: what a case's script does to the student's
// program itself (stop it, start it again, see it listening again, feed its standard input
// line by line, see it at rest). Everything happens on the case's event loop: a step that
// takes time reports through its callback, always from the loop (never from inside the call),
// and nothing here sleeps.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/base/event_loop.h"
#include "harness/observe/observation.h"
#include "harness/peers/case_control.h"
#include "harness/run/program_start.h"
#include "harness/run/settle_rules.h"
#include "harness/sandbox/process.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

class StudentControl : public peers::CaseControl {
 public:
  struct Setup {
    EventLoop* loop = nullptr;
    // The case's program, owned by the runner: a start replaces it. Its stdout and stderr
    // carry on across starts (Process::ContinueOutputOf): the checks read what every run
    // printed, in order, as one program's output.
    std::unique_ptr<sandbox::Process>* process = nullptr;
    // Starts the program exactly as at the case's start (ProgramLaunch::Start, and whatever
    // the runner hooks on a new process). May throw: the grader's problem.
    std::function<std::unique_ptr<sandbox::Process>()> start;
    // The protocol it listens with (its lab kind's: check::SocketTerms::proto).
    observe::SocketProto listens_with = observe::SocketProto::kTcp;
    // Where it must listen again: where it listened at the case's start.
    std::function<uint16_t()> port;
    // SIGTERM, then SIGKILL after this (Thresholds::stop_grace, scaled).
    std::chrono::milliseconds stop_grace{500};
    // A program never blocked (it polls in a loop) has waited once it has used this much CPU
    // time with nothing to read (Thresholds::spin_cpu, scaled); 0: it waits until the deadline.
    std::chrono::milliseconds spin_cpu{0};
    // The case's deadline, which moves for the machine's load (AwaitWaiting ends there).
    std::function<TimePoint()> deadline;
    // Told, as a new run replaces the stopped one, how long the stopped run waited for a CPU
    // (the longest of its processes' schedstat run delays): the case's deadline carries it
    // over (CaseDeadline::CarryOver). May be empty.
    std::function<void(int64_t run_delay_ns)> carry_run_delay;
    // Where the outcome of a `listening` step is recorded for the judge (check/restart_checks).
    observe::Restart* record = nullptr;
  };

  explicit StudentControl(Setup setup);
  ~StudentControl() override;
  StudentControl(const StudentControl&) = delete;
  StudentControl& operator=(const StudentControl&) = delete;

  void StopStudent(std::function<void()> done) override;
  void StartStudent(std::function<void(bool started)> done) override;
  void AwaitListening(std::chrono::milliseconds within,
                      std::function<void(bool listening)> done) override;
  void FeedStdin(const std::string& line) override;
  void CloseStdin() override;
  void AwaitWaiting(std::function<void()> done) override;
  bool Hold() override;
  void Release() override;

  // The program's end says nothing about the case now: a stop is under way, the program is
  // stopped and not started again, or a `listening` step waits for it. The runner neither ends
  // the case for its exit then nor judges that exit (stopped_early).
  bool holds_case() const { return stopping_ || stopped_ || awaiting_listening_; }

 private:
  sandbox::Process& process() { return **setup_.process; }
  // Calls `cb` from the loop, at its next round.
  void Soon(std::function<void()> cb);
  void StopEnded();
  void ListeningDecided(bool listening, bool exited, bool from_watch);
  void LookForRest();
  std::vector<pid_t> held_;
  bool SpunIdle(const std::vector<pid_t>& pids);

  Setup setup_;
  bool stopping_ = false;
  bool stopped_ = false;
  bool awaiting_listening_ = false;
  std::function<void()> stop_done_;
  uint64_t grace_timer_ = 0;
  std::function<void(bool)> listening_done_;
  std::unique_ptr<ListeningWatch> watch_;
  uint64_t bound_timer_ = 0;
  // The longest wait for a CPU of the run being stopped, read before it is signalled (once
  // reaped, its schedstat is gone).
  int64_t stopped_run_delay_ns_ = 0;
  size_t stderr_from_ = 0;  // where this run's stderr begins in the program's stderr_text()
  std::function<void()> waiting_done_;
  uint64_t rest_timer_ = 0;
  CpuSpentSince spin_{setup_.spin_cpu};  // AwaitWaiting's, for a program that never blocks
  // Callbacks set with Soon() that come after this is gone do nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace netgrade::run
