#include "harness/spec/script_repeat.h"

#include <fmt/core.h>

#include "harness/spec/scalar.h"

namespace netgrade::spec {

bool IsRepeatBlock(const YAML::Node& n) {
  if (!n.IsMap() || !n["repeat"]) return false;
  for (const auto& kv : n)
    if (kv.first.IsScalar() && kv.first.Scalar() != "repeat" && kv.first.Scalar() != "steps" &&
        kv.first.Scalar() != "on" && kv.first.Scalar() != "hint")
      return false;  // a step with an action, repeated: read as a step
  return true;
}

const std::vector<std::string>& RepeatBlockKeys() {
  static const std::vector<std::string> keys = {"repeat", "steps"};
  return keys;
}

std::optional<int> ReadRepeatCount(const YAML::Node& v, YamlReader& r) {
  if (v.IsScalar() && Classify(v) != ScalarKind::kInt) {
    r.Error(v, fmt::format("expected how many times for 'repeat' (1 to {}), found {}", kMostRepeats,
                           YamlReader::Found(v)));
    return std::nullopt;
  }
  auto n = r.Integer(v, "repeat", 1, kMostRepeats);
  if (!n) return std::nullopt;
  return static_cast<int>(*n);
}

bool AppendRounds(const std::vector<Step>& steps, int times, const YAML::Node& at, YamlReader& r,
                  std::vector<Step>* out) {
  if (out->size() + steps.size() * static_cast<size_t>(times) > kMostScriptSteps) {
    r.Error(at, fmt::format("this 'repeat' makes the script longer than {} steps: repeat fewer "
                            "times, or split the case",
                            kMostScriptSteps));
    return false;
  }
  size_t bytes = 0;
  for (const Step& s : steps) bytes += s.text.size() + s.answer.text.size();
  for (int round = 1; round <= times; ++round) {
    // The first copy was counted as it was read; every other is a copy more.
    if (round > 1 && bytes > 0 && !r.Spend(at, bytes)) return false;
    for (Step s : steps) {
      if (times > 1) s.rounds.insert(s.rounds.begin(), {round, times});
      out->push_back(std::move(s));
    }
  }
  return true;
}

std::string RoundWords(const Step& s) {
  std::string out;
  for (size_t i = 0; i < s.rounds.size(); ++i)
    out += fmt::format("{}{} of {}", i == 0 ? ", round " : ", ", s.rounds[i].first,
                       s.rounds[i].second);
  return out;
}

}  // namespace netgrade::spec
