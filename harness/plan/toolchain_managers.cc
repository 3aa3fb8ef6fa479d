// What rustup's proxies and pyenv's shims would choose, read from the files they read
// themselves (rustup's settings.toml and rust-toolchain files, pyenv's version files) rather
// than by running them: a proxy on a PATH may be anything.
#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "harness/base/file.h"
#include "harness/plan/toolchain.h"

namespace netgrade::plan {
namespace fs = std::filesystem;
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::string Unquote(const std::string& s) {
  std::string t = Trim(s);
  if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
    return t.substr(1, t.size() - 2);
  return t;
}

// A small file's text, when it is a regular file (a FIFO left in a folder never blocks).
std::string Text(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return "";
  return ReadFile(file.string(), 64 << 10).value_or("");
}

// `key = "value"` in the TOML table `table` ("" for the top level): enough of TOML for
// rustup's settings and rust-toolchain.toml, which hold plain strings. Keys may be quoted
// (the overrides' folders).
std::string TomlString(const std::string& text, const std::string& table, const std::string& key) {
  std::istringstream lines(text);
  std::string in;
  for (std::string line; std::getline(lines, line);) {
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t[0] == '[') {
      in = Trim(t.substr(1, t.find(']') == std::string::npos ? 0 : t.find(']') - 1));
      continue;
    }
    // The key is read up to the '=' after its closing quote, when quoted.
    size_t from = t[0] == '"' ? t.find('"', 1) : 0;
    size_t eq = from == std::string::npos ? std::string::npos : t.find('=', from);
    if (eq == std::string::npos || in != table) continue;
    if (Unquote(t.substr(0, eq)) == key) return Unquote(t.substr(eq + 1));
  }
  return "";
}

// The folder and each of its parents, nearest first.
std::vector<fs::path> UpFrom(const fs::path& dir) {
  std::vector<fs::path> out;
  if (dir.empty()) return out;
  for (fs::path at = dir.lexically_normal(); !at.empty(); at = at.parent_path()) {
    out.push_back(at);
    if (at == at.root_path()) break;
  }
  return out;
}

// The folders whose files choose a version: the submission's own, then the grader's folder
// and its parents.
std::vector<fs::path> ChoosingFolders(const ToolSearch& s) {
  std::vector<fs::path> out;
  if (!s.project.empty()) out.push_back(s.project);
  for (const fs::path& at : UpFrom(s.cwd)) out.push_back(at);
  return out;
}

// The toolchain a rust-toolchain or rust-toolchain.toml file in `dir` names, or "" (a
// custom toolchain's `path` is not taken: a student's file never leads out of toolchains/).
std::string ToolchainFileIn(const fs::path& dir) {
  for (const char* name : {"rust-toolchain", "rust-toolchain.toml"}) {
    std::string text = Text(dir / name);
    if (text.empty()) continue;
    std::string channel = TomlString(text, "toolchain", "channel");
    if (channel.empty() && text.find('[') == std::string::npos) channel = Trim(text);
    if (!channel.empty()) return channel;
  }
  return "";
}

std::string HostTriple(const std::string& settings) {
  std::string triple = TomlString(settings, "", "default_host_triple");
  if (!triple.empty()) return triple;
  utsname u{};
  return ::uname(&u) == 0 ? std::string(u.machine) + "-unknown-linux-gnu" : "";
}

// "3.11.7" < "3.11.10": numbers compared as numbers.
bool VersionLess(const std::string& a, const std::string& b) {
  std::istringstream x(a), y(b);
  for (std::string p, q;;) {
    bool more_x = static_cast<bool>(std::getline(x, p, '.'));
    bool more_y = static_cast<bool>(std::getline(y, q, '.'));
    if (!more_x || !more_y) return more_y;
    auto digits = [](const std::string& w) {
      return !w.empty() && w.size() < 9 &&
             std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
    };
    bool numbers = digits(p) && digits(q);
    if (numbers && std::stol(p) != std::stol(q)) return std::stol(p) < std::stol(q);
    if (!numbers && p != q) return p < q;
  }
}

// An installed version named `name`, or, as pyenv 2.3 takes a prefix ("3.11"), the latest
// installed one it begins; "" when none.
std::string InstalledVersion(const fs::path& versions, const std::string& name) {
  std::error_code ec;
  if (fs::is_directory(versions / name, ec)) return name;
  std::string latest;
  for (const fs::directory_entry& e : fs::directory_iterator(versions, ec)) {
    std::string v = e.path().filename().string();
    if (v.rfind(name + ".", 0) == 0 && PlainName(v) && (latest.empty() || VersionLess(latest, v)))
      latest = v;
  }
  return latest;
}

// The names a pyenv version file or PYENV_VERSION lists (words, or ':' between them; '#'
// starts a comment).
std::vector<std::string> VersionNames(std::string text) {
  std::replace(text.begin(), text.end(), ':', ' ');
  std::istringstream lines(text);
  std::vector<std::string> out;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line.substr(0, line.find('#')));
    for (std::string w; words >> w;) out.push_back(w);
  }
  return out;
}

}  // namespace

std::optional<fs::path> RustupToolchain(const ToolSearch& s) {
  std::string home_var = s.env ? s.env("RUSTUP_HOME") : "";
  fs::path home = !home_var.empty() ? fs::path(home_var) : fs::path(s.home) / ".rustup";
  std::string settings = Text(home / "settings.toml");
  std::string name = s.env ? s.env("RUSTUP_TOOLCHAIN") : "";
  // Nearest first: rustup's override of a folder, then its rust-toolchain file.
  for (const fs::path& dir : ChoosingFolders(s)) {
    if (!name.empty()) break;
    name = TomlString(settings, "overrides", dir.string());
    if (name.empty()) name = ToolchainFileIn(dir);
  }
  if (name.empty()) name = TomlString(settings, "", "default_toolchain");
  if (!PlainName(name)) return std::nullopt;
  std::error_code ec;
  for (const std::string& folder : {name, name + "-" + HostTriple(settings)})
    if (fs::is_directory(home / "toolchains" / folder, ec)) return home / "toolchains" / folder;
  return std::nullopt;
}

std::vector<std::string> PyenvVersions(const ToolSearch& s, const fs::path& pyenv_root) {
  std::vector<std::string> names = VersionNames(s.env ? s.env("PYENV_VERSION") : "");
  for (const fs::path& dir : ChoosingFolders(s)) {
    if (!names.empty()) break;
    names = VersionNames(Text(dir / ".python-version"));
  }
  if (names.empty()) names = VersionNames(Text(pyenv_root / "version"));
  if (names.empty()) names = {"system"};
  std::vector<std::string> out;
  for (const std::string& n : names) {
    if (n == "system") {
      out.push_back(n);
    } else if (PlainName(n)) {
      std::string installed = InstalledVersion(pyenv_root / "versions", n);
      if (!installed.empty()) out.push_back(installed);
    }
  }
  return out;
}

}  // namespace netgrade::plan
