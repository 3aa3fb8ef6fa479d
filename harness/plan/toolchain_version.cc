// A toolchain's version, read from its files: running `tool --version` would run whatever a
// PATH names outside the sandbox.
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include "harness/base/file.h"
#include "harness/plan/toolchain.h"

namespace netgrade::plan {
namespace fs = std::filesystem;
namespace {

// The first version-like words of `text` ("1.95.0" of "1.95.0 (59807616e 2026-04-14)", of
// "go1.22.1", of "v20.11.0", of "17.0.9-tem"), or "".
std::string VersionIn(const std::string& text) {
  static const std::regex version(R"((\d+\.\d+(\.\d+)?))");
  std::smatch m;
  return std::regex_search(text, m, version) ? m[1].str() : "";
}

std::string Line(const std::string& text, const std::string& starting) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(starting, 0) == 0) return line.substr(starting.size());
  return "";
}

// rustup's record of a toolchain's channel (1 MB of TOML: read once per toolchain).
std::string RustupVersion(const fs::path& toolchain, const std::string& tool) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  std::string key = toolchain.string() + "\n" + tool;
  if (auto it = known.find(key); it != known.end()) return it->second;
  std::string manifest =
      "\n" +
      ReadFile((toolchain / "lib/rustlib/multirust-channel-manifest.toml").string(), 16 << 20)
          .value_or("");
  std::string version;
  for (const std::string& pkg : {tool, std::string("rustc")}) {
    size_t table = manifest.find("\n[pkg." + pkg + "]\n");
    if (version.empty() && table != std::string::npos)
      version = VersionIn(Line(manifest.substr(table + pkg.size() + 8, 200), "version = "));
  }
  return known[key] = version;
}

// The version of Debian's package `package` when it installed `path`, from dpkg's records
// ("1.63.0" of "1.63.0+dfsg1-2", "12.2.0" of "4:12.2.0-3"); "" otherwise.
std::string DebianVersion(const std::string& package, const fs::path& path) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  std::string key = package + "\n" + path.string();
  if (auto it = known.find(key); it != known.end()) return it->second;
  std::string& version = known[key];
  const std::string info = "/var/lib/dpkg/info/" + package;
  std::string list = ReadFile(info + ".list").value_or("") +
                     ReadFile(info + ":amd64.list").value_or("") +
                     ReadFile(info + ":arm64.list").value_or("");
  if (("\n" + list).find("\n" + path.string() + "\n") == std::string::npos) return version;
  std::string status = ReadFile("/var/lib/dpkg/status", 64 << 20).value_or("");
  size_t at = ("\n" + status).find("\nPackage: " + package + "\n");
  if (at == std::string::npos) return version;
  std::string paragraph = status.substr(at, status.find("\n\n", at) - at);
  size_t field = paragraph.find("\nVersion: ");
  if (field == std::string::npos) return version;
  std::string v = paragraph.substr(field + 10, paragraph.find('\n', field + 10) - field - 10);
  if (size_t epoch = v.find(':'); epoch != std::string::npos) v = v.substr(epoch + 1);
  version = VersionIn(v);
  return version;
}

// The Debian packages that install each tool's command.
std::vector<std::string> PackagesOf(const std::string& tool) {
  if (tool == "python3") return {"python3-minimal", "python3"};
  if (tool == "node") return {"nodejs"};
  return {tool};  // rustc, cargo, gcc, g++
}

}  // namespace

std::string ToolchainVersion(const std::string& tool, const fs::path& path, const fs::path& real) {
  // The installation: the folder above the bin/ the tool is in (a rustup toolchain, Go's
  // GOROOT, a JDK's home), as named and as its real file lies.
  std::vector<fs::path> homes;
  for (const fs::path& file : {path, real})
    if (file.parent_path().filename() == "bin") homes.push_back(file.parent_path().parent_path());
  for (const fs::path& home : homes) {
    std::string v;
    if (tool == "rustc" || tool == "cargo") v = RustupVersion(home, tool);
    if (tool == "go") v = VersionIn(Line(ReadFile((home / "VERSION").string()).value_or(""), "go"));
    if (tool == "java" || tool == "javac")
      v = VersionIn(Line(ReadFile((home / "release").string()).value_or(""), "JAVA_VERSION="));
    if (!v.empty()) return v;
  }
  for (const std::string& package : PackagesOf(tool))
    if (std::string v = DebianVersion(package, path); !v.empty()) return v;
  // An installation named for its version: nvm's v20.11.0, pyenv's 3.11.7, SDKMAN's
  // 17.0.9-tem, rustup's 1.95-x86_64-unknown-linux-gnu, node-v20.11.0-linux-x64.
  for (const fs::path& home : homes)
    if (std::string v = VersionIn(home.filename().string()); !v.empty()) return v;
  // python3.11, gcc-12: the real file's name.
  return VersionIn(real.filename().string());
}

}  // namespace netgrade::plan
