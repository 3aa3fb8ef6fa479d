// A host written into the program instead of the one it is given ('192.168.0.123', a PC's
// name such as 'DESKTOP-7QK2': the textbook tells students to put their server's address
// there). In a case's own network namespaces every address and every name leads to the
// reference peer (sandbox/any_address.h, sandbox/dns_answerer.h), so such a program works
// here: the report notes the address it used. It is not failed for it: where the exercise
// gives no host the address is the student's to choose, and where it gives one the program
// still did all the networking the case grades; the note says what must change for a real
// network. Without namespaces the address leads nowhere: the advice explains the failure.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/check/result.h"

namespace netgrade::check {

struct HostUse {
  std::string program;               // "client.py"
  bool host_given = false;           // the role's argv hands the program a HOST ("{host}")
  std::string peer_host;             // where the reference peer is, as the program is told
  bool datagrams = false;            // UDP: "sent to" rather than "connected to"
  std::vector<std::string> dialled;  // addresses the program connected or sent to
  std::vector<std::string> names;    // names it asked the case's name server for
  // Without namespaces: the names this machine's /etc/hosts maps (NamesInHostsFile). The
  // textbook's placeholders ('servername', 'hostname') resolve only when it maps them.
  std::set<std::string> hosts_names;
  // What the case itself handed the program (its arguments, its input): a name or address in
  // it is the case's, not one written in the program.
  std::vector<std::string> given;
};

// The host names a hosts file's text maps (every name after an address, comments left out),
// in lower case: names are looked up there without regard to case.
std::set<std::string> NamesInHostsFile(std::string_view text);

// The note for a program that used an address or a name of its own; "" when it used the
// peer's address (or any loopback address) and asked for no name.
std::string FixedHostNote(const HostUse& use);

// A host that is not this machine written in `source` (a Python or C program): a quoted
// IPv4 address other than loopback and 0.0.0.0, or a name assigned to a variable named like
// a host ("serverName = 'DESKTOP-7QK2'") other than the placeholders the hosts file maps.
std::optional<std::string> HostInSource(std::string_view source);

// A placeholder the textbook writes for the server's host ('servername', 'hostname', 'server'),
// as written in `source`: assigned to a variable named like a host, or the host of a
// (host, port) pair. In a case's own network it leads to the peer (sandbox/hosts_file.h).
std::optional<std::string> PlaceholderHostInSource(std::string_view source);

// Without namespaces, for a client that never reached the peer: the sentence that explains
// it when its source names such a host, or a placeholder that use.hosts_names does not map
// (this machine does not know the name); "" otherwise.
std::string UnreachableHostAdvice(const HostUse& use, std::string_view source);

// Where the sentences go: FixedHostNote in r->notes of a passing case, as a paragraph after
// the diagnosis of a failing one; without namespaces (!isolated), UnreachableHostAdvice
// before the diagnosis of a failing client that never reached the peer. `source` is read
// only then (nullopt: not found).
void NoteHostUse(const HostUse& use, bool isolated, bool reached_peer,
                 const std::function<std::optional<std::string>()>& source, CaseResult* r);

}  // namespace netgrade::check
