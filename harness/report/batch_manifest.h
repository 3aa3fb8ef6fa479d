// OUT/batch.json of `netgrade batch`: what a batch output was graded against (the spec, its
// exercise and a hash of its text, the seed, the shard) and which submissions it holds. A
// resumed run must match it, and `netgrade merge` joins only shards that match each other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/report/gradebook.h"
#include "harness/run/batch.h"

namespace netgrade::report {

struct BatchManifest {
  std::string spec;       // the spec's path as given
  std::string exercise;   // and its exercise
  std::string spec_hash;  // NameHash of the spec's text, 16 hex digits: an edited spec differs
  uint64_t seed = 1;
  run::Shard shard;
  std::vector<GradebookCase> cases;      // the gradebook's columns
  std::vector<std::string> submissions;  // this shard's, sorted
  // Every entry of DIR (all shards): its count and a hash of the sorted names, so that a merge
  // knows whether all shards saw the same DIR and whether every submission is in one of them.
  size_t listed = 0;
  std::string listing_hash;
  // The reports of --format written beside each result (FormatNames() order, no repeats);
  // a resumed run must ask for the same, or some submissions would lack one.
  std::vector<std::string> formats;
  // --pcap: each case's capture in OUT/captures/; a resumed run must ask for it the same way.
  bool pcap = false;
};

// The manifest of a run of `spec` (whose text is spec_text) over `all` (ListSubmissions).
BatchManifest MakeManifest(const spec::Spec& spec, const std::string& spec_path,
                           const std::string& spec_text, uint64_t seed, const run::Shard& shard,
                           const std::vector<std::string>& all);

std::string ManifestJson(const BatchManifest& manifest);
// Throws UsageError naming `path` when the text is not a batch manifest.
BatchManifest ParseManifest(const std::string& text, const std::string& path);

// What differs between two runs that must be the same grading (a resumed one, two shards):
// "" when nothing does, else e.g. "seed 7 instead of 1". Compares the exercise, the spec's
// text (not its path: a copy of the spec elsewhere is the same spec), the seed and the cases.
std::string GradingDifference(const BatchManifest& before, const BatchManifest& now);

}  // namespace netgrade::report
