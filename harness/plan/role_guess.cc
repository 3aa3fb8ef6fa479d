#include "harness/plan/role_guess.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "harness/base/file.h"
#include "harness/base/text.h"

namespace netgrade::plan {
namespace fs = std::filesystem;
namespace {

bool Has(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

bool IsFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::symlink_status(p, ec));
}

// The source without its comments (# to the end of a line in Python, // and /* */ in C), so
// that a call only mentioned ("# accept() blocks here") is not taken for one.
std::string Code(const std::string& text, bool python) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (python && text[i] == '#') {
      i = std::min(text.find('\n', i), text.size()) - 1;
    } else if (!python && text.compare(i, 2, "//") == 0) {
      i = std::min(text.find('\n', i), text.size()) - 1;
    } else if (!python && text.compare(i, 2, "/*") == 0) {
      size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 1;
    } else {
      out += text[i];
    }
  }
  return out;
}

// What the source does, in the words of the sentence; "" when it is neither role's.
std::string Evidence(const std::string& code, bool server) {
  bool accepts = Has(code, "accept(");
  bool connects = Has(code, "connect(");
  bool binds = Has(code, "bind(");
  bool receives_from = Has(code, "recvfrom(");
  bool sends_to = Has(code, "sendto(");
  if (server) {
    if (accepts) return "calls accept()";
    if (binds && receives_from && !connects) return "binds a port and calls recvfrom()";
    return "";
  }
  if (accepts || Has(code, "listen(")) return "";
  if (connects) return "calls connect()";
  if (sends_to && !binds) return "calls sendto()";
  return "";
}

bool NamedForARole(const std::string& stem, const std::vector<spec::Role>& roles,
                   const spec::Role& role) {
  auto named = [&](const spec::Role& r) {
    return std::any_of(r.names.begin(), r.names.end(),
                       [&](const std::string& n) { return AsciiLower(n) == stem; });
  };
  return named(role) || std::any_of(roles.begin(), roles.end(), named);
}

}  // namespace

std::optional<RoleGuess> GuessRoleProgram(const fs::path& dir, const spec::Role& role,
                                          const std::vector<spec::Role>& roles) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  std::vector<RoleGuess> found;
  for (const fs::path& e : entries) {
    if (!IsFile(e)) continue;
    std::string stem = AsciiLower(e.stem().string());
    std::string ext = AsciiLower(e.extension().string());
    if (NamedForARole(stem, roles, role)) continue;  // FindProgram's, or another role's
    fs::path source;
    bool python = ext == ".py";
    if (python) {
      source = e;
    } else if (ext.empty() && ::access(e.c_str(), X_OK) == 0) {
      for (const char* s : {".c", ".cc", ".cpp", ".cxx"})
        if (fs::path beside = fs::path(e) += s; IsFile(beside)) {
          source = beside;
          break;
        }
    }
    if (source.empty()) continue;
    std::string code = Code(ReadFile(source.string(), 256 << 10).value_or(""), python);
    std::string evidence = Evidence(code, role.listens);
    if (evidence.empty()) continue;
    found.push_back({e.filename().string(), source.filename().string(), evidence});
  }
  if (found.size() != 1) return std::nullopt;
  return found.front();
}

std::string DescribeGuess(const RoleGuess& g, const spec::Role& role) {
  std::string name = role.names.empty() ? role.name : role.names.front();
  bool python = AsciiLower(fs::path(g.file).extension().string()) == ".py";
  if (python)
    return EscapeText(
        fmt::format("'{0}' is the only Python program here that {1}, so it looks like the {2}'s: "
                    "run netgrade with --program {2}={0} (its path), or rename it {3}.py.",
                    g.file, g.evidence, role.name, name),
        std::string_view::npos);
  return EscapeText(
      fmt::format("'{0}' (compiled from '{1}', which {2}) is the only program here that looks "
                  "like the {3}'s, and it is compiled already: run netgrade with --program "
                  "{3}={0} (its path), or rename it {4}.",
                  g.file, g.source, g.evidence, role.name, name),
      std::string_view::npos);
}

std::string OnlyRolesHint(const fs::path& dir, const spec::Role& role,
                          const std::vector<spec::Role>& roles,
                          const std::vector<std::string>& found) {
  if (found.empty() || GuessRoleProgram(dir, role, roles)) return "";
  std::string which;
  for (size_t i = 0; i < found.size(); ++i)
    which += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i];
  std::string flags;
  for (const std::string& r : found) flags += " --role " + r;
  return fmt::format(
      " If you wrote only the {}, grade {} alone: add{} (the {}'s cases are then left out).", which,
      found.size() == 1 ? "it" : "them", flags, role.name);
}

}  // namespace netgrade::plan
