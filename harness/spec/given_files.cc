#include "harness/spec/given_files.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/base/file.h"
#include "harness/spec/draw.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

namespace fs = std::filesystem;

bool IsPart(const std::string& part) {
  if (part.empty() || part == "." || part == "..") return false;
  for (unsigned char c : part)
    if (!std::isalnum(c) && c != '.' && c != '-' && c != '_') return false;
  return true;
}

// `held_by` and `roles`: where the file goes. False after reporting what is wrong.
bool LoadPlace(const YAML::Node& item, YamlReader& r, GivenFile* f) {
  if (item["held_by"]) {
    auto v = r.Enum(item["held_by"], "held_by", {"program", "peer"});
    if (!v) return false;
    f->peer_only = *v == "peer";
  }
  if (item["roles"]) {
    auto roles = r.StringList(item["roles"], "roles");
    if (!roles) return false;
    if (roles->empty()) {
      r.Error(item["roles"], "'roles' names the roles whose folders get the file: give one");
      return false;
    }
    f->roles = *roles;
  }
  if (f->peer_only && !f->roles.empty()) {
    r.Error(item["roles"],
            "a file held by the peer goes into no program's folder: 'roles' "
            "says nothing for it (leave it out, or hold the file in the program)");
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> LoadListedPath(const YAML::Node& item, const std::string& list,
                                          YamlReader& r, std::set<std::string>* seen) {
  auto path = r.String(item["path"], "path");
  if (!path) return std::nullopt;
  if (!IsGivenFilePath(*path)) {
    r.Error(item["path"],
            fmt::format("'path' names a file in the program's folder: a relative path of "
                        "letters, digits, '.', '-' and '_' (folders with '/', no '..'), found "
                        "'{}'",
                        Cut(*path)));
    return std::nullopt;
  }
  if (!seen->insert(*path).second) {
    r.Error(item["path"], fmt::format("a second file '{}' in {}", Cut(*path), list));
    return std::nullopt;
  }
  return path;
}

const std::vector<std::string>& GivenFileKeys() {
  static const std::vector<std::string> keys = {"path", "text", "from",  "read_only",
                                                "draw", "size", "roles", "held_by"};
  return keys;
}

bool IsGivenFilePath(const std::string& path) {
  if (path.empty() || path.size() > 200) return false;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (!IsPart(path.substr(start, slash == std::string::npos ? slash : slash - start)))
      return false;
    if (slash == std::string::npos) return true;
    start = slash + 1;
  }
}

void LoadGivenFiles(const YAML::Node& n, YamlReader& r, const std::string& spec_file,
                    std::vector<GivenFile>* out) {
  r.BeginCase();  // the files' bytes count towards the spec's budget, not the last case's
  if (!n.IsSequence()) {
    r.Error(n, fmt::format("expected 'files' to be a list such as [{{path: HelloWorld.html, "
                           "text: \"<html>...\"}}], found {}",
                           YamlReader::Found(n)));
    return;
  }
  if (n.size() > kMaxGivenFiles)
    r.Error(n, fmt::format("'files' may give at most {} files", kMaxGivenFiles));
  std::set<std::string> paths;
  for (const auto& item : n) {
    if (!item.IsMap()) {
      r.Error(item, fmt::format("expected a file of 'files' ({{path: ..., text: ...}} or "
                                "{{path: ..., from: ...}}), found {}",
                                YamlReader::Found(item)));
      continue;
    }
    if (!r.Map(item, "a file of 'files'", GivenFileKeys()) ||
        !r.Required(item, "path", "a file of 'files'"))
      continue;
    GivenFile f;
    f.mark = YamlReader::MarkOf(item);
    auto path = LoadListedPath(item, "'files'", r, &paths);
    if (!path) continue;
    f.path = *path;
    int sources = item["text"].IsDefined() + item["from"].IsDefined() + item["draw"].IsDefined();
    if (sources != 1) {
      r.Error(item,
              "a file of 'files' takes its bytes from 'text' (inline), 'from' (a file beside "
              "the spec) or 'draw: bytes' (with 'size', drawn from the seed): give one of them");
      continue;
    }
    if (item["size"] && !item["draw"]) {
      r.Error(item["size"], "'size' is the size of a drawn file: write 'draw: bytes' beside it");
      continue;
    }
    if (item["read_only"])
      if (auto b = r.Bool(item["read_only"], "read_only")) f.read_only = *b;
    if (!LoadPlace(item, r, &f)) continue;
    if (item["draw"]) {
      if (!r.Enum(item["draw"], "draw", {"bytes"})) continue;
      if (!item["size"]) {
        r.Error(item, fmt::format("a drawn file needs its 'size' in bytes (at most {} MiB), "
                                  "such as 'size: 1500000'",
                                  kMaxDrawnFileBytes >> 20));
        continue;
      }
      auto size = r.Integer(item["size"], "size", 0, kMaxDrawnFileBytes);
      if (!size) continue;
      f.drawn_bytes = static_cast<size_t>(*size);
      // A drawn file is the spec's, not a case's: it counts towards the spec's bytes (each one
      // is bounded by kMaxDrawnFileBytes), so that a transport lab may draw 8 MB for one case
      // and smaller files for others.
      r.BeginCase();
      if (!r.Spend(item, f.drawn_bytes.value())) continue;
      out->push_back(std::move(f));
      continue;
    }
    if (item["text"] && item["text"].IsMap()) {
      f.draw = LoadDraw(item["text"], r);
      if (!f.draw) continue;
      f.content = DescribeDraw(*f.draw);
      if (!r.Spend(item, MostBytes(*f.draw))) continue;
    } else if (item["text"]) {
      auto text = r.String(item["text"], "text");
      if (!text) continue;
      f.content = *text;
    } else {
      auto from = r.String(item["from"], "from");
      if (!from) continue;
      if (!IsGivenFilePath(*from)) {
        r.Error(item["from"], fmt::format("'from' names a file beside the spec or in a folder "
                                          "under it (no '..', not absolute), found '{}'",
                                          Cut(*from)));
        continue;
      }
      fs::path at = fs::path(spec_file).parent_path() / *from;
      std::optional<std::string> bytes = ReadFile(at.string(), kMaxGivenFileBytes + 1);
      if (!bytes) {
        r.Error(item["from"], fmt::format("cannot read '{}' (looked for {}): no such file or "
                                          "not readable",
                                          Cut(*from), at.string()));
        continue;
      }
      f.content = std::move(*bytes);
      f.from = *from;
    }
    if (f.content.size() > kMaxGivenFileBytes) {
      r.Error(item,
              fmt::format("'{}' is larger than {} MiB", Cut(f.path), kMaxGivenFileBytes >> 20));
      continue;
    }
    if (!f.draw && !r.Spend(item, f.content.size())) continue;
    out->push_back(std::move(f));
  }
}

namespace {

constexpr std::string_view kFileRef = "{file:";

const GivenFile* FindFile(const std::vector<GivenFile>& files, const std::string& path) {
  for (const GivenFile& f : files)
    if (f.path == path) return &f;
  return nullptr;
}

std::string LineOf(const std::string& content) {
  std::string line = content;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Each PATH of `{file:PATH}` in `text`, with where it starts; an unclosed one as "".
std::vector<std::pair<size_t, std::string>> FileRefs(const std::string& text) {
  std::vector<std::pair<size_t, std::string>> refs;
  for (size_t at = text.find(kFileRef); at != std::string::npos; at = text.find(kFileRef, at + 1)) {
    size_t end = text.find('}', at);
    refs.emplace_back(at, end == std::string::npos
                              ? ""
                              : text.substr(at + kFileRef.size(), end - at - kFileRef.size()));
  }
  return refs;
}

}  // namespace

void CheckGivenFileRoles(const Spec& spec, YamlReader& r) {
  for (const GivenFile& f : spec.files)
    for (const std::string& role : f.roles)
      if (spec.FindRole(role) == nullptr)
        r.Error(f.mark, fmt::format("the file '{}' is for the role '{}', which the spec does not "
                                    "have (its roles: {})",
                                    Cut(f.path), Cut(role), spec.RoleNames()));
}

bool GoesTo(const GivenFile& f, const std::string& role) {
  if (f.peer_only) return false;
  return f.roles.empty() || std::find(f.roles.begin(), f.roles.end(), role) != f.roles.end();
}

std::string DrawnBytes(size_t size, uint64_t seed) {
  std::string out(size, '\0');
  uint64_t state = seed;
  auto next = [&state] {
    state += 0x9e3779b97f4a7c15ull;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  // Every byte value once, in a drawn order (Fisher-Yates), then drawn bytes.
  unsigned char all[256];
  for (int i = 0; i < 256; ++i) all[i] = static_cast<unsigned char>(i);
  for (int i = 255; i > 0; --i) std::swap(all[i], all[next() % static_cast<uint64_t>(i + 1)]);
  for (size_t i = 0; i < size; ++i)
    out[i] = static_cast<char>(i < 256 ? all[i] : static_cast<unsigned char>(next() >> 56));
  return out;
}

namespace {

// The files a step names: its send's or expect's `file`, and those in its hex.
std::vector<const std::string*> FileNames(const Step& s) {
  std::vector<const std::string*> out = {&s.file, &s.answer.file};
  for (const auto& [at, path] : s.files_at) out.push_back(&path);
  return out;
}

}  // namespace

void CheckFileRefs(const Spec& spec, YamlReader& r) {
  // `send: {file: PATH}` and `expect: {file: PATH}`: the bytes of a file of `files`.
  for (const Case& c : spec.cases)
    for (const Step& s : c.script)
      for (const std::string* path : FileNames(s))
        if (!path->empty() && FindFile(spec.files, *path) == nullptr)
          r.Error(s.mark,
                  fmt::format("'file: {}' names no file of 'files' (the spec gives {})", Cut(*path),
                              spec.files.empty() ? std::string("none")
                                                 : "'" + spec.files.front().path + "'" +
                                                       (spec.files.size() > 1 ? "..." : "")));
  for (const Case& c : spec.cases)
    for (const Step& s : c.script) {
      // What the program must have read from the file (an expect's text), or what the peer
      // sends it (a send's text).
      const bool expects =
          s.action == Step::Action::kExpect && s.answer.kind == Answer::Kind::kExact;
      if (!expects && !SendsFileText(s)) continue;
      for (const auto& [at, path] : FileRefs(expects ? s.answer.text : s.text)) {
        const GivenFile* f = FindFile(spec.files, path);
        if (f == nullptr) {
          r.Error(
              s.mark,
              fmt::format("'{{file:{}}}' names no file of 'files' (the spec gives {})", Cut(path),
                          spec.files.empty() ? std::string("none")
                                             : "'" + spec.files.front().path + "'" +
                                                   (spec.files.size() > 1 ? "..." : "")));
        } else if (!f->draw && LineOf(f->content).find('\n') != std::string::npos) {
          r.Error(s.mark, fmt::format("'{{file:{}}}' stands for one line, and '{}' holds several: "
                                      "name each line of it in a step of its own",
                                      Cut(path), Cut(path)));
        }
      }
    }
}

bool SendsFileText(const Step& s) {
  return s.action == Step::Action::kSend && !s.binary && !s.draw;
}

void FillFileBytes(Step* s, const std::vector<GivenFile>& files) {
  if (const GivenFile* f = s->file.empty() ? nullptr : FindFile(files, s->file))
    s->text = f->content;
  // From the last, so that the earlier offsets still hold.
  for (auto it = s->files_at.rbegin(); it != s->files_at.rend(); ++it)
    if (const GivenFile* f = FindFile(files, it->second); f && it->first <= s->text.size())
      s->text.insert(it->first, f->content);
  s->files_at.clear();
  if (const GivenFile* f = s->answer.file.empty() ? nullptr : FindFile(files, s->answer.file))
    s->answer.text = f->content;
}

std::string FillFileRefs(const std::string& text, const std::vector<GivenFile>& files) {
  std::string out;
  size_t from = 0;
  for (const auto& [at, path] : FileRefs(text)) {
    const GivenFile* f = FindFile(files, path);
    if (f == nullptr || at < from) continue;
    out += text.substr(from, at - from) + LineOf(f->content);
    from = at + kFileRef.size() + path.size() + 1;
  }
  return out + text.substr(from);
}

}  // namespace netgrade::spec
