#include "harness/spec/faults.h"

#include <fmt/core.h>

#include <optional>

#include "harness/base/quantity.h"
#include "harness/spec/optional_key.h"
#include "harness/spec/scalar.h"

namespace netgrade::spec {
namespace {

// A YAML number (0.3, .5, 1e-1) or a string such as "30%".
void LoadRate(const YAML::Node& n, YamlReader& r, double* rate) {
  // A YAML number, or a string that ends in '%' ("0.3" in quotes is text, not a rate).
  ScalarKind kind = Classify(n);
  bool number_like =
      kind == ScalarKind::kInt || kind == ScalarKind::kFloat ||
      (kind == ScalarKind::kString && !n.Scalar().empty() && n.Scalar().back() == '%');
  bool out_of_range = false;
  std::optional<double> v;
  if (n.IsScalar() && number_like) v = ParseRate(n.Scalar(), &out_of_range);
  if (v) {
    *rate = *v;
  } else if (out_of_range) {
    r.Error(n,
            fmt::format("'drop_rate' must be from 0 to 1 (0% to 100%), found {}", Cut(n.Scalar())));
  } else {
    r.Error(n, fmt::format("expected a rate for 'drop_rate' such as 0.3 or 30%, found {}",
                           YamlReader::Found(n)));
  }
}

void LoadDirection(const YAML::Node& n, const std::string& key, YamlReader& r, DirectionFaults* d) {
  d->mark = YamlReader::MarkOf(n);
  if (!r.Map(n, "'" + key + "'", DirectionKeys())) return;
  if (auto v = OptionalKey(r, n, "drop", &YamlReader::IndexList)) d->drop = *v;
  if (auto v = OptionalKey(r, n, "duplicate", &YamlReader::IndexList)) d->duplicate = *v;
  if (auto v = OptionalKey(r, n, "hold", &YamlReader::IndexList)) d->hold = *v;
  if (auto v = OptionalKey(r, n, "late", &YamlReader::IndexList)) d->late = *v;
  if (n["drop_rate"]) LoadRate(n["drop_rate"], r, &d->drop_rate);
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
