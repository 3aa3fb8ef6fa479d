#include "harness/spec/spec.h"

#include <cctype>

#include "harness/base/text.h"

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

bool ChecksLettersOutsideAscii(const Case& c) {
  if (c.expect.replies != Transform::kUpper) return false;
  for (const Connection& conn : c.peer.connections)
    for (const std::string& m : conn.send) {
      std::string bytewise = m;
      for (char& ch : bytewise)
        if (static_cast<unsigned char>(ch) < 128)
          ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (Upper(m) != bytewise) return true;
    }
  return false;
}

const Role* Spec::FindRole(const std::string& name) const {
  for (const Role& role : roles)
    if (role.name == name) return &role;
  return nullptr;
}

}  // namespace netgrade::spec
