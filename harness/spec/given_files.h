// `files:`: the files a spec puts in the program's folder, its working directory (a web
// server's pages), each given inline (`text`) or read from a file beside the spec (`from`)
// when the spec is loaded, so that every sandbox mode and a spec copied elsewhere see the same
// bytes. Written into the submission's copy by run/spec_files.h. specs/FORMAT.md, "files".
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

inline constexpr size_t kMaxGivenFileBytes = 1 << 20;
inline constexpr size_t kMaxGivenFiles = 100;
// A drawn file (`draw: bytes`): a file over 1 MiB that arrives in many pieces.
inline constexpr int64_t kMaxDrawnFileBytes = int64_t{8} << 20;

// The `path` of `item`, an item of the list `list` ("'files'", "'expect: files'"): one that
// IsGivenFilePath accepts, not already in `seen` (which it joins); nullopt after reporting.
std::optional<std::string> LoadListedPath(const YAML::Node& item, const std::string& list,
                                          YamlReader& r, std::set<std::string>* seen);

// The keys of an item of `files`.
const std::vector<std::string>& GivenFileKeys();

// Whether `path` may name a given file: relative, its parts letters, digits, '.', '-' and '_'
// (not "." nor ".."), at most 200 bytes: it cannot leave the program's folder.
bool IsGivenFilePath(const std::string& path);

// Reads the list `n` into `out`; `spec_file` is the spec's path (`from` is relative to its
// folder). Errors go to `r`.
void LoadGivenFiles(const YAML::Node& n, YamlReader& r, const std::string& spec_file,
                    std::vector<GivenFile>* out);

// Each role a file of `files` names (`roles:`) must be one of the spec's; errors go to `r`.
void CheckGivenFileRoles(const Spec& spec, YamlReader& r);

// Whether `f` goes into the folder of the program of `role`'s cases: never when the peer holds
// it, else when it names no roles or names this one.
bool GoesTo(const GivenFile& f, const std::string& role);

// `size` bytes drawn from `seed`: every byte value once in a drawn order (the first 256, or
// as many of them as fit), then drawn bytes.
std::string DrawnBytes(size_t size, uint64_t seed);

// `{file:PATH}` in a script's `expect: {text: ...}` stands for the one line of the given file
// PATH (a drawn one: what the program must have read from it). Each must name a file of
// `files` that holds one line; errors go to `r`, at the step.
void CheckFileRefs(const Spec& spec, YamlReader& r);
// Whether `s` is a send of text that `{file:PATH}` may name a file's line in (not bytes, not
// drawn).
bool SendsFileText(const Step& s);

// A script step's `file:` (a send's, or an expect's body) filled in with that file's bytes,
// as drawn.
void FillFileBytes(Step* s, const std::vector<GivenFile>& files);
// `text` with each `{file:PATH}` replaced by that file's line (without its line end).
std::string FillFileRefs(const std::string& text, const std::vector<GivenFile>& files);

}  // namespace netgrade::spec
