#pragma once

#include <optional>
#include <string>

namespace netgrade::spec {

// The reference server's answer to one message: the spec's template with "{line}" (the
// message), "{upper}" (its upper case) and "{n}" (its 1-based index) filled in.
std::string ApplyReplyTemplate(const std::string& tmpl, const std::string& line, int n);

// The answer to `line` computed as spec::Peer says: with `matches`, nullopt when the pattern is
// not found in `line`, else `tmpl` with its named groups ({seq}) filled in too.
std::optional<std::string> ComputeReply(const std::string& tmpl,
                                        const std::optional<std::string>& matches,
                                        const std::string& line, int n);

}  // namespace netgrade::spec
