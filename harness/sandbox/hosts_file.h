// The hosts file and resolv.conf a case's programs see.
#pragma once

#include <string>

namespace netgrade::sandbox {

// A hosts file where localhost and the textbook's placeholders ("hostname", "servername")
// name the peer; returns its path (the caller removes it).
std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host);

// A resolv.conf naming the case's own name server (dns_answerer.h) on 127.0.0.1, which
// answers at once; returns its path (the caller removes it).
std::string WriteResolvConf();

}  // namespace netgrade::sandbox
