// Answers computed from what the program sent, and the peer's messages framed on the wire
// (specs/FORMAT.md, "Computed answers"): the named groups of an RE2 pattern (`peer.matches`,
// a script's `expect: {matches: ...}`) fill later templates ("ACK:{seq}"); `peer.frame` sends
// each message as "{bit}:{line}"; a script's `at_once` sends go out in one turn. Here: the
// filling itself, and the loader's rules for all of it, each error at its file:line:col.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

#include "harness/spec/spec.h"
#include "harness/spec/yaml_reader.h"

namespace netgrade::spec {

using Captures = std::map<std::string, std::string>;

// The named groups of `pattern`, in no particular order (none when it is not valid RE2).
std::vector<std::string> GroupNames(const std::string& pattern);

// Whether `pattern` is found in `text`; when it is, each named group that took part is put
// in `into` (a group that did not take part keeps its earlier value).
bool MatchInto(const std::string& pattern, const std::string& text, Captures* into);

// `tmpl` with each "{name}" whose name is in `values` replaced by its value; every other
// brace stays as written (a constant such as "{|}~" is left alone).
std::string FillCaptures(const std::string& tmpl, const Captures& values);

// The message `line`, the `n`-th (1-based), as `frame` puts it on the wire: {line}, {n} and
// {bit} ((n - 1) % 2) filled in; `line` itself when `frame` is empty.
std::string ApplyFrame(const std::string& frame, const std::string& line, int n);

// The rules of `peer.matches`, `reply`'s placeholders, `frame`, `await`, `resend`, and of a
// script's captures and `at_once` steps, for case `c` read from `node`.
void CheckComputed(const Spec& spec, const Case& c, bool student_listens, const YAML::Node& node,
                   YamlReader& r);

}  // namespace netgrade::spec
