// The byte forms of a script's steps (specs/FORMAT.md, "Bytes"): `send: {hex: ...}` or
// `{base64: ...}`, sent exactly as those bytes; and `expect:` maps that read bytes rather than
// a line: `{hex: ...}`, `{base64: ...}`, `{bytes: N}`, `{length_prefix: {size, order}}` and
// `{until: HEX}` (the last two with a `hex` or `base64` body if given), each with `capture`.
// Each problem is reported at its file:line:col with what to write instead.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

// The keys of `send: {...}` in bytes: hex, base64.
const std::vector<std::string>& ByteSendKeys();
// The keys of an `expect:` map that reads bytes: hex, base64, bytes, length_prefix, until,
// capture.
const std::vector<std::string>& ByteExpectKeys();
// The keys of `length_prefix: {...}`: size, order.
const std::vector<std::string>& LengthPrefixKeys();

// Whether `v` is a `send` in bytes (a map with hex or base64), or an `expect` map that reads
// bytes (one with a key of ByteExpectKeys()).
bool IsByteSend(const YAML::Node& v);
bool IsByteExpect(const YAML::Node& v);

// `send: {hex: ...}` or `{base64: ...}` into s->text, with s->binary set. False after
// reporting what is wrong.
bool LoadByteSend(const YAML::Node& v, YamlReader& r, Step* s);

// An `expect:` map that reads bytes into *a. False after reporting what is wrong.
bool LoadByteExpect(const YAML::Node& v, YamlReader& r, Answer* a);

}  // namespace netgrade::spec
