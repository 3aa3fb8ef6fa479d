// The hosts file and resolv.conf a case's programs see.
#pragma once

#include <cstdint>
#include <string>

namespace netgrade::sandbox {

// A hosts file where localhost and the textbook's placeholders ("hostname", "servername")
// name the peer, and `student_name` (the program's own host name) its own address; returns
// its path (the caller removes it).
std::string WriteHostsFile(const std::string& peer_host, const std::string& student_host,
                           const std::string& student_name = "netgrade-student");

// `machine_hosts` (the machine's /etc/hosts), then the textbook's placeholders ("hostname",
// "servername") naming `peer_host`: where a program has no root of its own, the hosts file its
// reads of /etc/hosts get (connect_guard.h); returns its path (the caller removes it).
std::string WriteSharedHostsFile(const std::string& machine_hosts, const std::string& peer_host);

// The host name a case's program sees (gethostname()), drawn from the case's seed among names
// students' computers have, so that no fixed name tells a program it is being graded.
std::string CaseHostName(uint64_t case_seed);

// The PID the case's namespace hands out before its program's, from the case's seed: the
// program is PID 301 to 40300, as one started on a computer that has been up a while, not
// always PID 2 (SpawnOptions::pid_after).
int CasePidAfter(uint64_t case_seed);

// A resolv.conf naming the case's own name server (dns_answerer.h) on 127.0.0.1, which
// answers at once; returns its path (the caller removes it).
std::string WriteResolvConf();

// An /etc/protocols for a machine without one (netbase not installed: a slim container, a
// minimal Debian): the protocols a socket program names (getprotobyname("icmp"), the textbook
// pinger's way to its raw socket), with their numbers. Written once per run, removed as the
// grader ends; its path.
const std::string& ProtocolsFile();

}  // namespace netgrade::sandbox
