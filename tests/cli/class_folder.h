// A class to grade with `netgrade batch`, built in a temporary folder of the test's own and
// removed afterwards: DIR (subs/) filled by copying bundled submissions, the outputs beside it,
// and a TMPDIR for netgrade so that even a run killed with SIGKILL leaves nothing in /tmp.
#pragma once

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/base/file.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade::testing_cli {

namespace fs = std::filesystem;

// Quick fixtures of tcp-capitalize (Python: nothing to build), each graded in about a second.
inline const char kSpec[] = "specs/tcp-capitalize.yaml";
inline const std::string kReference = NETGRADE_SOURCE_DIR "/reference/tcp-capitalize/python";
inline const std::string kOneRecv =
    NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/one-recv-per-connection";
inline const std::string kEcho =
    NETGRADE_SOURCE_DIR "/tests/submissions/tcp-capitalize/echo-server";

class ClassFolder {
 public:
  ClassFolder() {
    std::string tmpl = (fs::temp_directory_path() / "netgrade-class-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
    root_ = tmpl;
    fs::create_directory(subs());
    fs::create_directory(tmp());
  }
  ~ClassFolder() { fs::remove_all(root_); }
  ClassFolder(const ClassFolder&) = delete;
  ClassFolder& operator=(const ClassFolder&) = delete;

  fs::path subs() const { return root_ / "subs"; }
  fs::path tmp() const { return root_ / "tmp"; }
  fs::path out(const std::string& name) const { return root_ / name; }

  // A submission copied from a bundled one.
  void Add(const std::string& name, const std::string& from) {
    fs::copy(from, subs() / name, fs::copy_options::recursive);
  }
  // A file where a folder should be: the submission's layout error, graded at once.
  void AddFile(const std::string& name) { std::ofstream(subs() / name) << "not a folder\n"; }

  // The record a batch keeps of what it wrote (run/gradebook_vouch.h) in the class's folder
  // too: nothing is left on the machine.
  std::vector<std::string> Env() const {
    return {"TMPDIR=" + tmp().string(), "NETGRADE_STATE_DIR=" + (root_ / "state").string()};
  }

  // With `env`, netgrade's TMPDIR (and the rest) as given instead.
  Ran Batch(const std::string& out_name, const std::vector<std::string>& extra = {},
            const std::vector<std::string>& env = {}) const {
    std::vector<std::string> args = {"batch",         kSpec,   "--submissions",
                                     subs().string(), "--out", out(out_name).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    // One seed for every run of a test (a batch draws a new one when not given one), so that
    // runs compare byte for byte (BatchSeed's tests run netgrade without it).
    if (std::find(extra.begin(), extra.end(), "--seed") == extra.end()) {
      args.push_back("--seed");
      args.push_back("1");
    }
    return RunNetgrade(args, env.empty() ? Env() : env);
  }

  std::string Read(const std::string& out_name, const std::string& file) const {
    return ReadFile((out(out_name) / file).string(), 64 << 20).value_or("<missing>");
  }

 private:
  fs::path root_;
};

}  // namespace netgrade::testing_cli
