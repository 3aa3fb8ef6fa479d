#include "harness/spec/expected_files.h"

#include <fmt/core.h>

#include <set>

#include "harness/spec/given_files.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

const GivenFile* FindGiven(const Spec& spec, const std::string& path) {
  for (const GivenFile& f : spec.files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

const std::vector<std::string>& ExpectedFileKeys() {
  static const std::vector<std::string> keys = {"path", "same_as", "text", "absent", "hint"};
  return keys;
}

void LoadExpectedFiles(const YAML::Node& n, YamlReader& r, std::vector<ExpectedFile>* out) {
  if (!n.IsSequence()) {
    r.Error(n, fmt::format("expected 'files' to be a list such as [{{path: photo.bin, same_as: "
                           "photo.bin}}], found {}",
                           YamlReader::Found(n)));
    return;
  }
  std::set<std::string> paths;
  for (const auto& item : n) {
    if (!item.IsMap()) {
      r.Error(item, fmt::format("expected a file the program writes ({{path: ..., same_as: "
                                "...}} or {{path: ..., text: ...}}), found {}",
                                YamlReader::Found(item)));
      continue;
    }
    if (!r.Map(item, "a file of 'expect: files'", ExpectedFileKeys()) ||
        !r.Required(item, "path", "a file of 'expect: files'"))
      continue;
    ExpectedFile f;
    f.mark = YamlReader::MarkOf(item);
    auto path = LoadListedPath(item, "'expect: files'", r, &paths);
    if (!path) continue;
    f.path = *path;
    if (item["absent"]) {
      auto absent = r.Bool(item["absent"], "absent");
      if (!absent) continue;
      if (!*absent) {
        r.Error(item["absent"],
                "'absent: false' says nothing: a file the program must write is given with "
                "'same_as' or 'text' instead");
        continue;
      }
      if (item["same_as"] || item["text"]) {
        r.Error(item,
                "a file that must be absent has no content to compare: leave out "
                "'same_as' and 'text' beside 'absent: true'");
        continue;
      }
      f.absent = true;
    } else if (item["same_as"].IsDefined() == item["text"].IsDefined()) {
      r.Error(item,
              "a file the program writes is compared with 'same_as' (a file of 'files') or "
              "'text': give one of them (or 'absent: true' for a file it must not write)");
      continue;
    } else if (item["same_as"]) {
      auto same = r.String(item["same_as"], "same_as");
      if (!same) continue;
      f.same_as = *same;
    } else {
      auto text = r.String(item["text"], "text");
      if (!text || !r.Spend(item, text->size())) continue;
      f.text = *text;
    }
    if (item["hint"])
      if (auto hint = r.String(item["hint"], "hint")) f.hint = *hint;
    out->push_back(std::move(f));
  }
}

void CheckExpectedFiles(const Spec& spec, YamlReader& r) {
  for (const Case& c : spec.cases)
    for (const ExpectedFile& f : c.expect.files) {
      if (!f.same_as.empty() && FindGiven(spec, f.same_as) == nullptr)
        r.Error(f.mark, fmt::format("'same_as: {}' names no file of 'files' (the spec gives {})",
                                    Cut(f.same_as),
                                    spec.files.empty() ? std::string("none")
                                                       : "'" + spec.files.front().path + "'" +
                                                             (spec.files.size() > 1 ? "..." : "")));
      if (const GivenFile* given = FindGiven(spec, f.path); given && GoesTo(*given, c.role))
        r.Error(f.mark,
                fmt::format("the spec itself puts '{}' in the folder of the {}'s cases, so it "
                            "would be there whatever the program wrote: hold it in the peer "
                            "('held_by: peer') or give it to other roles only ('roles: [...]')",
                            Cut(f.path), c.role));
    }
}

const std::string& ExpectedBytes(const ExpectedFile& file, const Spec& spec) {
  if (file.same_as.empty()) return file.text;
  const GivenFile* given = FindGiven(spec, file.same_as);
  static const std::string none;
  return given ? given->content : none;
}

}  // namespace netgrade::spec
