// `expect: files:`: the files a program must have written in its folder by the end of its case
// (a file receiver's), each compared byte for byte with a file of the spec's `files` (`same_as`,
// usually one the peer holds and sends, drawn from the seed) or with `text`. specs/FORMAT.md,
// "Files a program writes".
#pragma once

#include <yaml-cpp/yaml.h>

#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of an item of `expect: files`.
const std::vector<std::string>& ExpectedFileKeys();

// Reads the list `n` into `out`; errors go to `r`.
void LoadExpectedFiles(const YAML::Node& n, YamlReader& r, std::vector<ExpectedFile>* out);

// Each `same_as` must name a file of `files`, and a file the program is to write may not be one
// the spec puts in that case's folder itself (it would be there whatever the program did);
// errors go to `r`, at the item.
void CheckExpectedFiles(const Spec& spec, YamlReader& r);

// The bytes `file` must hold, from the (drawn) spec's files.
const std::string& ExpectedBytes(const ExpectedFile& file, const Spec& spec);

}  // namespace netgrade::spec
