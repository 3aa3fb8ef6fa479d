// What the golden-file tests share (golden_test.cc: the reports; catalogue_test.cc: the
// diagnoses of the fixtures): the placeholders for what changes from run to run or machine to
// machine, reading a file, and a difference shown as a unified diff's excerpt.
#pragma once

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace netgrade::golden_file {

inline std::string Replace(std::string text, const std::string& what, const std::string& with) {
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size()))
    text.replace(at, what.size(), with);
  return text;
}

// What changes from run to run, or from machine to machine, becomes a placeholder (one that
// keeps the JSON and the XML well-formed).
inline std::string Normalise(std::string text) {
  text = Replace(text, NETGRADE_BINARY_DIR, "<build>");
  text = Replace(text, NETGRADE_SOURCE_DIR, "<source>");
  static const std::pair<std::regex, const char*> kRules[] = {
      {std::regex(R"re("(wall_ms|student_ms|t_ms)": [-0-9.e+]+)re"), R"re("$1": "<ms>")re"},
      // The containment is the machine's (cgroup v1 or v2, namespaces, root or not).
      {std::regex(R"re("sandbox": \{[^}]*\})re"), R"re("sandbox": "<machine>")re"},
      {std::regex(R"re( time="[-0-9.e+]+")re"), R"re( time="SECONDS")re"},
      {std::regex(R"re("execution_time": [-0-9.e+]+)re"), R"re("execution_time": "<s>")re"},
      // A transcript line inside a JSON or YAML string: after its quote or an escaped newline.
      {std::regex(R"re((\\n|") *[0-9]+\.[0-9]+ ms )re"), "$1<t> ms "},
      {std::regex(R"re(\n *[0-9]+\.[0-9]+ ms )re"), "\n          <t> ms "},
      {std::regex(R"re((/tmp|/var/tmp)/netgrade-[^\s'"/]*)re"), "<tmp>"},
      {std::regex(R"re(\b(127\.0\.0\.1|localhost|10\.[0-9.]+):[0-9]+\b)re"), "$1:<port>"},
      {std::regex(R"re(\bport [0-9]+\b)re"), "port <port>"},
      {std::regex(R"re(\bpid [0-9]+\b)re"), "pid <pid>"},
  };
  for (const auto& [pattern, placeholder] : kRules)
    text = std::regex_replace(text, pattern, placeholder);
  return text;
}

inline std::string Read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// NETGRADE_UPDATE_GOLDEN=1: the tests rewrite their golden files instead of comparing.
inline bool Updating() {
  const char* update = std::getenv("NETGRADE_UPDATE_GOLDEN");
  return update != nullptr && std::string(update) == "1";
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines that differ, as a unified diff shows them: '-' the golden file's, '+' now's, ' '
// a line of context on either side of a change (a longest common subsequence: the texts
// compared are a fixture's diagnoses, a few dozen lines).
inline std::string UnifiedExcerpt(const std::string& golden, const std::string& now) {
  std::vector<std::string> a = Lines(golden), b = Lines(now);
  std::vector<std::vector<int>> common(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      common[i][j] =
          a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
  std::vector<std::string> diff;  // each line with its mark
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      diff.push_back(" " + a[i++]);
      ++j;
    } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
      diff.push_back("-" + a[i++]);
    } else {
      diff.push_back("+" + b[j++]);
    }
  }
  std::string out;
  bool skipped = false;
  for (size_t k = 0; k < diff.size(); ++k) {
    bool near = false;
    for (size_t d = k > 0 ? k - 1 : 0; d <= k + 1 && d < diff.size(); ++d)
      near = near || diff[d][0] != ' ';
    if (!near) {
      skipped = true;
      continue;
    }
    if (skipped && !out.empty()) out += "  ...\n";
    skipped = false;
    out += "  " + diff[k] + "\n";
  }
  return out;
}

// One part of a diagnosis in a golden file: on its label's line, or (spanning lines) indented
// under it; "" when empty.
inline std::string Part(const std::string& label, std::string text) {
  while (!text.empty() && (text.front() == '\n' || text.front() == ' ')) text.erase(0, 1);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  if (text.empty()) return "";
  if (text.find('\n') == std::string::npos) return label + ": " + text + "\n";
  std::string out = label + ":\n";
  for (const std::string& line : Lines(text)) out += line.empty() ? "\n" : "    " + line + "\n";
  return out;
}

// `file` rewritten as `edit` (its text now -> its text then) makes it, under a lock in the build
// folder (`lock_name`: ctest runs the tests of one program in processes of their own, several
// at once), then put in place whole, so that no reader sees half of it.
template <typename Edit>
void RewriteLocked(const std::filesystem::path& file, const std::string& lock_name, Edit edit) {
  std::filesystem::create_directories(file.parent_path());
  const std::string lock_file = std::string(NETGRADE_BINARY_DIR) + "/" + lock_name;
  int lock = ::open(lock_file.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
  ::flock(lock, LOCK_EX);
  const std::string text = edit(Read(file));
  const std::filesystem::path next = file.string() + ".next-" + std::to_string(::getpid());
  std::ofstream(next, std::ios::binary) << text;
  std::filesystem::rename(next, file);
  ::close(lock);
}

}  // namespace netgrade::golden_file
