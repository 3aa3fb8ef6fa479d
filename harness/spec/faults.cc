#include "harness/spec/faults.h"

#include <fmt/core.h>

#include <optional>

#include "harness/base/quantity.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

void LoadDirection(const YAML::Node& n, const std::string& key, YamlReader& r, DirectionFaults* d) {
  d->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'" + key + "'", DirectionKeys())) return;
  if (auto v = OptionalKey(r, n, "drop", &YamlReader::IndexList)) d->drop = *v;
  if (auto v = OptionalKey(r, n, "duplicate", &YamlReader::IndexList)) d->duplicate = *v;
  if (auto v = OptionalKey(r, n, "hold", &YamlReader::IndexList)) d->hold = *v;
  if (auto v = OptionalKey(r, n, "late", &YamlReader::IndexList)) d->late = *v;
  if (n["drop_rate"])
    if (auto v = r.Share(n["drop_rate"], "drop_rate")) d->drop_rate = *v;
  if (n["delay"])
    if (auto t = r.DurationMs(n["delay"], "delay", 0, 60000)) d->delay_ms = static_cast<int>(*t);
  if (n["jitter"])
    if (auto t = r.DurationMs(n["jitter"], "jitter", 0, 60000)) d->jitter_ms = static_cast<int>(*t);
  if (n["slice"])
    if (auto v = r.Integer(n["slice"], "slice", 0, 1 << 20)) d->slice = static_cast<int>(*v);
  if (auto b = OptionalKey(r, n, "coalesce", &YamlReader::Bool)) d->coalesce = *b;
  if (n["reset_after"])
    if (auto v = r.Integer(n["reset_after"], "reset_after", 0, int64_t{1} << 40))
      d->reset_after = *v;
}

}  // namespace

const std::vector<std::string>& FaultKeys() {
  static const std::vector<std::string> keys = {"to_student", "from_student"};
  return keys;
}

const std::vector<std::string>& DirectionKeys() {
  static const std::vector<std::string> keys = {"drop",     "drop_rate",  "duplicate", "hold",
                                                "late",     "delay",      "jitter",    "slice",
                                                "coalesce", "reset_after"};
  return keys;
}

void LoadFaults(const YAML::Node& n, YamlReader& r, Faults* f) {
  if (!r.Map(n, "'faults'", FaultKeys())) return;
  if (n["to_student"]) LoadDirection(n["to_student"], "to_student", r, &f->to_student);
  if (n["from_student"]) LoadDirection(n["from_student"], "from_student", r, &f->from_student);
}

}  // namespace netgrade::spec
