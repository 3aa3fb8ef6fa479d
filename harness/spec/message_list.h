// A list of messages a case sends or feeds (`send:` of a connection, `stdin:`): strings,
// repeated strings and messages drawn from the seed, counted against the loader's byte caps.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of a repeated message ({repeat: STRING, times: N}).
const std::vector<std::string>& RepeatKeys();

// A message is a string, {repeat: STRING, times: N}, or a message drawn from the seed
// ({draw: words, ...}: its description stands in `out` until spec::DrawMessages, and its
// place goes to `draws`). `key` ("send" or "stdin") names the list in messages; errors go to
// `r`.
void LoadMessages(const YAML::Node& n, const char* key, YamlReader& r,
                  std::vector<std::string>* out, std::vector<DrawAt>* draws);

}  // namespace netgrade::spec
