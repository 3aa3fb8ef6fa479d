// A script's connection in a student's words: the lab's name for its other end ("the
// browser", spec `connection_names`, the role's own first), else its order among the
// connections the script opens that way ("the third client", "the program's second
// connection"), never the spec's label, which a student has not read.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/spec/spec.h"

namespace netgrade::spec {

// Where a case's script first opens the connection `label`: connect (a client netgrade plays)
// or accept (the program's connection to netgrade's server; a no_connection step names the
// one that would come), and its place among the script's connections opened that way (1 for
// the first) of how many. Nothing for a label the script does not open.
struct Opened {
  Step::Action action = Step::Action::kConnect;
  size_t nth = 0, of = 0;
};
std::optional<Opened> OpenedAt(const std::vector<Step>* script, const std::string& label);

// Where the names come from: the role's connection_names, then the spec's, then the order in
// the case's script. Any may be null.
struct Naming {
  const std::map<std::string, std::string>* role_names = nullptr;
  const std::map<std::string, std::string>* spec_names = nullptr;
  const std::vector<Step>* script = nullptr;
};

// "the browser"; "the third client" ("the reference client" when it is the only one); "" for
// a connection the program opened, or one the script does not open.
std::string ConnectionName(const Naming& naming, const std::string& label);

// "the browser's connection", "the third client's connection", "the program's second
// connection", else "connection a" (`what`: "connection", "socket").
std::string ConnectionWords(const Naming& naming, const std::string& label,
                            const char* what = "connection");

}  // namespace netgrade::spec
