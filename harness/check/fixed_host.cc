#include "harness/check/fixed_host.h"

#include <fmt/core.h>

#include <algorithm>
#include <regex>
#include <sstream>

#include "harness/base/text.h"

namespace netgrade::check {
namespace {

bool Loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "0.0.0.0" || address == "::1";
}

// The textbook's placeholders for the server's host, which a case's hosts file maps to the
// peer (sandbox/hosts_file.cc).
bool Placeholder(const std::string& name) {
  std::string lower = AsciiLower(name);
  return lower == "hostname" || lower == "servername" || lower == "server";
}

// Names that lead to the peer through the hosts file, not the name server.
bool MappedName(const std::string& name) {
  std::string lower = AsciiLower(name);
  return Placeholder(lower) || lower == "localhost" || lower == "netgrade-peer" ||
         lower == "netgrade-student";
}

// A host assigned to a variable named like one: serverName = 'x'.
const std::regex& HostVariable() {
  static const std::regex kNamed(
      R"((?:server_?name|server_?host|server_?ip|server_?addr(?:ess)?|host_?name|host|ip)\s*=\s*["']([A-Za-z0-9][A-Za-z0-9.-]{0,62})["'])",
      std::regex::icase);
  return kNamed;
}

std::string RealNetwork(const HostUse& use) {
  return use.host_given ? " On the real network it must use the HOST it is given." : "";
}

// The source without its whole-line comments: an address the student commented out (the
// lab PC's, kept for later) is not the one the program uses.
std::string WithoutCommentLines(std::string_view source) {
  std::string out;
  for (const std::string& line : SplitLines(source.substr(0, 256 << 10))) {
    size_t code = line.find_first_not_of(" \t");
    if (code != std::string::npos &&
        (line.compare(code, 1, "#") == 0 || line.compare(code, 2, "//") == 0))
      continue;
    out += line + "\n";
  }
  return out;
}

}  // namespace

// Whether `host` appears in what the case handed the program (a URL in its arguments).
bool Given(const HostUse& use, const std::string& host) {
  std::string lower = AsciiLower(host);
  return !lower.empty() &&
         std::any_of(use.given.begin(), use.given.end(), [&](const std::string& g) {
           return AsciiLower(g).find(lower) != std::string::npos;
         });
}

std::string FixedHostNote(const HostUse& use) {
  for (const std::string& name : use.names) {
    if (Given(use, name)) continue;
    return fmt::format(
        "{} looked up the name {} (written in the program?); netgrade led it to the server.{}",
        Visible(use.program), Quote(name), RealNetwork(use));
  }
  for (const std::string& address : use.dialled) {
    if (address.empty() || Loopback(address) || address == use.peer_host || Given(use, address))
      continue;
    return fmt::format("{} {} {} (written in the program?); netgrade led it to the server.{}",
                       Visible(use.program), use.datagrams ? "sent to" : "connected to",
                       EscapeText(address, 40), RealNetwork(use));
  }
  return "";
}

std::optional<std::string> HostInSource(std::string_view source) {
  std::string text = WithoutCommentLines(source);
  static const std::regex kAddress(R"(["'](\d{1,3}(?:\.\d{1,3}){3})["'])");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kAddress);
       it != std::sregex_iterator(); ++it) {
    std::string address = (*it)[1];
    if (!Loopback(address)) return address;
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), HostVariable());
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    if (!MappedName(name) && !Loopback(name)) return name;
  }
  return std::nullopt;
}

std::set<std::string> NamesInHostsFile(std::string_view text) {
  std::set<std::string> names;
  for (const std::string& line : SplitLines(text)) {
    std::istringstream words(line.substr(0, line.find('#')));
    std::string address;
    words >> address;
    for (std::string name; words >> name;) names.insert(AsciiLower(name));
  }
  return names;
}

std::optional<std::string> PlaceholderHostInSource(std::string_view source) {
  std::string text = WithoutCommentLines(source);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), HostVariable());
       it != std::sregex_iterator(); ++it)
    if (Placeholder((*it)[1])) return (*it)[1];
  // Written where the host goes: connect(('servername', 12000)), getaddrinfo("hostname", ...),
  // gethostbyname("servername"). Not 'server' there: print('server', x) is no host.
  static const std::regex kWhereHostGoes(
      R"re(\(\s*["'](servername|hostname)["']\s*,|gethostbyname\s*\(\s*"(servername|hostname)")re",
      std::regex::icase);
  std::smatch m;
  if (std::regex_search(text, m, kWhereHostGoes)) return m[1].matched ? m[1].str() : m[2].str();
  return std::nullopt;
}

namespace {

// UnreachableHostAdvice as a finding's parts: what went wrong, and what to change.
Finding UnreachableHost(const HostUse& use, std::string_view source) {
  std::optional<std::string> host = HostInSource(source);
  if (!host) {
    std::optional<std::string> name = PlaceholderHostInSource(source);
    if (!name || use.hosts_names.count(AsciiLower(*name))) return Finding::Ok();
    return Finding{
        .code = Code::kNeverConnected,
        .cause =
            Say("{} {} {}, a name this computer does not know: netgrade could not "
                "give your program a network of its own here (in one, that name "
                "leads to the server).",
                Visible(use.program), use.datagrams ? "sends to" : "connects to", Quote(*name)),
        .fix = use.host_given
                   ? "Use the HOST it is given on its command line instead of that name."
                   : fmt::format("Write 'localhost' there, or add the line '127.0.0.1 {}' to "
                                 "/etc/hosts.",
                                 *name)};
  }
  bool address = std::regex_match(*host, std::regex(R"(\d+(\.\d+){3})"));
  return Finding{
      .code = Code::kNeverConnected,
      .cause = Say("{} {} {}, which is not this machine: {}", Visible(use.program),
                   use.datagrams ? "sends to" : "connects to", address ? *host : Quote(*host),
                   use.host_given ? "use the HOST argument it is given."
                                  : "the server is on this computer here ('localhost').")};
}

}  // namespace

std::string UnreachableHostAdvice(const HostUse& use, std::string_view source) {
  return UnreachableHost(use, source).Text();
}

void NoteHostUse(const HostUse& use, bool isolated, bool reached_peer,
                 const std::function<std::optional<std::string>()>& source, CaseResult* r) {
  if (isolated) {
    std::string note = FixedHostNote(use);
    if (note.empty()) return;
    if (r->passed()) {
      r->notes.push_back(note);
    } else {  // a paragraph of its own after the diagnosis
      r->finding_notes.push_back((r->message.empty() ? "" : "\n") + note);
      r->message = RenderedMessage(*r);
    }
    return;
  }
  if (r->passed() || reached_peer) return;
  std::optional<std::string> text = source();
  Finding advice = text ? UnreachableHost(use, *text) : Finding::Ok();
  if (advice.ok()) return;
  // The advice leads: its words become the diagnosis's, the diagnosis before it a paragraph
  // after them.
  std::string before = r->message;
  r->cause = advice.cause;
  r->shape = advice.cause.shape();  // the words' own: the shape of those they replace is not theirs
  r->without_case_port = advice.WithoutCasePort();
  r->evidence = advice.evidence;
  r->fix = advice.fix;
  r->finding_notes.clear();
  if (!before.empty()) r->finding_notes.push_back("\n" + before);
  r->message = RenderedMessage(*r);
}

}  // namespace netgrade::check
