// Reads a capture file back with Wireshark's own reader, tshark (Debian's `tshark`, which
// ci/install-deps.sh --all installs): what a student opening the file would see. A missing
// tshark fails the test that needs it, never skips it.
#pragma once

#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace netgrade::testing_support {

inline std::string Quoted(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `tshark -r FILE ARGS...` (or another of Wireshark's tools, `program`): its stdout, one
// string (its stderr goes to the test's); fails the test when the tool is missing or exits with an
// error.
inline std::string Wireshark(const std::string& program, const std::string& file,
                             const std::vector<std::string>& args) {
  if (std::system(("command -v " + program + " >/dev/null").c_str()) != 0) {
    ADD_FAILURE() << program << " is not installed (ci/install-deps.sh --all installs it)";
    return "";
  }
  std::string command = program + (program == "tshark" ? " -r " : " ") + Quoted(file);
  for (const std::string& a : args) command += " " + Quoted(a);
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen " << command;
    return "";
  }
  std::string out;
  char buf[4096];
  for (size_t n; (n = ::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  int status = ::pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command << ":\n" << out;
  return out;
}

inline std::string Tshark(const std::string& file, const std::vector<std::string>& args) {
  return Wireshark("tshark", file, args);
}

}  // namespace netgrade::testing_support
