// A case whose script failed, built by hand for the script check tests: the spec, role, case
// and observation of a server or a client, and a failure of a given kind. No process, no socket.
#pragma once

#include <string>

#include "harness/check/finding.h"
#include "harness/observe/observation.h"
#include "harness/peers/script_failure.h"
#include "harness/spec/spec.h"
#include "tests/check/socket_judge.h"

namespace netgrade::check::script_test {
using observed_test::TermsOf;

using Kind = peers::ScriptFailure::Kind;
using End = peers::ScriptFailure::End;

struct Case {
  spec::Spec spec;
  spec::Role role;
  spec::Case test;
  observe::Observation obs;
  explicit Case(bool listens) {
    role.name = listens ? "server" : "client";
    role.listens = listens;
    test.role = role.name;
    obs.spec = &spec;
    obs.test = &test;
    obs.role = &role;
    obs.port = 40000;
    obs.ready = listens;  // a server seen listening: the script ran
    obs.program.display_name = listens ? "server.py" : "client.py";
  }
};

inline peers::ScriptFailure Failure(Kind kind, End end = End::kAtRest) {
  peers::ScriptFailure f;
  f.kind = kind;
  f.end = end;
  f.step = 4;
  f.line = 42;
  f.step_name = "expect";
  f.on = "b";
  f.sent = "second speaks first";
  f.expected = "'SECOND SPEAKS FIRST'";
  f.expected_text = "SECOND SPEAKS FIRST";
  return f;
}

inline bool Says(const Finding& f, const std::string& text) {
  return f.Text().find(text) != std::string::npos;
}

// A server that should have kept running, whose script failed with `f` and which has exited
// with status 0.
inline void ExitedServer(Case& server, const peers::ScriptFailure& f) {
  server.test.expect.exit = spec::ExitRule::kRunning;
  server.obs.script_failure = f;
  server.obs.program.exited = true;
  server.obs.program.status = 0;
}

// What such a server is told: its exit.
inline const char* const kServersExit =
    "server.py exited with status 0 while it should have kept running to serve the next "
    "connection";

}  // namespace netgrade::check::script_test
