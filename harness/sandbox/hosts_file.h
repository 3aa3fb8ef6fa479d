// The hosts file a case's programs see.
#pragma once

#include <string>

namespace netgrade::sandbox {

// A hosts file where localhost and the textbook's placeholders ("hostname", "servername")
// name the peer; returns its path (the caller removes it).
std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host);

}  // namespace netgrade::sandbox
