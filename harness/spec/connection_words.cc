#include "harness/spec/connection_words.h"

#include <fmt/core.h>

#include <map>
#include <set>

#include "harness/base/text.h"

namespace netgrade::spec {

std::optional<Opened> OpenedAt(const std::vector<Step>* script, const std::string& label) {
  if (script == nullptr || label.empty()) return std::nullopt;
  std::optional<Opened> found;
  std::map<Step::Action, std::set<std::string>> seen;
  for (const Step& step : *script) {
    // A connection that must not come (no_connection) would be the program's next one.
    const Step::Action action =
        step.action == Step::Action::kNoConnection ? Step::Action::kAccept : step.action;
    if (action != Step::Action::kConnect && action != Step::Action::kAccept) continue;
    std::set<std::string>& labels = seen[action];
    if (!labels.insert(step.on).second) continue;
    if (step.on == label && !found) found = Opened{action, labels.size(), 0};
  }
  if (found) found->of = seen[found->action].size();
  return found;
}

std::string ConnectionName(const Naming& naming, const std::string& label) {
  if (label.empty()) return "";
  for (const std::map<std::string, std::string>* names : {naming.role_names, naming.spec_names}) {
    if (names == nullptr) continue;
    if (auto it = names->find(label); it != names->end()) return "the " + it->second;
  }
  if (std::optional<Opened> o = OpenedAt(naming.script, label);
      o && o->action == Step::Action::kConnect)
    return o->of == 1 ? "the reference client" : fmt::format("the {} client", Ordinal(o->nth));
  return "";
}

std::string ConnectionWords(const Naming& naming, const std::string& label, const char* what) {
  std::string name = ConnectionName(naming, label);
  if (!name.empty()) return fmt::format("{}'s {}", name, what);
  if (std::optional<Opened> o = OpenedAt(naming.script, label))
    return o->of == 1 ? fmt::format("the program's {}", what)
                      : fmt::format("the program's {} {}", Ordinal(o->nth), what);
  return fmt::format("{} {}", what, label);
}

}  // namespace netgrade::spec
