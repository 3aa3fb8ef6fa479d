#include "harness/spec/reply.h"

#include "harness/base/text.h"
#include "harness/spec/captures.h"

namespace netgrade::spec {

std::string ApplyReplyTemplate(const std::string& tmpl, const std::string& line, int n) {
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl.compare(i, 6, "{line}") == 0) {
      out += line;
      i += 6;
    } else if (tmpl.compare(i, 7, "{upper}") == 0) {
      out += Upper(line);
      i += 7;
    } else if (tmpl.compare(i, 3, "{n}") == 0) {
      out += std::to_string(n);
      i += 3;
    } else {
      out += tmpl[i++];
    }
  }
  return out;
}

std::optional<std::string> ComputeReply(const std::string& tmpl,
                                        const std::optional<std::string>& matches,
                                        const std::string& line, int n) {
  if (!matches) return ApplyReplyTemplate(tmpl, line, n);
  spec::Captures values;
  if (!spec::MatchInto(*matches, line, &values)) return std::nullopt;
  // One pass over the template: a captured text holding "{line}" stays as it came.
  values["line"] = line;
  values["upper"] = Upper(line);
  values["n"] = std::to_string(n);
  return spec::FillCaptures(tmpl, values);
}

}  // namespace netgrade::spec
