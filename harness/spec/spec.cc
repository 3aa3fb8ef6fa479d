#include "harness/spec/spec.h"

namespace netgrade::spec {

bool DirectionFaults::Empty() const {
  return drop.empty() && drop_rate == 0 && duplicate.empty() && hold.empty() && delay_ms == 0 &&
         jitter_ms == 0 && slice == 0 && !coalesce && reset_after < 0;
}

const char* VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kVisible:
      return "visible";
    case Visibility::kHidden:
      return "hidden";
    case Visibility::kAfterDueDate:
      return "after_due_date";
    case Visibility::kAfterPublished:
      return "after_published";
  }
  return "visible";
}

const Role* Spec::FindRole(const std::string& name) const {
  for (const Role& role : roles)
    if (role.name == name) return &role;
  return nullptr;
}

}  // namespace netgrade::spec
