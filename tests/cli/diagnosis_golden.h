// The wording of the diagnoses, pinned in one golden file per lab
// (tests/cli/golden/diagnoses/<lab>.txt): for each fixture, each case its expected.yaml says
// fails, with the parts a student reads (code, cause, evidence, fix, notes). Tests assert
// codes and facts; rewording a message changes this file alone. The catalogue test, which
// grades every fixture anyway, compares its first run with the fixture's block.
//
// A lab's file is blocks in the order of the fixtures' names:
//   === <fixture>                     (its name under the lab: echo-server, hostile/x, ...)
//   --- <case> [<code>]
//   cause: ...
//   evidence:
//       <each line, indented>
//   fix: ...
//   note: ...
#pragma once

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "harness/check/result.h"
#include "harness/validate/fixture.h"
#include "tests/cli/golden_file.h"

namespace netgrade::golden_file {

inline std::filesystem::path DiagnosesFile(const std::string& lab) {
  return std::filesystem::path(NETGRADE_SOURCE_DIR) / "tests/cli/golden/diagnoses" / (lab + ".txt");
}

// What a program printed on stderr and a compiler's first error are mostly the toolchain's
// words (Python's traceback, GCC's carets change from release to release): one placeholder
// line stands for them, under netgrade's own line that introduces them.
inline std::string WithoutToolchainOutput(const std::string& text) {
  std::string out;
  size_t skip_deeper_than = std::string::npos;  // the header's indentation, while skipping
  for (const std::string& line : Lines(text)) {
    size_t indent = line.find_first_not_of(' ');
    if (skip_deeper_than != std::string::npos) {
      if (indent == std::string::npos || indent > skip_deeper_than) continue;
      skip_deeper_than = std::string::npos;
    }
    out += line + "\n";
    if (indent == std::string::npos) continue;
    std::string words = line.substr(indent);
    if (words.rfind("The end of what it printed on stderr:") == 0 ||
        words.rfind("The first error it printed:") == 0) {
      skip_deeper_than = indent;
      out += std::string(indent + 4, ' ') + "<what it printed there>\n";
    }
  }
  if (!text.empty() && text.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

// What a diagnosis says that is the run's, not its words: the time a case had and what was
// measured (the machine's load moves them), a compiler's temporary files and versions, the
// identifier a ping drew. The sentence that says a case had more time for the load goes.
inline std::string NormaliseDiagnosis(std::string text) {
  text = Normalise(WithoutToolchainOutput(text));
  static const std::pair<std::regex, const char*> kRules[] = {
      {std::regex(
           R"re(\b(g\+\+|gcc|clang\+\+|clang|go|javac|java|rustc|cargo|node) [0-9][0-9.]* \()re"),
       "$1 <version> ("},
      {std::regex(R"re(\bicu_[0-9]+)re"), "icu_<version>"},
      {std::regex(R"re(\bpython3\.[0-9]+)re"), "python3.<version>"},
      {std::regex(R"re([^ ]+ had [0-9.]+ s more than the case's [0-9.]+ s, as this computer was )re"
                  R"re(too busy to run it\. ?)re"),
       ""},
      // A transfer's goodput and its share of what the link allows move with the load.
      {std::regex(R"re( \(not counting the [0-9.]+ s it or netgrade waited for a CPU\))re"), ""},
      {std::regex(R"re(\b[0-9]+\.[0-9]+ Mbit/s: [0-9]+% of the)re"),
       "<rate> Mbit/s: <share>% of the"},
      {std::regex(R"re(\b[0-9]+\.[0-9]+ (s|ms)\b)re"), "<t> $1"},
      {std::regex(R"re(/tmp/cc[A-Za-z0-9]+\.)re"), "/tmp/cc<tmp>."},
      // The port a case's program is given is a free one, drawn when the case runs.
      {std::regex(R"re((port <port>, not )[0-9]+)re"), "$1<port>"},
      {std::regex(R"re(\b((?:[a-z0-9-]+\.)+(?:com|org|net)):[0-9]+\b)re"), "$1:<port>"},
      {std::regex(R"re(the port it was given, [0-9]+)re"), "the port it was given, <port>"},
      {std::regex(R"re(the number [0-9]+ read as)re"), "the number <port> read as"},
      {std::regex(R"re(the address 0\.0\.[0-9]+\.[0-9]+)re"), "the address 0.0.<port>"},
      // Whether a connection a program dropped came back closed or reset is the kernel's timing.
      {std::regex(R"re(got nothing: ([^ ]+) (closed|reset) the connection)re"),
       "got nothing: $1 closed or reset the connection"},
      // An ICMP identifier (a program's pid), and the checksums and bytes that follow from it.
      {std::regex(R"re(\b0x[0-9a-f]{4}\b)re"), "0x<hex>"},
      {std::regex(R"re(\bbytes [0-9a-f]{2} [0-9a-f]{2} at offset)re"), "bytes <hex> at offset"},
      {std::regex(R"re(\([0-9a-f]{2} [0-9a-f]{2}\) was due)re"), "(<hex>) was due"},
  };
  for (const auto& [pattern, placeholder] : kRules)
    text = std::regex_replace(text, pattern, placeholder);
  return text;
}

// A case's diagnosis as the golden file holds it (placeholders for ports, pids, paths, times).
inline std::string CaseBlock(const check::CaseResult& c) {
  auto part = [](const std::string& label, const std::string& text) {
    return Part(label, NormaliseDiagnosis(text));
  };
  std::string out = "--- " + c.name + " [" + std::string(check::CodeName(c.code)) + "]\n";
  out += part("cause", c.cause) + part("evidence", c.evidence) + part("fix", c.fix);
  for (const std::string& note : c.finding_notes) out += part("note", note);
  return out;
}

// A case whose words differ between two runs of one seed: its code, and that they vary.
inline std::string VaryingBlock(const check::CaseResult& c) {
  return "--- " + c.name + " [" + std::string(check::CodeName(c.code)) +
         "]\n(its words differ between two runs of one seed: not pinned)\n";
}

// A case held as one whose words vary: compared by its code alone (the catalogue's).
inline bool Varies(const std::string& block) {
  return block.find("\n(its words differ between two runs of one seed: not pinned)\n") !=
         std::string::npos;
}

// The name a fixture's block goes by: its name without its lab's.
inline std::string BlockName(const validate::Fixture& fixture) {
  std::string prefix = fixture.spec + "/";
  return fixture.name.rfind(prefix, 0) == 0 ? fixture.name.substr(prefix.size()) : fixture.name;
}

// A lab's file: each fixture's block, by its name, each case's by the case's.
using LabBlocks = std::map<std::string, std::map<std::string, std::string>>;

inline LabBlocks ParseLab(const std::string& text) {
  LabBlocks out;
  std::string fixture, kase;
  for (const std::string& line : Lines(text)) {
    if (line.rfind("=== ", 0) == 0) {
      fixture = line.substr(4);
      kase.clear();
      out[fixture];
    } else if (line.rfind("--- ", 0) == 0 && !fixture.empty()) {
      kase = line.substr(4, line.find(" [") - 4);
      out[fixture][kase] = line + "\n";
    } else if (!kase.empty()) {
      out[fixture][kase] += line + "\n";
    }
  }
  // A case's parts never end with an empty line: those are the file's, between fixtures.
  for (auto& [name, cases] : out)
    for (auto& [kase_name, block] : cases)
      while (block.size() >= 2 && block.compare(block.size() - 2, 2, "\n\n") == 0) block.pop_back();
  return out;
}

inline std::string LabHeader(const std::string& lab) {
  return "# The diagnoses of the " + lab +
         " fixtures that fail, as a student reads them (tests/cli/diagnosis_golden.h).\n"
         "# Rewritten by NETGRADE_UPDATE_GOLDEN=1 build/tests/cli_tests "
         "--gtest_filter='All/Catalogue.*' (times, ports and paths are placeholders)\n";
}

inline std::string WriteLab(const std::string& lab, const LabBlocks& blocks) {
  std::string out = LabHeader(lab);
  for (const auto& [fixture, cases] : blocks) {
    if (cases.empty()) continue;
    out += "\n=== " + fixture + "\n";
    for (const auto& [name, block] : cases) out += block;
  }
  return out;
}

// The fixture's block rewritten in its lab's file; under a lock, for ctest -j runs each
// fixture's test in a process of its own.
inline void UpdateFixture(const std::string& lab, const std::string& fixture,
                          const std::map<std::string, std::string>& cases) {
  RewriteLocked(DiagnosesFile(lab), "diagnoses-golden.lock", [&](const std::string& text) {
    LabBlocks blocks = ParseLab(text);
    blocks[fixture] = cases;
    return WriteLab(lab, blocks);
  });
}

inline std::string JoinCases(const std::map<std::string, std::string>& cases) {
  std::string out;
  for (const auto& [name, block] : cases) out += block;
  return out;
}

}  // namespace netgrade::golden_file
