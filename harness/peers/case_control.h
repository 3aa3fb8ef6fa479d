// What a case's script does to the case itself rather than to one of the peer's connections
// (spec::Step: stop student, start student, listening, stdin, close stdin): the script peer
// (peers/script_peer.h) asks, the case runner (run/case_runner.cc) does it. Every call that
// takes time reports through a callback on the case's event loop; none blocks it.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace netgrade::peers {

class CaseControl {
 public:
  virtual ~CaseControl() = default;
  // SIGTERM, then SIGKILL after the grace; `done` once every process of the program is gone.
  virtual void StopStudent(std::function<void()> done) = 0;
  // Starts the program again as at the case's start (same argv, port and environment; its
  // standard input a new pipe); `done(false)` when it could not be started (the grader's
  // problem, not the student's).
  virtual void StartStudent(std::function<void(bool started)> done) = 0;
  // `done(true)` as soon as the program is seen listening on its port, `done(false)` once it
  // has exited or `within` (already scaled) has passed without it.
  virtual void AwaitListening(std::chrono::milliseconds within,
                              std::function<void(bool listening)> done) = 0;
  // Writes `line` and '\n' to the program's standard input (kept open for the script).
  virtual void FeedStdin(const std::string& line) = 0;
  virtual void CloseStdin() = 0;
  // `done` as soon as the program is seen at rest (waiting with nothing pending), or at the
  // case's deadline.
  virtual void AwaitWaiting(std::function<void()> done) = 0;
  // A script's `at_once` sends: holds the program still (every process of it seen stopped)
  // so that everything the peer writes next is there at once when it runs again (Release):
  // the race is forced, not left to the scheduler. false when it could not be held (the
  // sends then go out back to back all the same).
  virtual bool Hold() { return false; }
  virtual void Release() {}
};

}  // namespace netgrade::peers
