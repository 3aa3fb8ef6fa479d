#pragma once

#include <string>

namespace netgrade::peers {

// The reference server's answer to one message: the spec's template with "{line}" (the
// message), "{upper}" (its upper case) and "{n}" (its 1-based index) filled in.
std::string ApplyReplyTemplate(const std::string& tmpl, const std::string& line, int n);

}  // namespace netgrade::peers
