// The words of a diagnosis a unit test makes, pinned in a golden file (issue 48: a diagnosis is
// data; tests assert codes and fields, the wording is pinned by golden files, so that
// rewording a message changes one golden file, not fifty tests).
//
//   EXPECT_EQ(f.code, transport::Codes::kTcpShare) << f.Text();
//   ExpectWords(f);
//
// compares the parts of the finding a student reads (its code's name, cause, evidence, fix and
// notes, each on its labelled lines) with the current test's block in one golden file per test
// source: tests/<folder>/golden/<the test file's stem>.txt, blocks in the order of the tests'
// names:
//   === <Suite>.<Test>                (or <Suite>.<Test> / <label>: a test's second finding)
//   code: tcp_share
//   cause: ...
//   evidence:
//       <each line, indented>
//   fix: ...
//   note: ...
// NETGRADE_UPDATE_GOLDEN=1 rewrites the test's blocks (the others kept); without it a block
// that differs, or is missing, fails with the lines that differ and the command that rewrites
// it. StaleWordsBlocks finds blocks whose test no longer exists.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <source_location>
#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/check/finding.h"
#include "harness/check/result.h"
#include "tests/cli/golden_file.h"

namespace netgrade::testing_support {

namespace words_golden {

namespace fs = std::filesystem;

// A test's name as ctest and --gtest_filter know it: Suite.Test (Prefix/Suite.Test/0).
inline std::string FullName(const ::testing::TestInfo& test) {
  return std::string(test.test_suite_name()) + "." + test.name();
}

// A source file as the compiler named it (absolute, or relative to the build folder where
// ccache's CCACHE_BASEDIR made it so), relative to the source tree: tests/kinds/x_test.cc.
inline fs::path SourceOf(const char* file) {
  fs::path p(file);
  if (p.is_relative()) p = fs::path(NETGRADE_BINARY_DIR) / p;
  return p.lexically_normal().lexically_relative(fs::path(NETGRADE_SOURCE_DIR).lexically_normal());
}

// tests/<folder>/x_test.cc's words: tests/<folder>/golden/x_test.txt (relative to the source).
inline fs::path GoldenOf(const fs::path& source) {
  return source.parent_path() / "golden" / (source.stem().string() + ".txt");
}

// The blocks of a file: each test's (and label's) lines, by its name.
using Blocks = std::map<std::string, std::string>;

inline Blocks Parse(const std::string& text) {
  Blocks out;
  std::string name;
  bool in_block = false;
  for (const std::string& line : golden_file::Lines(text)) {
    if (line.rfind("=== ", 0) == 0) {
      name = line.substr(4);
      out[name];
      in_block = true;
    } else if (in_block) {
      out[name] += line + "\n";
    }
  }
  // A block's parts never end with an empty line: those are the file's, between blocks.
  for (auto& [key, block] : out)
    while (block.size() >= 2 && block.compare(block.size() - 2, 2, "\n\n") == 0) block.pop_back();
  return out;
}

// The program running, as a command from the source tree (build/tests/kinds_tests).
inline std::string Program() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "build/tests/<stage>_tests";
  fs::path rel = exe.lexically_relative(NETGRADE_SOURCE_DIR);
  return !rel.empty() && *rel.begin() != ".." ? rel.string() : exe.string();
}

inline std::string Header(const fs::path& source) {
  return "# The words of the diagnoses " + source.string() +
         " pins, a block per test (tests/support/words_golden.h).\n"
         "# A test's block is rewritten by NETGRADE_UPDATE_GOLDEN=1 " +
         Program() + " --gtest_filter='<Suite>.<Test>' (then review its diff)\n";
}

inline std::string Write(const fs::path& source, const Blocks& blocks) {
  std::string out = Header(source);
  for (const auto& [name, block] : blocks) out += "\n=== " + name + "\n" + block;
  return out;
}

inline std::string Words(check::Code code, const std::string& cause, const std::string& evidence,
                         const std::string& fix, const std::vector<std::string>& notes) {
  std::string out = "code: " + std::string(check::CodeName(code)) + "\n";
  out += golden_file::Part("cause", cause) + golden_file::Part("evidence", evidence) +
         golden_file::Part("fix", fix);
  for (const std::string& note : notes) out += golden_file::Part("note", note);
  return out;
}

inline std::string Words(const check::Finding& f) {
  return Words(f.code, f.cause, f.evidence, f.fix, f.notes);
}
inline std::string Words(const check::CaseResult& c) {
  return Words(c.code, c.cause, c.evidence, c.fix, c.finding_notes);
}

// The file rewritten under a lock (ctest runs each test of a program in a process of its own,
// several at once), then put in place whole, so that no reader sees half of it.
template <typename Edit>
void Rewrite(const fs::path& source, Edit edit) {
  golden_file::RewriteLocked(fs::path(NETGRADE_SOURCE_DIR) / GoldenOf(source), "words-golden.lock",
                             [&](const std::string& text) {
                               Blocks blocks = Parse(text);
                               edit(blocks);
                               return Write(source, blocks);
                             });
}

// The blocks each test of this process wrote or compared: a second finding of one test needs a
// label of its own, and a test's first block written removes the test's old ones.
inline std::map<std::string, std::set<std::string>>& Seen() {
  static std::map<std::string, std::set<std::string>> seen;
  return seen;
}

inline void Expect(const std::string& words, const std::string& label,
                   const std::source_location& at) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  if (test == nullptr) {
    ADD_FAILURE_AT(at.file_name(), at.line()) << "ExpectWords outside a test";
    return;
  }
  const std::string name = FullName(*test);
  const std::string key = label.empty() ? name : name + " / " + label;
  const fs::path source = SourceOf(test->file());
  const fs::path golden = GoldenOf(source);
  const bool first = Seen()[name].empty();
  if (!Seen()[name].insert(key).second) {
    ADD_FAILURE_AT(at.file_name(), at.line())
        << key << " pins its words twice: give each finding a label, ExpectWords(f, \"...\")";
    return;
  }
  const std::string command = "NETGRADE_UPDATE_GOLDEN=1 " + Program() + " --gtest_filter='" + name +
                              "' (then review: git diff " + golden.string() + ")";
  if (golden_file::Updating()) {
    Rewrite(source, [&](Blocks& blocks) {
      if (first)
        for (auto it = blocks.begin(); it != blocks.end();)
          it = it->first == name || it->first.rfind(name + " / ", 0) == 0 ? blocks.erase(it)
                                                                          : std::next(it);
      blocks[key] = words;
    });
    return;
  }
  Blocks blocks = Parse(golden_file::Read(fs::path(NETGRADE_SOURCE_DIR) / golden));
  auto held = blocks.find(key);
  if (held == blocks.end()) {
    ADD_FAILURE_AT(at.file_name(), at.line())
        << golden.string() << " has no block '=== " << key << "'. Its words now:\n"
        << words << "If they are meant, this writes them: " << command;
    return;
  }
  if (held->second != words)
    ADD_FAILURE_AT(at.file_name(), at.line())
        << "the words of " << key << " differ from " << golden.string()
        << " ('-' the golden file's, '+' now's):\n"
        << golden_file::UnifiedExcerpt(held->second, words)
        << "If the new words are meant, this rewrites the block: " << command;
}

// The blocks of the golden files in `folder` (tests/<folder>/golden/*.txt, relative to the
// source tree) that no test of this program has: a test renamed or removed, or a golden file
// whose test file is gone. Each is a sentence saying which and what to do.
inline std::vector<std::string> StaleBlocks(const fs::path& folder) {
  std::map<fs::path, std::set<std::string>> tests;  // each test file's golden: its tests
  const ::testing::UnitTest& unit = *::testing::UnitTest::GetInstance();
  for (int i = 0; i < unit.total_test_suite_count(); ++i) {
    const ::testing::TestSuite& suite = *unit.GetTestSuite(i);
    for (int j = 0; j < suite.total_test_count(); ++j) {
      const ::testing::TestInfo& test = *suite.GetTestInfo(j);
      tests[GoldenOf(SourceOf(test.file()))].insert(FullName(test));
    }
  }
  std::vector<std::string> out;
  const fs::path dir = fs::path(NETGRADE_SOURCE_DIR) / folder / "golden";
  if (!fs::is_directory(dir)) return out;
  std::set<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.insert(entry.path());
  for (const fs::path& file : files) {
    const fs::path golden = folder / "golden" / file.filename();
    if (file.extension() != ".txt") {
      out.push_back(golden.string() + ": not a golden file of words (*.txt)");
      continue;
    }
    auto own = tests.find(golden);
    for (const auto& [key, block] : Parse(golden_file::Read(file))) {
      const std::string name = key.substr(0, key.find(" / "));
      if (own == tests.end() || !own->second.count(name))
        out.push_back(golden.string() + ": block '=== " + key + "': no test " + name + " in " +
                      (folder / (file.stem().string() + ".cc")).string() +
                      " (delete the block, or rename it as the test is now)");
    }
  }
  return out;
}

}  // namespace words_golden

// The parts of `f` a student reads, as the current test's block of its golden file holds them.
// `label` names a finding beside the test's first (a test that pins two).
inline void ExpectWords(const check::Finding& f, const std::string& label = "",
                        const std::source_location at = std::source_location::current()) {
  words_golden::Expect(words_golden::Words(f), label, at);
}

// The same of a case's result (a case run end to end).
inline void ExpectWords(const check::CaseResult& c, const std::string& label = "",
                        const std::source_location at = std::source_location::current()) {
  words_golden::Expect(words_golden::Words(c), label, at);
}

// Words that are not a finding's (a figure's, a partial credit's), under `label`'s line.
inline void ExpectWordsOf(const std::string& label, const std::string& words,
                          const std::source_location at = std::source_location::current()) {
  words_golden::Expect(golden_file::Part("words", words), label, at);
}

}  // namespace netgrade::testing_support
