// A Gradescope autograder as Gradescope runs it, for the tests: the zip `netgrade
// gradescope-bundle` wrote, extracted into a fake /autograder (NETGRADE_AUTOGRADER_ROOT) with
// the modes its records give, and its run_autograder run as root against a submission.
#pragma once

#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "harness/base/file.h"

namespace netgrade::testing_cli {

// A shell command's exit status and stdout (the test's own paths only: no student's string).
inline std::pair<int, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return {-1, ""};
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

inline std::string Quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

class Autograder : public ::testing::Test {
 protected:
  std::filesystem::path scratch_ = std::filesystem::temp_directory_path() /
                                   ("netgrade-gradescope-test-" + std::to_string(::getpid()));
  std::filesystem::path zip_ = scratch_ / "autograder.zip";
  std::filesystem::path root_ = scratch_ / "autograder";  // stands for /autograder

  void SetUp() override { std::filesystem::create_directories(scratch_); }
  void TearDown() override { std::filesystem::remove_all(scratch_); }

  // The zip's members, "name 0o<mode>" each, in the zip's order; the zip checked whole.
  std::vector<std::string> Listing() {
    auto [status, out] = Shell(
        "python3 -c 'import sys, zipfile\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "assert z.testzip() is None\n"
        "for i in z.infolist(): print(i.filename, oct((i.external_attr >> 16) & 0o777))' " +
        Quote(zip_) + " 2>&1");
    EXPECT_EQ(status, 0) << out;
    std::vector<std::string> lines;
    for (size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
      lines.push_back(out.substr(start, end - start));
    return lines;
  }

  // Extracts the zip into root_/source as Gradescope does, modes from the zip's own records.
  void Extract() {
    auto [status, out] = Shell(
        "python3 -c 'import os, sys, zipfile\n"
        "z = zipfile.ZipFile(sys.argv[1])\n"
        "for i in z.infolist():\n"
        "    os.chmod(z.extract(i, sys.argv[2]), (i.external_attr >> 16) & 0o7777)' " +
        Quote(zip_) + " " + Quote(root_ / "source") + " 2>&1");
    ASSERT_EQ(status, 0) << out;
    std::filesystem::create_directories(root_ / "submission");
    std::filesystem::create_directories(root_ / "results");
  }

  // run_autograder from the extracted zip, as Gradescope runs it (under `wrapper` when given,
  // e.g. the docker-caps tool); results.json parsed. `netgrade` empty: the one setup.sh
  // builds, root_/source/netgrade/build/netgrade.
  nlohmann::json RunAutograder(const std::string& netgrade = NETGRADE_BINARY_DIR "/netgrade",
                               const std::string& wrapper = "") {
    std::string env = "NETGRADE_AUTOGRADER_ROOT=" + Quote(root_);
    if (!netgrade.empty()) env += " NETGRADE=" + Quote(netgrade);
    auto [status, out] = Shell("cd " + Quote(root_) + " && " + env + " " + wrapper + " " +
                               Quote(root_ / "source/run_autograder") + " 2>&1");
    EXPECT_EQ(status, 0) << out;
    std::string text = ReadFile(root_ / "results/results.json").value_or("");
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(doc.is_discarded()) << "results.json is not JSON:\n" << text << "\n" << out;
    return doc;
  }
};

}  // namespace netgrade::testing_cli
