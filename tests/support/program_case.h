// One case of a spec built in code, run with run::RunCase on a program the test writes into a
// folder of its own: the tests of a case's stages (run/case_run.h) use it.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/check/result.h"
#include "harness/plan/submission.h"
#include "harness/run/case_runner.h"
#include "harness/spec/spec.h"

namespace netgrade::testing_support {

// The folders ProgramDir made, removed when the test program ends: nothing is left behind.
struct ProgramDirs {
  std::vector<std::filesystem::path> dirs;
  ~ProgramDirs() {
    for (const auto& d : dirs) std::filesystem::remove_all(d);
  }
};
inline ProgramDirs g_program_dirs;

// A folder of its own under TMPDIR (netgrade-case-NAME-XXXXXX) holding `file` with `code`.
inline std::filesystem::path ProgramDir(const std::string& name, const std::string& file,
                                        const std::string& code) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / ("netgrade-case-" + name + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << tmpl;
  std::filesystem::path dir = tmpl;
  g_program_dirs.dirs.push_back(dir);
  // The program runs as a user of its own: it must be able to enter its folder.
  std::filesystem::permissions(
      dir, std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
               std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
               std::filesystem::perms::others_exec);
  std::ofstream(dir / file) << code;
  return dir;
}

// Runs case i of s on its role's program, found in dir as a submission's would be.
inline check::CaseResult RunCaseOn(const spec::Spec& s, size_t i, const std::filesystem::path& dir,
                                   const run::RunOptions& options = {}) {
  const spec::Role& role = *s.FindRole(s.cases[i].role);
  auto p = plan::FindProgram(dir, role, {});
  EXPECT_TRUE(p.has_value());
  return run::RunCase(s, s.cases[i], *p, dir.string(), options);
}

// tcp-capitalize, built in code: a server given its port (case 0, server-conversation: two
// lines, answered in capitals, and it keeps running) and a client given host and port (case
// 1, client-lines: two lines of input, sent and their answers printed, then it exits).
inline spec::Spec CapitalizeSpec() {
  spec::Spec s;
  s.file = "inline";
  s.exercise = "tcp-capitalize";
  s.roles = {{.name = "server",
              .names = {"server"},
              .listens = true,
              .argv = {"{port}"},
              .port_env = {},
              .mark = {}},
             {.name = "client",
              .names = {"client"},
              .listens = false,
              .argv = {"{host}", "{port}"},
              .port_env = {},
              .mark = {}}};
  spec::Case server;
  server.name = "server-conversation";
  server.role = "server";
  server.peer.connections = {{.send = {"hello world", "second line"},
                              .draws = {},
                              .mode = spec::SendMode::kConversation,
                              .mark = {}}};
  server.expect.replies = spec::Transform::kUpper;
  server.expect.exit = spec::ExitRule::kRunning;
  spec::Case client;
  client.name = "client-lines";
  client.role = "client";
  client.stdin_lines = {"one", "two"};
  client.peer.reply = "{upper}";
  client.expect.received_source = spec::ReceivedSource::kStdin;
  client.expect.stdout_source = spec::StdoutSource::kPeerReplies;
  client.expect.exit = spec::ExitRule::kRequired;
  s.cases = {server, client};
  return s;
}

// The textbook's capitalizing server in Python, on the port of its argument: `reply` is what
// it sends back for each line (line.upper(), line).
inline std::string PythonServer(const std::string& reply) {
  return "import socket, sys\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, "
         "socket.SO_REUSEADDR, 1)\n"
         "s.bind(('', int(sys.argv[1])))\ns.listen(5)\nwhile True:\n"
         "    c, _ = s.accept()\n    for line in c.makefile('rb'):\n        c.sendall(" +
         reply + ")\n    c.close()\n";
}

}  // namespace netgrade::testing_support
