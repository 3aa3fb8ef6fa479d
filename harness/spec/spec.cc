#include "harness/spec/spec.h"

#include <algorithm>
#include <cctype>

#include "harness/base/text.h"

namespace netgrade::spec {

bool DirectionFaults::Empty() const {
  return drop.empty() && drop_rate == 0 && duplicate.empty() && hold.empty() && late.empty() &&
         delay_ms == 0 && jitter_ms == 0 && slice == 0 && !coalesce && reset_after < 0;
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

const char* StepName(Step::Action action) {
  switch (action) {
    case Step::Action::kConnect:
      return "connect";
    case Step::Action::kAccept:
      return "accept";
    case Step::Action::kSend:
      return "send";
    case Step::Action::kExpect:
      return "expect";
    case Step::Action::kAnswer:
      return "answer";
    case Step::Action::kClose:
      return "close";
    case Step::Action::kReset:
      return "reset";
    case Step::Action::kUntilWaiting:
      return "until waiting";
    case Step::Action::kPause:
      return "pause";
    case Step::Action::kStopStudent:
      return "stop student";
    case Step::Action::kStartStudent:
      return "start student";
    case Step::Action::kListening:
      return "listening";
    case Step::Action::kStopPeer:
      return "stop peer";
    case Step::Action::kStartPeer:
      return "start peer";
    case Step::Action::kStdin:
      return "stdin";
    case Step::Action::kCloseStdin:
      return "close stdin";
    case Step::Action::kUntilReceived:
      return "until received";
    case Step::Action::kLines:
      return "lines";
    case Step::Action::kEnd:
      return "end";
    case Step::Action::kNoConnection:
      return "no_connection";
  }
  return "step";
}

bool PlaysBothSides(const Case& c, bool student_listens) {
  return student_listens && std::any_of(c.script.begin(), c.script.end(), [](const Step& s) {
           return s.action == Step::Action::kAccept || s.action == Step::Action::kNoConnection;
         });
}

const Role* Spec::FindRole(const std::string& name) const {
  for (const Role& role : roles)
    if (role.name == name) return &role;
  return nullptr;
}

const std::vector<std::string>& CaseArgv(const Role& role, const Case& c) {
  return c.argv ? *c.argv : role.argv;
}

size_t PortArgument(const std::vector<std::string>& argv) {
  for (size_t i = 0; i < argv.size(); ++i)
    if (argv[i].find("{port}") != std::string::npos) return i + 1;
  return 0;
}

size_t HostArgument(const std::vector<std::string>& argv) {
  for (size_t i = 0; i < argv.size(); ++i)
    if (argv[i] == "{host}") return i + 1;
  return 0;
}

std::string Spec::RoleNames() const {
  std::string names;
  for (const Role& role : roles) names += (names.empty() ? "" : ", ") + role.name;
  return names;
}

}  // namespace netgrade::spec
