#include "harness/spec/message_list.h"

#include <fmt/core.h>

#include <optional>

#include "harness/spec/draw.h"

namespace netgrade::spec {
namespace {

constexpr size_t kMaxMessageBytes = 1 << 20;

// {repeat: STRING, times: N} as one message; nullopt after reporting what is wrong. `spent`
// is false when a cap was passed: the rest of the list is not read.
std::optional<std::string> Repeated(const YAML::Node& item, YamlReader& r, bool* spent) {
  if (!r.Map(item, "a repeated message", RepeatKeys())) return std::nullopt;
  if (!r.Required(item, "repeat", "a repeated message") ||
      !r.Required(item, "times", "a repeated message"))
    return std::nullopt;
  auto text = r.String(item["repeat"], "repeat");
  auto times = r.Integer(item["times"], "times", 1, 1000000);
  if (!text || !times) return std::nullopt;
  if (text->size() * static_cast<size_t>(*times) > kMaxMessageBytes) {
    r.Error(item, fmt::format("a repeated message may be at most {} bytes", kMaxMessageBytes));
    return std::nullopt;
  }
  if (!r.Spend(item, text->size() * static_cast<size_t>(*times))) {
    *spent = false;
    return std::nullopt;
  }
  std::string m;
  for (int64_t i = 0; i < *times; ++i) m += *text;
  return m;
}

}  // namespace

const std::vector<std::string>& RepeatKeys() {
  static const std::vector<std::string> keys = {"repeat", "times"};
  return keys;
}

void LoadMessages(const YAML::Node& n, const char* key, YamlReader& r,
                  std::vector<std::string>* out, std::vector<DrawAt>* draws) {
  if (!n.IsSequence()) {
    r.Error(n, fmt::format("expected a list of {} for '{}', found {}",
                           std::string(key) == "send" ? "messages" : "lines", key,
                           YamlReader::Found(n)));
    return;
  }
  for (const auto& item : n) {
    if (item.IsMap() && item["draw"]) {
      std::optional<Draw> d = LoadDraw(item, r);
      if (!d || !r.Spend(item, MostBytes(*d))) continue;
      draws->push_back({out->size(), *d});
      out->push_back("<" + DescribeDraw(*d) + ">");
    } else if (item.IsMap()) {
      bool spent = true;
      std::optional<std::string> m = Repeated(item, r, &spent);
      if (!spent) return;
      if (m) out->push_back(std::move(*m));
    } else if (auto s = r.String(item, key)) {
      if (!r.Spend(item, s->size())) return;
      out->push_back(*s);
    }
  }
}

}  // namespace netgrade::spec
