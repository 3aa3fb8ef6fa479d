#include "harness/report/batch_manifest.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "harness/base/error.h"
#include "harness/base/seed.h"

namespace netgrade::report {

BatchManifest MakeManifest(const spec::Spec& spec, const std::string& spec_path,
                           const std::string& spec_text, uint64_t seed, const run::Shard& shard,
                           const std::vector<std::string>& all) {
  BatchManifest m;
  m.spec = spec_path;
  m.exercise = spec.exercise;
  m.spec_hash = fmt::format("{:016x}", NameHash(spec_text));
  m.seed = seed;
  m.shard = shard;
  m.cases = GradebookCases(spec);
  m.submissions = run::ShardOf(all, shard);
  m.listed = all.size();
  std::string joined;
  for (const std::string& name : all) joined += name + '\0';  // no name holds a NUL
  m.listing_hash = fmt::format("{:016x}", NameHash(joined));
  return m;
}

std::string ManifestJson(const BatchManifest& m) {
  nlohmann::json cases = nlohmann::json::array();
  for (const GradebookCase& c : m.cases) cases.push_back({{"name", c.name}, {"points", c.points}});
  nlohmann::json doc = {
      {"spec", m.spec},
      {"exercise", m.exercise},
      {"spec_hash", m.spec_hash},
      {"seed", m.seed},
      {"shard", m.shard.Name()},
      {"cases", cases},
      {"submissions", m.submissions},
      {"listed", m.listed},
      {"listing_hash", m.listing_hash},
      {"formats", m.formats},
  };
  if (m.pcap) doc["pcap"] = true;  // absent without --pcap: the bytes of a batch without it
  // Folder names may hold invalid UTF-8: replaced here; the result files keep the real names.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

BatchManifest ParseManifest(const std::string& text, const std::string& path) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  BatchManifest m;
  try {
    if (!doc.is_object()) throw std::runtime_error("not a JSON object");
    m.spec = doc.at("spec").get<std::string>();
    m.exercise = doc.at("exercise").get<std::string>();
    m.spec_hash = doc.at("spec_hash").get<std::string>();
    m.seed = doc.at("seed").get<uint64_t>();
    m.shard = run::ParseShard(doc.at("shard").get<std::string>());
    for (const nlohmann::json& c : doc.at("cases"))
      m.cases.push_back({c.at("name").get<std::string>(), c.at("points").get<int>()});
    m.submissions = doc.at("submissions").get<std::vector<std::string>>();
    m.listed = doc.at("listed").get<size_t>();
    m.listing_hash = doc.at("listing_hash").get<std::string>();
    // Absent from the batch.json of a netgrade without --format: no reports.
    if (doc.contains("formats")) m.formats = doc["formats"].get<std::vector<std::string>>();
    if (doc.contains("pcap")) m.pcap = doc["pcap"].get<bool>();
  } catch (const std::exception& e) {
    throw UsageError(
        fmt::format("{}: not the batch.json of a netgrade batch ({})", path, e.what()));
  }
  return m;
}

std::string GradingDifference(const BatchManifest& before, const BatchManifest& now) {
  if (before.exercise != now.exercise)
    return fmt::format("exercise {} instead of {}", now.exercise, before.exercise);
  if (before.spec_hash != now.spec_hash)
    return fmt::format("spec {} is not the text that graded it ({})", now.spec, before.spec);
  if (before.seed != now.seed) return fmt::format("seed {} instead of {}", now.seed, before.seed);
  bool same_cases = before.cases.size() == now.cases.size();
  for (size_t i = 0; same_cases && i < now.cases.size(); ++i)
    same_cases =
        before.cases[i].name == now.cases[i].name && before.cases[i].points == now.cases[i].points;
  if (!same_cases) return "other cases";
  return "";
}

}  // namespace netgrade::report
