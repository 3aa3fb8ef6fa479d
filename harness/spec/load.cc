#include "harness/spec/load.h"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/base/file.h"
#include "harness/spec/cases.h"
#include "harness/spec/draw.h"
#include "harness/spec/expect.h"
#include "harness/spec/expected_files.h"
#include "harness/spec/faults.h"
#include "harness/spec/given_files.h"
#include "harness/spec/kind_keys.h"
#include "harness/spec/line_rules.h"
#include "harness/spec/message_list.h"
#include "harness/spec/named_draws.h"
#include "harness/spec/names.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/parse.h"
#include "harness/spec/peer.h"
#include "harness/spec/roles.h"
#include "harness/spec/scalar.h"
#include "harness/spec/script.h"
#include "harness/spec/script_blocks.h"
#include "harness/spec/script_bytes.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {
namespace {

constexpr size_t kMaxSpecBytes = 4 << 20;

// The top's keys, a kind's own among them.
const std::vector<std::string>& TopKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k = {"exercise",   "title", "protocol", "letters",
                                  "wrong_port", "roles", "defaults", "cases",
                                  "build",      "files", "draws",    "connection_names"};
    for (const KindKeys* kind : AllKindKeys())
      k.insert(k.end(), kind->top_keys.begin(), kind->top_keys.end());
    return k;
  }();
  return keys;
}
const std::vector<std::string> kBuildKeys = {"command", "timeout"};

// `build: make`, or `build: {command: make, timeout: 60s}`.
void LoadBuild(const YAML::Node& n, YamlReader& r, Spec* spec) {
  Build b;
  b.mark = YamlReader::MarkOf(n);
  std::optional<std::string> command;
  if (n.IsMap()) {
    if (!r.Map(n, "'build'", kBuildKeys)) return;
    if (!r.Required(n, "command", "'build'")) return;
    command = r.String(n["command"], "command");
    if (n["timeout"])
      if (auto t = r.DurationMs(n["timeout"], "timeout", 1, kMaxTimeoutMs))
        b.timeout_ms = static_cast<int>(*t);
  } else {
    command = r.String(n, "build");
  }
  if (!command) return;
  if (command->find_first_not_of(" \t") == std::string::npos) {
    r.Error(n.IsMap() ? n["command"] : n, "'build' needs a command, such as 'make'");
    return;
  }
  b.command = *command;
  spec->build = b;
}

// The scalars of the top level: exercise, title, protocol, letters and wrong_port.
void LoadHead(const YAML::Node& root, YamlReader& r, Spec* spec, CaseContext* context) {
  if (auto s = OptionalKey(r, root, "exercise", &YamlReader::String)) {
    spec->exercise = *s;
    if (!IsName(*s))
      r.Error(root["exercise"],
              fmt::format("'exercise' names files and folders, so it may hold only letters, "
                          "digits, '-' and '_', found '{}'",
                          Cut(*s)));
  }
  if (auto s = OptionalKey(r, root, "title", &YamlReader::String)) spec->title = *s;
  if (root["protocol"]) {
    std::vector<std::string> names = {"tcp", "udp"};
    for (const KindKeys* kind : AllKindKeys()) names.push_back(kind->name);
    if (auto p = r.Enum(root["protocol"], "protocol", names)) {
      spec->protocol = *p == "tcp" ? Protocol::kTcp : Protocol::kUdp;
      for (const KindKeys* kind : AllKindKeys())
        if (*p == kind->name) spec->protocol = kind->protocol;
    } else
      context->protocol_unknown = true;
  }
  if (root["letters"])
    if (auto v = r.Enum(root["letters"], "letters", {"ascii", "unicode"}))
      spec->letters = *v == "ascii" ? Letters::kAscii : Letters::kUnicode;
  if (root["wrong_port"])
    if (auto v = r.Enum(root["wrong_port"], "wrong_port", {"fail", "credit"}))
      spec->wrong_port = *v == "fail" ? WrongPort::kFail : WrongPort::kCredit;
}

// The whole spec, each section to its reader, in this order: the cases are read with what
// the roles and defaults said.
Spec Load(const YAML::Node& root, const std::string& file, YamlReader& r) {
  Spec spec;
  spec.file = file;
  if (!r.Map(root, "the spec", TopKeys())) return spec;
  for (const char* key : {"exercise", "protocol", "roles", "cases"})
    r.Required(root, key, "the spec");
  CaseContext context;
  LoadHead(root, r, &spec, &context);
  if (root["roles"]) LoadRoles(root["roles"], r, &spec.roles, &context.uncertain_roles);
  if (root["defaults"]) LoadDefaults(root["defaults"], r, &context);
  if (root["cases"]) LoadCases(root["cases"], context, r, &spec);
  if (root["build"]) LoadBuild(root["build"], r, &spec);
  if (root["files"]) LoadGivenFiles(root["files"], r, spec.file, &spec.files);
  if (root["draws"]) LoadNamedDraws(root["draws"], r, &spec.named_draws);
  if (root["connection_names"])
    spec.connection_names = ReadConnectionNames(root["connection_names"], r);
  CheckFileRefs(spec, r);
  CheckDrawRefs(spec, r);
  CheckGivenFileRoles(spec, r);
  CheckExpectedFiles(spec, r);
  for (const KindKeys* kind : AllKindKeys())
    if (kind->load_spec) kind->load_spec(root, r, !context.protocol_unknown, &spec);
  return spec;
}

// In file order, so the first error a reader sees is the first in the file; every error at
// once, but a page, not a flood: a spec pasted with the wrong indentation can give one per
// line.
void OrderAndBound(const std::string& file_name, std::vector<SpecError>* errors) {
  std::stable_sort(errors->begin(), errors->end(), [](const SpecError& a, const SpecError& b) {
    return std::pair(a.mark.line, a.mark.column) < std::pair(b.mark.line, b.mark.column);
  });
  if (errors->size() > kMostErrors) {
    size_t more = errors->size() - kMostErrors;
    errors->resize(kMostErrors);
    errors->push_back({file_name,
                       {},
                       fmt::format("and {} more error{} after these: fix these first", more,
                                   more == 1 ? "" : "s")});
  }
}

}  // namespace

std::string SpecError::ToString() const {
  if (mark.line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, mark.line, mark.column, message);
}

LoadResult LoadSpecString(std::string_view yaml, const std::string& file_name) {
  LoadResult result;
  std::optional<YAML::Node> root = ParseYaml(yaml, file_name, &result.errors);
  if (!root) return result;
  if (!root->IsDefined() || root->IsNull()) {
    result.errors.push_back(
        {file_name,
         {1, 1},
         "the spec is empty; expected a map with exercise, protocol, roles and cases"});
    return result;
  }
  try {
    YamlReader reader(file_name, &result.errors);
    reader.set_text(yaml);
    Spec spec = Load(*root, file_name, reader);
    if (result.errors.empty()) result.spec = std::move(spec);
  } catch (const YAML::Exception& e) {
    Mark at = e.mark.is_null() ? Mark{} : Mark{e.mark.line + 1, e.mark.column + 1};
    result.errors.push_back({file_name, at, e.msg});
  }
  OrderAndBound(file_name, &result.errors);
  return result;
}

std::vector<KeyGroup> AcceptedKeys() {
  std::vector<std::string> expect = ExpectKeys();
  for (const char* prefix : {"stdout", "received"})
    for (const std::string& k : LineRuleKeys(prefix))
      if (std::find(expect.begin(), expect.end(), k) == expect.end()) expect.push_back(k);
  std::vector<KeyGroup> groups = {{"top level", TopKeys()},
                                  {"build", kBuildKeys},
                                  {"defaults", DefaultsKeys()},
                                  {"role", RoleKeys()},
                                  {"case", CaseKeys()},
                                  {"peer", PeerKeys()},
                                  {"connection", ConnectionKeys()},
                                  {"repeated message", RepeatKeys()},
                                  {"drawn message", DrawKeys()},
                                  {"expect", expect},
                                  {"line check item", LineRuleItemKeys()},
                                  {"line count", LineCountKeys()},
                                  {"faults", FaultKeys()},
                                  {"faults direction", DirectionKeys()},
                                  {"script step", ScriptStepKeys()},
                                  {"script expect", ScriptExpectKeys()},
                                  {"script send in bytes", ByteSendKeys()},
                                  {"script length prefix", LengthPrefixKeys()},
                                  {"script until", {"received"}},
                                  {"script hint", ScriptHintKeys()},
                                  {"script lines", LineBlockKeys()},
                                  {"given file", GivenFileKeys()},
                                  {"expected file", ExpectedFileKeys()}};
  for (const KindKeys* kind : AllKindKeys())
    for (const auto& [name, keys] : kind->maps) groups.push_back({name, keys});
  return groups;
}

LoadResult LoadSpecFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return LoadResult{
        std::nullopt,
        {{path,
          {},
          "not a file but a directory; give a spec file such as specs/tcp-capitalize.yaml"}}};
  std::optional<std::string> text = ReadFile(path, kMaxSpecBytes + 1);
  if (!text)
    return LoadResult{std::nullopt,
                      {{path, {}, "cannot read the spec: no such file or not readable"}}};
  if (text->size() > kMaxSpecBytes)
    return LoadResult{
        std::nullopt,
        {{path, {}, fmt::format("the spec is larger than {} MiB", kMaxSpecBytes >> 20)}}};
  return LoadSpecString(*text, path);
}

}  // namespace netgrade::spec
