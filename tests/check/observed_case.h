// Observations built by hand for the check tests: a spec with a server and a client case,
// loaded from a string, and what the grader saw of one of its cases. No process, no socket.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/observe/observation.h"
#include "harness/spec/load.h"

namespace netgrade::check::observed_test {

// PROTOCOL, ARGV and PORT are filled in by LoadSpec.
inline constexpr const char* kCasesSpec = R"(exercise: judge-test
title: judge test
protocol: PROTOCOL
roles:
  server:
    listens: true
    argv: ARGV
    PORT
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: server-lines
    role: server
    peer:
      connections:
        - send: ["first line", "second line"]
          mode: conversation
        - send: ["second client"]
    expect:
      replies: upper
      exit: running
  - name: client-line
    role: client
    stdin: ["hello world"]
    peer:
      reply: "{upper}"
    expect:
      received: stdin
      stdout: peer-replies
)";

// The spec above in `protocol`, with the server's `argv` and its port keys (`port`).
inline std::optional<spec::Spec> LoadSpec(const std::string& protocol, const std::string& argv,
                                          const std::string& port) {
  std::string yaml = kCasesSpec;
  for (auto [key, value] :
       {std::pair<std::string, std::string>{"PROTOCOL", protocol}, {"ARGV", argv}, {"PORT", port}})
    yaml.replace(yaml.find(key), key.size(), value);
  spec::LoadResult r = spec::LoadSpecString(yaml, "judge-test.yaml");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : "spec does not load");
  return std::move(r.spec);
}

// The case `case_name` of `s`, its program told `port`, nothing seen yet.
inline observe::Observation Observe(const spec::Spec& s, const std::string& case_name,
                                    uint16_t port) {
  observe::Observation o;
  o.spec = &s;
  for (const spec::Case& c : s.cases)
    if (c.name == case_name) o.test = &c;
  o.role = s.FindRole(o.test->role);
  o.port = port;
  o.program.display_name = "server.py";
  return o;
}

// The server case, its program told `told` and seen listening (TCP) on `used`.
inline observe::Observation ListeningOn(const spec::Spec& s, uint16_t told, uint16_t used) {
  observe::Observation o = Observe(s, "server-lines", told);
  observe::SocketInfo info;
  info.proto = observe::SocketProto::kTcp;
  info.state = 0x0A;
  info.local_address = "0.0.0.0";
  info.local_port = used;
  o.sockets.push_back(info);
  return o;
}

// The client case, its program client.py told `port`, nothing seen yet.
inline observe::Observation Client(const spec::Spec& s, uint16_t port = 40000) {
  observe::Observation o = Observe(s, "client-line", port);
  o.program.display_name = "client.py";
  return o;
}

// A connection to the reference server on which `received` came from the program (as
// datagrams, when `datagrams` are given), not cut at the peer's cap.
// The client case's program, ended by `signal`.
inline observe::Observation CrashedClient(const spec::Spec& s, int signal) {
  observe::Observation o = Observe(s, "client-line", 40000);
  o.program.display_name = "client";
  o.program.exited = true;
  o.program.signal = signal;
  return o;
}

inline peers::ConnectionLog Received(std::string received,
                                     std::vector<std::string> datagrams = {}) {
  peers::ConnectionLog log;
  log.connected = true;
  log.received = std::move(received);
  log.datagrams = std::move(datagrams);
  return log;
}

// A connection of the reference client that sent `sent` and received `received`, to its end.
inline peers::ConnectionLog Answered(std::vector<std::string> sent, std::string received) {
  peers::ConnectionLog log;
  log.connected = true;
  log.sent = std::move(sent);
  log.received = std::move(received);
  log.complete = true;
  return log;
}

}  // namespace netgrade::check::observed_test
