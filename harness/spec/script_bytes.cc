#include "harness/spec/script_bytes.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "harness/base/bytes.h"
#include "harness/base/text.h"
#include "harness/spec/given_files.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

constexpr size_t kMaxBytes = size_t{1} << 20;  // what one step spells, as a text's bound

const std::vector<std::string> kSendKeys = {"hex", "base64", "file"};
const std::vector<std::string> kExpectKeys = {"hex",   "base64",  "bytes", "length_prefix",
                                              "until", "capture", "file"};
const std::vector<std::string> kPrefixKeys = {"size", "order"};

// The bytes the value `v` of `key` spells, in hex or else in base64; nullopt after reporting.
std::optional<std::string> Spelt(const YAML::Node& v, const std::string& key, bool hex,
                                 YamlReader& r) {
  std::optional<std::string> text = r.String(v, key);
  if (!text) return std::nullopt;
  DecodeError error;
  std::optional<std::string> bytes = hex ? DecodeHex(*text, &error) : DecodeBase64(*text, &error);
  if (!bytes) {
    r.Error(v, fmt::format("'{}': {}", key, error.message));
    return std::nullopt;
  }
  if (bytes->size() > kMaxBytes) {
    r.Error(
        v, fmt::format("'{}' may spell at most {} bytes, found {}", key, kMaxBytes, bytes->size()));
    return std::nullopt;
  }
  if (!r.Spend(v, bytes->size())) return std::nullopt;
  return bytes;
}

// A send's hex, in which "{name}" stands for the bytes an earlier expect captured: the bytes
// it spells, with each name and the offset its bytes go at in s->captured_at. A name is read
// as blanks where it stands, so that a character's number in a message is where it is written.
std::optional<std::string> HexWithCaptures(const YAML::Node& v, YamlReader& r, Step* s) {
  std::optional<std::string> text = r.String(v, "hex");
  if (!text) return std::nullopt;
  std::string blanked = *text;
  std::vector<std::pair<size_t, std::string>> names;  // where each stands in the text
  for (size_t open = blanked.find('{'); open != std::string::npos; open = blanked.find('{', open)) {
    size_t close = blanked.find('}', open);
    std::string name = close == std::string::npos ? "" : blanked.substr(open + 1, close - open - 1);
    bool word = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0])) &&
                std::all_of(name.begin(), name.end(),
                            [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    // {file:PATH}: the bytes of a file of `files` (checked once they are read).
    bool file = name.rfind("file:", 0) == 0 && IsGivenFilePath(name.substr(5));
    if (!word && !file) {
      r.Error(v, fmt::format("'hex': a brace at character {} names no capture: write {{name}}, "
                             "the 'capture' of an earlier expect of bytes, or {{file:PATH}}, a "
                             "file of the spec's 'files', between the bytes",
                             open + 1));
      return std::nullopt;
    }
    names.emplace_back(open, name);
    std::fill(blanked.begin() + static_cast<std::ptrdiff_t>(open),
              blanked.begin() + static_cast<std::ptrdiff_t>(close) + 1, ' ');
  }
  DecodeError error;
  std::optional<std::string> bytes = DecodeHex(blanked, &error);
  if (!bytes) {
    r.Error(v, "'hex': " + error.message);
    return std::nullopt;
  }
  for (const auto& [at, name] : names) {  // a valid whole has a valid start
    size_t offset = DecodeHex(blanked.substr(0, at), &error)->size();
    if (name.rfind("file:", 0) == 0)
      s->files_at.emplace_back(offset, name.substr(5));
    else
      s->captured_at.emplace_back(offset, name);
  }
  if (!s->files_at.empty() && !s->captured_at.empty()) {
    r.Error(v,
            "'hex' puts in captures ({name}) or files ({file:PATH}), not both in one send: "
            "split it in two sends");
    return std::nullopt;
  }
  if (bytes->size() > kMaxBytes) {
    r.Error(v, fmt::format("'hex' may spell at most {} bytes, found {}", kMaxBytes, bytes->size()));
    return std::nullopt;
  }
  if (!r.Spend(v, bytes->size())) return std::nullopt;
  return bytes;
}

// The one of hex, base64 and file given in map `v` ("" when none); two is an error.
std::optional<std::string> BodyKey(const YAML::Node& v, const std::string& what, YamlReader& r) {
  if ((v["hex"] && v["base64"]) || ((v["hex"] || v["base64"]) && v["file"])) {
    r.Error(v["file"] ? v["file"] : v["base64"],
            fmt::format("{} takes its bytes as 'hex', as 'base64' or from a 'file', one of them",
                        what));
    return std::nullopt;
  }
  return std::string(v["hex"] ? "hex" : v["base64"] ? "base64" : v["file"] ? "file" : "");
}

// `file: PATH`: a file of the spec's `files` (checked once they are read: CheckFileRefs).
std::optional<std::string> FilePath(const YAML::Node& v, YamlReader& r) {
  std::optional<std::string> path = r.String(v, "file");
  if (path && !IsGivenFilePath(*path)) {
    r.Error(v, fmt::format("'file' names a file of the spec's 'files' (a relative path of "
                           "letters, digits, '.', '-' and '_'), found '{}'",
                           Cut(*path)));
    return std::nullopt;
  }
  return path;
}

// `order: big | little`, with a suggestion for the words people write for them.
std::optional<bool> Order(const YAML::Node& v, YamlReader& r) {
  if (v.IsScalar() && (v.Scalar() == "big" || v.Scalar() == "little"))
    return v.Scalar() == "little";
  std::string found = AsciiLower(v.IsScalar() ? v.Scalar() : "");
  bool little = found.find("little") != std::string::npos || found == "le" || found == "lsb";
  bool big = found.find("big") != std::string::npos || found.find("network") != std::string::npos ||
             found == "be" || found == "msb";
  std::string near = little ? "; did you mean 'little'?" : big ? "; did you mean 'big'?" : "";
  r.Error(v, fmt::format("expected big or little for 'order' (big: the most significant byte "
                         "first, the network byte order that htonl() and Python's "
                         "struct.pack('!I', n) write; little: the least significant first), "
                         "found {}{}",
                         YamlReader::Found(v), near));
  return std::nullopt;
}

// `length_prefix: {size: 1|2|4, order: big|little}`.
bool LengthPrefix(const YAML::Node& v, YamlReader& r, Answer* a) {
  if (!v.IsMap()) {
    r.Error(v, fmt::format("expected 'length_prefix' to be a map such as {{size: 4, order: big}}, "
                           "found {}",
                           YamlReader::Found(v)));
    return false;
  }
  if (!r.Map(v, "'length_prefix'", kPrefixKeys) || !r.Required(v, "size", "'length_prefix'"))
    return false;
  bool ok = true;
  const YAML::Node size = v["size"];
  std::optional<int64_t> n;
  if (size.IsScalar() && Classify(size) == ScalarKind::kInt) n = ParseInt(size.Scalar());
  if (!n || (*n != 1 && *n != 2 && *n != 4)) {
    std::string near = n && *n == 3  ? "; did you mean 4 (a 32-bit length)?"
                       : n && *n > 4 ? "; did you mean 4 (a 32-bit length, the largest)?"
                                     : "";
    r.Error(size, fmt::format("a length prefix is 1, 2 or 4 bytes (an 8-, 16- or 32-bit "
                              "number), found {}{}",
                              n ? std::to_string(*n) : YamlReader::Found(size), near));
    ok = false;
  } else {
    a->prefix_size = static_cast<int>(*n);
  }
  if (v["order"]) {
    std::optional<bool> little = Order(v["order"], r);
    if (little) a->little_endian = *little;
    ok = ok && little.has_value();
  }
  return ok;
}

}  // namespace

const std::vector<std::string>& ByteSendKeys() { return kSendKeys; }
const std::vector<std::string>& ByteExpectKeys() { return kExpectKeys; }
const std::vector<std::string>& LengthPrefixKeys() { return kPrefixKeys; }

bool IsByteSend(const YAML::Node& v) { return v.IsMap() && (v["hex"] || v["base64"] || v["file"]); }

bool IsByteExpect(const YAML::Node& v) {
  return v.IsMap() && std::any_of(kExpectKeys.begin(), kExpectKeys.end(),
                                  [&](const std::string& k) { return bool(v[k]); });
}

bool LoadByteSend(const YAML::Node& v, YamlReader& r, Step* s) {
  if (!r.Map(v, "'send'", kSendKeys)) return false;
  std::optional<std::string> key = BodyKey(v, "'send'", r);
  if (!key) return false;
  if (key->empty()) {
    if (v.size() == 0)  // a misspelt key was reported by Map(), with its nearest
      r.Error(v,
              "'send' takes a text, bytes as {hex: \"00 0a\"} or {base64: \"AAo=\"}, or "
              "{draw: words}");
    return false;
  }
  if (*key == "file") {
    std::optional<std::string> path = FilePath(v["file"], r);
    if (!path) return false;
    s->file = *path;
    s->binary = true;
    s->newline = false;
    return true;
  }
  std::optional<std::string> bytes =
      *key == "hex" ? HexWithCaptures(v[*key], r, s) : Spelt(v[*key], *key, false, r);
  if (!bytes) return false;
  if (bytes->empty() && s->captured_at.empty() && s->files_at.empty()) {
    r.Error(v[*key], fmt::format("'{}' spells no byte: a send needs at least one", *key));
    return false;
  }
  s->text = *bytes;
  s->binary = true;
  s->newline = false;
  return true;
}

bool LoadByteExpect(const YAML::Node& v, YamlReader& r, Answer* a) {
  std::vector<std::string> keys = kExpectKeys;
  for (const char* k : {"text", "matches", "template"}) keys.push_back(k);
  if (!r.Map(v, "'expect'", keys)) return false;
  for (const char* k : {"text", "matches", "template"})
    if (v[k]) {
      r.Error(v[k], fmt::format("'{}' reads a line; this 'expect' reads bytes: give one of hex, "
                                "base64, bytes, length_prefix or until, or '{}' alone",
                                k, k));
      return false;
    }
  std::vector<std::string> forms;
  for (const char* k : {"bytes", "length_prefix", "until"})
    if (v[k]) forms.push_back(k);
  std::optional<std::string> body = BodyKey(v, "'expect'", r);
  if (!body) return false;
  if (forms.size() > 1 || (forms.empty() && body->empty()) ||
      (!forms.empty() && forms[0] == "bytes" && !body->empty())) {
    r.Error(v,
            "'expect' reads bytes one way: hex, base64 or file (exactly those), bytes (N of any "
            "value), length_prefix (a length, then that many) or until (up to a delimiter); "
            "only length_prefix and until also take hex, base64 or file, for the bytes they "
            "read");
    return false;
  }
  bool ok = true;
  if (*body == "file") {
    std::optional<std::string> path = FilePath(v["file"], r);
    if (path) a->file = *path, a->body_given = true;
    ok = path.has_value();
  } else if (!body->empty()) {
    std::optional<std::string> bytes = Spelt(v[*body], *body, *body == "hex", r);
    if (bytes) a->text = *bytes, a->body_given = true;
    ok = bytes.has_value();
  }
  if (v["capture"]) {
    std::optional<std::string> name = r.String(v["capture"], "capture");
    bool word = name && !name->empty() && !std::isdigit(static_cast<unsigned char>((*name)[0])) &&
                std::all_of(name->begin(), name->end(),
                            [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    if (name && !word)
      r.Error(v["capture"],
              fmt::format("'capture' names what was read for a later {{name}}: "
                          "letters, digits and '_', not starting with a digit, found '{}'",
                          Cut(*name)));
    if (word) a->capture = *name;
    ok = ok && word;
  }
  const std::string form = forms.empty() ? "" : forms[0];
  if (form.empty()) {
    a->kind = Answer::Kind::kBytes;
    if (ok && a->text.empty() && a->file.empty()) {
      r.Error(v[*body], fmt::format("'{}' spells no byte: an expect of bytes needs at least one "
                                    "(or 'expect: nothing')",
                                    *body));
      ok = false;
    }
  } else if (form == "bytes") {
    a->kind = Answer::Kind::kCount;
    const YAML::Node n = v["bytes"];
    std::optional<int64_t> count;
    if (n.IsScalar() && Classify(n) == ScalarKind::kInt) count = ParseInt(n.Scalar());
    if (!count) {
      r.Error(
          n, fmt::format("expected a number of bytes for 'bytes', found {}", YamlReader::Found(n)));
      ok = false;
    } else if (*count < 1) {
      r.Error(n, fmt::format("'bytes: {}' reads no byte: give how many bytes come, at least 1 "
                             "(for no answer at all: 'expect: nothing')",
                             *count));
      ok = false;
    } else if (*count > YamlReader::kMaxCaseBytes) {
      r.Error(n, fmt::format("'bytes: {}' is more than a case's messages may hold ({} bytes, 8 "
                             "MiB): read at most {}",
                             *count, YamlReader::kMaxCaseBytes, YamlReader::kMaxCaseBytes));
      ok = false;
    } else {
      a->count = static_cast<int>(*count);
    }
  } else if (form == "length_prefix") {
    a->kind = Answer::Kind::kLengthPrefix;
    ok = LengthPrefix(v["length_prefix"], r, a) && ok;
  } else {
    a->kind = Answer::Kind::kUntil;
    std::optional<std::string> delimiter = Spelt(v["until"], "until", true, r);
    if (delimiter && delimiter->empty()) {
      r.Error(v["until"],
              "'until' spells no byte: give the delimiter in hex (\"0a\" for a "
              "newline, \"0d 0a\" for \\r\\n, \"00\" for a NUL)");
      delimiter.reset();
    }
    if (delimiter) a->delimiter = *delimiter;
    ok = ok && delimiter.has_value();
  }
  return ok;
}

}  // namespace netgrade::spec
