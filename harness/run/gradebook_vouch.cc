#include "harness/run/gradebook_vouch.h"

#include <fmt/chrono.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <nlohmann/json.hpp>

#include "harness/base/file.h"
#include "harness/base/sha256.h"
#include "harness/base/user_folder.h"
#include "harness/run/batch.h"

namespace netgrade::run {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxFileBytes = size_t{256} << 20;  // a class's report, with room

fs::path StateDir() {
  return NetgradeFolder("NETGRADE_STATE_DIR", "/var/lib/netgrade", "XDG_STATE_HOME",
                        ".local/state");
}

fs::path Absolute(const fs::path& out) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(out), ec);
  return ec ? fs::absolute(out).lexically_normal() : canonical;
}

// A file's SHA-256; "unreadable" for a link, a folder or a file that cannot be read.
std::string DigestOf(const fs::path& file) {
  std::error_code ec;
  std::optional<std::string> data;
  if (fs::is_regular_file(fs::symlink_status(file, ec)))
    data = ReadFile(file.string(), kMaxFileBytes);
  return data ? Sha256Hex(*data) : "unreadable";
}

// A file's name as the record keeps it: JSON holds only UTF-8, a name may be any bytes; each
// byte outside printable ASCII, and '%', as %XX.
std::string Encoded(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    out += c < 0x20 || c >= 0x7F || c == '%' ? fmt::format("%{:02X}", c) : std::string(1, c);
  return out;
}

std::string Decoded(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && i + 2 < name.size() && std::isxdigit(name[i + 1]) &&
        std::isxdigit(name[i + 2])) {
      out += static_cast<char>(std::stoi(name.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += name[i];
    }
  }
  return out;
}

}  // namespace

Digests DigestsIn(const fs::path& out) {
  Digests files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(out, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_directory() && !it->is_symlink()) continue;
    files[it->path().lexically_relative(out).string()] = DigestOf(it->path());
  }
  return files;
}

fs::path VouchPath(const fs::path& out) {
  return StateDir() / "gradebooks" / (Sha256Hex(Absolute(out).string()).substr(0, 32) + ".json");
}

std::optional<Vouch> LoadVouch(const fs::path& out) {
  std::optional<std::string> text = ReadFile(VouchPath(out).string(), kMaxFileBytes);
  if (!text) return std::nullopt;
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object() || !doc["files"].is_object() || !doc["out"].is_string()) return std::nullopt;
  Vouch v;
  v.out = Decoded(doc["out"].get<std::string>());
  v.written = doc.value("written", "");
  for (const auto& [name, digest] : doc["files"].items())
    if (digest.is_string()) v.files[Decoded(name)] = digest.get<std::string>();
  return v;
}

void SaveVouch(const Vouch& vouch) {
  fs::path path = VouchPath(vouch.out);
  fs::create_directories(path.parent_path());
  nlohmann::json files = nlohmann::json::object();
  for (const auto& [name, digest] : vouch.files) files[Encoded(name)] = digest;
  nlohmann::json doc = {{"out", Encoded(vouch.out)}, {"written", vouch.written}, {"files", files}};
  WriteAtomically(path, doc.dump(1) + "\n");
}

void ForgetVouch(const fs::path& out) {
  std::error_code ignored;
  fs::remove(VouchPath(out), ignored);
}

std::vector<std::string> Differences(const Vouch& vouch, const fs::path& out) {
  return Differences(vouch, DigestsIn(out));
}

std::vector<std::string> Differences(const Vouch& vouch, const Digests& disk) {
  std::vector<std::string> lines;
  for (const auto& [name, digest] : vouch.files) {
    auto it = disk.find(name);
    if (it == disk.end())
      lines.push_back(name + ": removed");
    else if (it->second != digest)
      lines.push_back(name + ": changed since netgrade wrote it");
  }
  for (const auto& [name, digest] : disk)
    if (!vouch.files.count(name)) lines.push_back(name + ": not written by netgrade");
  std::sort(lines.begin(), lines.end());
  return lines;
}

Vouch VouchForBatch(const fs::path& out, const std::optional<Vouch>& earlier, const Digests& disk) {
  Vouch v;
  v.out = Absolute(out).string();
  v.written = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::time(nullptr)));
  if (earlier) {
    for (const auto& [name, digest] : earlier->files)
      if (auto it = disk.find(name); it != disk.end() && it->second == digest)
        v.files[name] = digest;
  }
  for (const auto& [name, digest] : WrittenUnder(out)) v.files[name] = digest;
  return v;
}

}  // namespace netgrade::run
