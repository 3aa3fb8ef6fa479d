#include "harness/check/wrong_port.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "harness/check/language_words.h"
#include "harness/check/port_advice.h"
#include "harness/check/program_source.h"

namespace netgrade::check {
namespace {

// "port 12000", "ports 12000 and 12001", "ports 5000, 5001 and 5002".
std::string Ports(const std::vector<uint16_t>& ports) {
  std::string out = ports.size() == 1 ? "port " : "ports ";
  for (size_t i = 0; i < ports.size(); ++i) {
    if (i > 0) out += i + 1 == ports.size() ? " and " : ", ";
    out += std::to_string(ports[i]);
  }
  return out;
}

}  // namespace

observe::Observation AsRunOnItsPort(const observe::Observation& obs) {
  observe::Observation o = obs;
  if (o.listened_port == 0) return o;
  o.port = o.listened_port;
  o.listened_port = 0;
  o.ready = true;
  return o;
}

namespace {

// A port put into sin_port without htons(): the kernel reads its two bytes the other way
// round, so the program listens on the port with its bytes swapped. The cause in the student's
// terms, or Ok when the program is not C or C++ (whose sockets take a port in network byte
// order from the program) or the port used is not such a swap (of the port given, or of a
// number written in its source).
Finding WithoutHtons(const observe::Observation& obs, uint16_t used) {
  const uint16_t swapped = static_cast<uint16_t>(used << 8 | used >> 8);
  if (swapped == used || !WrittenInC(obs.program)) return Finding::Ok();
  const std::string why = "it went into sin_port without htons().";
  const std::string fix =
      "Write addr.sin_port = htons(port): htons() puts a port in network byte order.";
  if (swapped == obs.port)
    return Finding{.code = Code::kWrongPort,
                   .cause = Say("{} listens on port {}: that is port {}, the one it was "
                                "given, with its two bytes swapped: {}",
                                obs.program.display_name, used, CasePort{obs.port}, why),
                   .fix = fix};
  std::string line = LineWithNumber(obs.program, swapped);
  if (line.empty()) return Finding::Ok();
  return Finding{
      .code = Code::kWrongPort,
      .cause = Say("{} listens on port {}, not {}: that is port {}, written in "
                   "the program ({}), with its two bytes swapped: {}",
                   obs.program.display_name, used, CasePort{obs.port}, swapped, line, why),
      .fix = JoinParts({fix, PortAdvice(obs, swapped)})};
}

// How to bind to every address and the given port, in the program's language.
std::string BindToGivenPort(const observe::ProgramRun& program) {
  if (WrittenInC(program))
    return "sin_addr.s_addr = htonl(INADDR_ANY) and sin_port = htons(atoi(argv[1]))";
  return "bind(('', int(sys.argv[1]))) in Python";
}

}  // namespace

Finding ListensOn(const observe::Observation& obs, const observe::SocketInfo& socket) {
  std::string address = WrittenAddress(socket.local_address);
  if (Finding htons = WithoutHtons(obs, socket.local_port); address.empty() && !htons.ok())
    return htons;
  if (address.empty())
    return Finding{.code = Code::kWrongPort,
                   .cause = Say("{} listens on port {}, not {}.", obs.program.display_name,
                                socket.local_port, CasePort{obs.port}),
                   .fix = PortAdvice(obs, socket.local_port)};
  // The textbook proxy's bind((sys.argv[1], 8888)): the port it was given, where the host
  // goes, which the resolver reads as a 32-bit address (29667 is 0.0.115.227).
  if (in_addr a{};
      ::inet_pton(AF_INET, socket.local_address.c_str(), &a) == 1 && ntohl(a.s_addr) == obs.port)
    return Finding{
        .code = Code::kWrongPort,
        .cause = Say("{} listens on the address {}, port {}: that address is the port it "
                     "was given, {}, taken for a host (the number {} read as an IPv4 "
                     "address), and {} is a port written in the program.",
                     obs.program.display_name, socket.local_address, socket.local_port,
                     CasePort{obs.port}, CasePort{obs.port}, socket.local_port),
        .fix = Say("The argument is the port: listen on every address, on that port ({}).",
                   BindToGivenPort(obs.program))};
  // Bound to another computer's address: connections to the one it was given never reach it,
  // whatever the port.
  Phrase port = socket.local_port == obs.port
                    ? Say("port {}", CasePort{obs.port})
                    : Say("port {}, not {}", socket.local_port, CasePort{obs.port});
  return Finding{
      .code = Code::kWrongPort,
      .cause = Say("{} listens on the address {}, {}: an address written in the program, "
                   "another computer's, where nothing the case sends arrives.",
                   obs.program.display_name, address, port),
      .fix = JoinParts({Say("Listen on every address of the computer it runs on: {}.",
                            ListenEverywhere(obs.program.program_path)),
                        socket.local_port == obs.port ? "" : PortAdvice(obs, socket.local_port)})};
}

Finding ListensOnOneAddress(const observe::Observation& obs, const Finding& judged) {
  if (judged.code != Code::kStoppedListening || obs.role == nullptr || !obs.role->listens)
    return Finding::Ok();
  for (const observe::SocketInfo& s : obs.sockets) {
    if (!s.listening() || s.local_port != obs.port) continue;
    const std::string address = WrittenAddress(s.local_address);
    if (address.empty()) continue;
    bool found_itself = false;
    for (const std::filesystem::path& source : SourcesOf(obs.program.program_path))
      found_itself = found_itself || ReadSource(source).find("getsockname") != std::string::npos;
    Finding f =
        found_itself
            ? Finding{.code = Code::kWrongPort,
                      .cause =
                          Say("{} listens on the address {} alone, port {}: the address "
                              "getsockname() gave a socket it had connected elsewhere, taken for "
                              "the computer's own, not every address of the computer, so the "
                              "case's connection, to another of them, was refused.",
                              obs.program.display_name, address, CasePort{obs.port}),
                      .fix = Say("Listen on every address of the computer it runs on: {}.",
                                 ListenEverywhere(obs.program.program_path))}
            : ListensOn(obs, s);
    f.AddNote("What followed: " + judged.Text());
    return f;
  }
  return Finding::Ok();
}

Finding ServerOnAnotherPort(const observe::Observation& obs, const Finding& rest,
                            const SocketTerms& terms) {
  observe::SocketInfo listening;
  listening.local_port = obs.listened_port;
  for (const observe::SocketInfo& s : obs.sockets)
    if (s.listening() && s.local_port == obs.listened_port) listening = s;
  Finding f = ListensOn(obs, listening);
  // Run against that port on the address it was given, it was not there: nothing more to say.
  if (!WrittenAddress(listening.local_address).empty()) return f;
  if (rest.ok()) {
    bool answers = obs.test->expect.replies != spec::Transform::kNone;
    f.AddNote(fmt::format("Run against port {}, it {}.", obs.listened_port,
                          answers ? fmt::format("answered every {} correctly", terms.message)
                                  : "did everything else this case checks"));
  } else {
    f.AddNote(fmt::format("Run against port {}: {}", obs.listened_port, rest.Text()));
  }
  return f;
}

namespace {

// A listening program that also connects to the case's own server (a web proxy to its origin)
// and was refused elsewhere: a port written in it (80), where what it was sent named another.
Finding OwnServerStrays(const observe::Observation& obs) {
  std::vector<uint16_t> ports;
  for (const observe::StraySend& s : obs.stray_sends)
    if (s.proto == observe::SocketProto::kTcp && s.to_port != obs.own_server_port &&
        s.to_port != obs.port && std::find(ports.begin(), ports.end(), s.to_port) == ports.end())
      ports.push_back(s.to_port);
  if (obs.own_server_port == 0 || ports.empty()) return Finding::Ok();
  return Finding{
      .code = Code::kNeverConnected,
      .cause = Say("{} connected to {}, where nothing listens, not to port {}, the port "
                   "the request named.",
                   obs.program.display_name, Ports(ports), CasePort{obs.own_server_port}),
      .evidence = "Its connect() was refused.",
      .fix = Say("Is {} written in the program? Take the port from the request (in a URL, "
                 "the number after the host's ':'; 80 only where the URL names none).",
                 Ports(ports))};
}

}  // namespace

Finding CheckStraySends(const observe::Observation& obs) {
  if (obs.role->listens) return OwnServerStrays(obs);
  if (!obs.connections.empty()) return Finding::Ok();
  std::vector<uint16_t> ports;
  bool tcp = false;
  for (const observe::StraySend& s : obs.stray_sends) {
    if (s.to_port == obs.port) continue;  // the right port on another host: not a port's fault
    if (std::find(ports.begin(), ports.end(), s.to_port) == ports.end()) ports.push_back(s.to_port);
    tcp = tcp || s.proto == observe::SocketProto::kTcp;
  }
  if (ports.empty()) return Finding::Ok();
  // The advice says where the port came from (PortAdvice); where the exercise fixes the port,
  // the program was given none and is meant to have it written in.
  bool fixed = obs.role->port_via == spec::PortVia::kFixed;
  Phrase advice = PortAdvice(obs, ports.front());
  if (tcp) {
    // never_connected, as where the refusal cannot be told from another case's (a shared
    // loopback): the verdict does not turn on how the grader could look, only its words.
    Phrase instead =
        fixed ? Say("not to {}", PortOrigin(obs)) : Say("not to port {}", CasePort{obs.port});
    return Finding{
        .code = Code::kNeverConnected,
        .cause = Say("{} connected to {}, {}.", obs.program.display_name, Ports(ports), instead),
        .evidence = "Its connect() was refused: nothing listens where it connected.",
        .fix = JoinParts({fixed ? "" : "Is the port written in the program?", advice})};
  }
  // To another computer's address written in the program: the host is as wrong as the port.
  std::string address;
  for (const observe::StraySend& s : obs.stray_sends)
    if (address.empty() && s.to_port != obs.port) address = WrittenAddress(s.to_address);
  if (!address.empty())
    return Finding{
        .code = Code::kWrongPort,
        .cause = Say("{} sent its datagrams to the address {}, {}, where nothing listens: "
                     "an address and port written in the program.",
                     obs.program.display_name, address, Ports(ports)),
        .fix = JoinParts({"Send to the host and port it was given on its command line.", advice})};
  Phrase instead =
      fixed ? Say(".")
            : Say(", not to port {}: is the port written in the program?", CasePort{obs.port});
  return Finding{.code = Code::kWrongPort,
                 .cause = Say("{} sent its datagrams to {}, where nothing listens{}",
                              obs.program.display_name, Ports(ports), instead),
                 .fix = advice};
}

Phrase AnswersElsewhere(const observe::Observation& obs) {
  if (!obs.role->listens) return "";
  std::vector<uint16_t> ports;
  for (const observe::StraySend& s : obs.stray_sends)
    if (s.proto == observe::SocketProto::kUdp &&
        std::find(ports.begin(), ports.end(), s.to_port) == ports.end())
      ports.push_back(s.to_port);
  if (ports.empty()) return "";
  return Say("{} sent its answers to {}, where nothing listens.", obs.program.display_name,
             Ports(ports));
}

}  // namespace netgrade::check
