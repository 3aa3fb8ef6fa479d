// `netgrade validate` loads every spec before it grades any, so one run lists the errors of
// every broken spec.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace {

// Runs the netgrade binary with `args`; returns its exit status and what it printed.
std::pair<int, std::string> Netgrade(const std::string& args) {
  std::string command = std::string(NETGRADE_BINARY_DIR) + "/netgrade " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(Validate, ReportsTheErrorsOfEveryBrokenSpecNotJustTheFirst) {
  std::string dir = std::string(NETGRADE_SOURCE_DIR) + "/tests/spec/broken/";
  auto [status, out] =
      Netgrade("validate " + dir + "bad-protocol.yaml " + dir + "unknown-role.yaml");
  EXPECT_EQ(status, 2) << out;
  EXPECT_NE(out.find("bad-protocol.yaml:3:11:"), std::string::npos) << out;
  EXPECT_NE(out.find("unknown-role.yaml:11:11:"), std::string::npos) << out;
  EXPECT_NE(out.find("2 of 2 specs have errors"), std::string::npos) << out;
}

// A spec kept beside its fixtures, with a build step: validate finds them in the spec's folder
// and the reference with a Makefile, builds each in the sandbox, and checks each verdict (the
// compile error's build_failed quoting gcc is only got by building).
TEST(Validate, ChecksTheFixturesBesideASpecAndRunsTheirBuildStep) {
  auto [status, out] = Netgrade("validate " + std::string(NETGRADE_SOURCE_DIR) +
                                "/tests/submissions/build/tcp-capitalize-build.yaml");
  EXPECT_EQ(status, 0) << out;
  // Twice with one seed unless --repeat says otherwise (specs/FORMAT.md, "validate").
  EXPECT_NE(out.find("3 programs, 2 runs each with seed 1"), std::string::npos) << out;
  EXPECT_NE(out.find("ok   reference/tcp-capitalize-build/cpp"), std::string::npos) << out;
  EXPECT_NE(out.find("ok   build/makefile-server"), std::string::npos) << out;
  EXPECT_NE(out.find("ok   build/compile-error"), std::string::npos) << out;
  EXPECT_NE(out.find("\nvalid\n"), std::string::npos) << out;
}

}  // namespace
