// The spec of one exercise as plain data: loaded once from YAML (load.h), then only read.
// docs: specs/FORMAT.md describes every key; specs/schema.json checks them in an editor.
// Parts with headers of their own: a case's script (step.h), a drawn message (draw_rule.h),
// where each part was written (mark.h), and each lab kind's part in its folder
// (kinds/<kind>/spec_parts.h; its keys: kind_keys.h), held here as a KindPart.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/spec/draw_rule.h"
#include "harness/spec/mark.h"
#include "harness/spec/step.h"

namespace netgrade::spec {

// kIcmp: the program speaks ICMP itself (raw or ping sockets) over a case's path of routers
// (`path:`, kinds/icmp/spec_keys.h); there is no peer. kTransport: the program builds a protocol of
// its own over UDP (`packet:`), against netgrade's built-in peer across an emulated link
// (`link:`, kinds/transport/spec_keys.h).
enum class Protocol { kTcp, kUdp, kIcmp, kTransport };

// A lab kind's own part of a case or of its `expect` (kinds/<kind>/spec_parts.h derives from
// it; the kind's keys fill it: kind_keys.h): plain data, as the rest of the spec, that the rest
// of spec/ holds without knowing its type, and the kind reads back as its own (set only when
// the case gives one of the kind's keys, or the kind gives every case of its spec one).
struct KindPart {
  virtual ~KindPart() = default;
};

// How the port reaches the student's program.
enum class PortVia {
  kArgv,   // through the argv template ("{port}")
  kEnv,    // through the environment variable port_env
  kFixed,  // written into the program; the grader must use fixed_port
};

struct Role {
  std::string name;                // "server"
  std::vector<std::string> names;  // program names accepted (case-insensitive); name first
  bool listens = false;            // server/receiver: the student's program listens/binds
  std::vector<std::string> argv;   // template; "{host}" and "{port}" are substituted
  PortVia port_via = PortVia::kArgv;
  std::string port_env;  // with kEnv
  int fixed_port = 0;    // with kFixed
  Mark mark;
  // The names of its cases' script connections where they are not the spec's (a sender's
  // `a` is its receiver, a receiver's `a` its sender): over Spec::connection_names.
  std::map<std::string, std::string> connection_names = {};
};

// How the reference peer writes the messages of one connection when it is the active side.
enum class SendMode {
  kConversation,  // one message, then wait for its answer, then the next
  kOneWrite,      // all messages in a single write
  kLinePerWrite,  // one write per message without waiting for answers
};

// One connection (TCP) or one source socket (UDP) the reference peer opens towards a
// listening student program, one after the other in spec order.
struct Connection {
  std::vector<std::string> send;  // messages without their trailing newline
  std::vector<DrawAt> draws;      // those of `send` drawn from the seed (draw.h)
  SendMode mode = SendMode::kConversation;
  Mark mark;
};

// What the reference peer does. Which side it plays follows from the role: when the
// student's program listens, the peer connects (connections); otherwise the peer listens
// and answers (reply).
struct Peer {
  std::vector<Connection> connections;
  // Peer as server: how it answers each message. A template where "{line}" is the message,
  // "{upper}" its upper-case form and "{n}" its 1-based index; nullopt: it never answers.
  std::optional<std::string> reply;
  // UDP, peer as client: all connections (flows) at once, their messages sent in turns,
  // instead of one flow after the other.
  bool interleave = false;
  // TCP, peer as server: a message that has come without its newline is answered too, once
  // the client is seen waiting for the answer (the textbook client sends input() as it is).
  bool answers_without_newline = false;
  // Computed answers (captures.h): with `matches`, each message is searched for this RE2
  // pattern and its named groups fill `reply` ("ACK:{seq}"); a message it is not found in gets
  // no answer.
  std::optional<std::string> matches;
  // How each message goes on the wire: a template of {line} (the message), {n} (its 1-based
  // index) and {bit} ((n - 1) % 2, an alternating bit); "" sends it as it is. The peer's own
  // messages are sent so; `received: stdin` expects the stdin lines so.
  std::string frame;
  // UDP, peer as client (a reference sender): the answer that acknowledges a message, a
  // template as `frame`; other answers are ignored. Without it any answer does.
  std::optional<std::string> await;
  // With `await`: a message is sent again when its answer has not come within this long.
  int resend_ms = 0;
  Mark mark;
};

// Faults applied to one direction of traffic through the proxy. Indices are 1-based and
// count datagrams (UDP) or the peer's writes (TCP) in that direction.
struct DirectionFaults {
  std::vector<int> drop;       // drop these
  double drop_rate = 0;        // and drop each other one with this probability (0..1)
  std::vector<int> duplicate;  // send these twice
  std::vector<int> hold;       // hold back each of these until the next one has passed
  std::vector<int> late;       // hold back each until the other way sends (no bound)
  int delay_ms = 0;            // delay every datagram/write by this much
  int jitter_ms = 0;           // plus a seeded random 0..jitter_ms
  int slice = 0;               // TCP: forward in pieces of at most this many bytes; 0: as is
  bool coalesce = false;       // TCP: merge all writes that are pending into one
  int64_t reset_after = -1;    // TCP: reset the connection after this many bytes; -1: never
  Mark mark;

  bool Empty() const;
};

struct Faults {
  DirectionFaults to_student;    // from the reference peer to the student's program
  DirectionFaults from_student;  // from the student's program to the reference peer
  bool Empty() const { return to_student.Empty() && from_student.Empty(); }
};

// How the expected answers derive from the messages the peer sent.
enum class Transform {
  kNone,   // no answers expected
  kUpper,  // each answer is the message in upper case (full Unicode case mapping)
  kSame,   // each answer is the message unchanged
};

// What the student's program must print on standard output, in order. A prompt or prefix
// before a message on the same line is tolerated.
enum class StdoutSource {
  kUnchecked,
  kPeerSent,     // the messages the peer sent (a receiver)
  kPeerReplies,  // the answers the peer gave (a client)
  kLines,        // the lines in Expect::stdout_lines
};

enum class ReceivedSource {
  kUnchecked,
  kStdin,  // the peer must receive the case's stdin lines, in order
  kLines,  // the lines in Expect::received_lines
};

enum class ExitRule {
  kAny,       // whatever it does; a running program is stopped at the end of the case
  kRequired,  // it must exit by itself after end of input, with status 0
  kRunning,   // it must still be running when the case ends (a server)
};

// An instructor's check on lines of text: what the program printed, or what the reference
// server received (its lines over TCP, its datagrams over UDP).
struct LineRule {
  enum class Kind {
    kMatches,   // some line, after the line the previous kMatches rule took, matches pattern
    kContains,  // some line, after the line the previous kContains rule took, holds pattern
    kCount,     // the number of lines matching pattern (every non-blank line when empty)
  };
  Kind kind = Kind::kMatches;
  std::string pattern;   // RE2 syntax, searched in the line (kMatches, kCount), or plain text
  int64_t at_least = 0;  // kCount
  int64_t at_most = -1;  // kCount; -1: no upper bound
  std::string hint;      // the spec's own advice, appended to the diagnosis
  // kCount of `received_lines` (`resends: counted`): every datagram counts, one sent again
  // after a loss too ("at most 3 sends"); otherwise the same datagram twice in a row is one.
  bool resends_counted = false;
  Mark mark;
};

// `received_ids`: each message the reference server receives (a client's query) carries an
// id, the group (?P<id>...) of `pattern`; two messages in a row that differ must carry two
// ids (the same message sent again after a loss keeps its id). Messages the pattern is not
// found in are no queries and are passed over.
struct IdRule {
  std::string pattern;  // RE2, with a group named id
  std::string hint;     // the spec's own advice, appended to the diagnosis
  Mark mark;
};

// A file the program must have written in its folder by the end of its case (`expect:
// files:`), compared byte for byte with a given file (`same_as`, drawn ones as drawn) or with
// `text`; or, `absent: true`, one it must not have written (an HTTP client given a 404).
struct ExpectedFile {
  std::string path;
  std::string same_as;  // a path of the spec's `files`; "" with `text`
  std::string text;
  bool absent = false;  // it must not be there at the end
  std::string hint;
  Mark mark;
};

struct Expect {
  Transform replies = Transform::kNone;
  StdoutSource stdout_source = StdoutSource::kUnchecked;
  std::vector<std::string> stdout_lines;
  ReceivedSource received_source = ReceivedSource::kUnchecked;
  std::vector<std::string> received_lines;
  ExitRule exit = ExitRule::kAny;
  std::vector<LineRule> stdout_rules;    // stdout_matches, stdout_contains, stdout_lines
  std::vector<LineRule> received_rules;  // received_matches, received_contains, received_lines
  std::optional<IdRule> received_ids;    // a new id in each query (`received_ids`)
  std::optional<int> exit_status;        // it must exit by itself with this status
  bool no_traceback = false;             // stderr must hold no traceback / `terminate called`
  std::vector<ExpectedFile> files;       // files it must have written in its folder
  // The expectations of a lab kind's own keys, of its wire; nullptr when the case has none.
  std::shared_ptr<const KindPart> kind_part;
  // The spec's own advice for one check (`hints: {stdout: ..., exit: ...}`, keyed as the check
  // is), appended to that check's diagnosis (check/spec_hints.h).
  std::map<std::string, std::string> hints;
  // The advice for one line of `stdout: [...]` / `received: [...]` (`{line: ..., hint: ...}`),
  // told when that line is the one that differs; "" for a line without. Parallel to the lines.
  std::vector<std::string> stdout_line_hints;
  std::vector<std::string> received_line_hints;
  Mark mark;
};

enum class Topology {
  kLoopback,  // student and peer on one host (loopback)
  kTwoHosts,  // student and peer in two network namespaces joined by a veth pair
};

// Who may see a case's details, in Gradescope's own words (its results.json `visibility`). The
// grade of a case always counts; what is hidden is the explanation and the transcript.
enum class Visibility {
  kVisible,         // always shown (the default)
  kHidden,          // never shown to the student
  kAfterDueDate,    // shown once the due date has passed
  kAfterPublished,  // shown once the grades are published
};
// "visible", "hidden", "after_due_date", "after_published".
const char* VisibilityName(Visibility v);

// An instructor's own program that plays the role the student's does not, instead of netgrade's
// built-in peer (a transport lab's `transfer: {peer: {folder: DIR}}`): found in DIR as a
// submission's program is (by its role's names), built as one, run contained in the case's
// network with a folder, a cgroup and (as root) a uid of its own; never graded.
struct PeerProgram {
  std::string folder;   // absolute
  std::string written;  // as the spec writes it (relative to the spec's folder)
  std::string role;     // the role it plays: the other one
  // Its command line, {host} and {port} filled in; else its role's.
  std::optional<std::vector<std::string>> argv;
  Mark mark;
};

struct Case {
  std::string name;
  std::string description;
  std::string role;  // a key of Spec::roles
  int points = 1;
  int timeout_ms = 5000;
  // The CPU time the program may use (RLIMIT_CPU, whole seconds, scaled with the timeout); 0:
  // enough to spin for the whole case, so that a busy loop gets a note, not a failure.
  int cpu_limit_ms = 0;
  std::vector<std::string> stdin_lines;  // fed to the program, each with '\n', then EOF
  std::vector<DrawAt> stdin_draws;       // those of stdin_lines drawn from the seed (draw.h)
  // The command line of this case's program, instead of its role's (`argv:` in the case):
  // {host} and {port} filled in as in a role's. CaseArgv gives the one that applies.
  std::optional<std::vector<std::string>> argv;
  Peer peer;
  // The peer's part as a script; when given, it replaces peer.connections (the peer's other
  // keys still apply: reply is how kAnswer answers). Standard input then comes from kStdin
  // steps (the case's `stdin` lines are fed first, when both are given).
  std::vector<Step> script;
  Expect expect;
  Faults faults;
  // A lab kind's own part of the case (the network it runs in); nullptr when none.
  std::shared_ptr<const KindPart> kind_part;
  std::optional<PeerProgram> peer_program;  // an instructor's program as the peer
  Topology topology = Topology::kLoopback;
  Visibility visibility = Visibility::kVisible;
  LineEnd line_end = LineEnd::kAny;  // the default of its script's steps (`line_end:`)
  Mark mark;
};

// Whether the peer of case `c`, whose role's program listens (`student_listens`), also plays
// a server the program connects to (an `accept` or `no_connection` step in its script): a
// program in the middle, such as a web proxy, with netgrade as its client and its origin.
// That server listens on a port drawn from the seed, `{origin_port}` in the script's texts,
// and the case's name server answers every name with its address.
bool PlaysBothSides(const Case& c, bool student_listens);

// A file the spec puts in the program's folder, its working directory (`files:`), before
// the build and every case: a web server's pages. `path` is relative (folders are made),
// `content` its bytes (given inline or read from a file beside the spec at load time).
struct GivenFile {
  std::string path;
  std::string content;
  bool read_only = false;  // mode 0444 instead of 0644
  std::string from;        // `from` as written (relative to the spec's folder); "" when inline
  // `text: {draw: words, ...}`: one line drawn from the run's seed (DrawMessages), which a
  // script's `expect: {text: "{file:PATH}"}` names: a server answering from a table of the
  // public spec, without reading the file, cannot know it. `content` describes it until drawn.
  std::optional<Draw> draw;
  Mark mark;
  // `draw: bytes` with `size: N`: N bytes drawn from the run's seed, every byte value among
  // them (\0, \n, 0x80-0xff) when N >= 256 (DrawMessages). `content` is empty until drawn.
  std::optional<size_t> drawn_bytes = std::nullopt;
  // `held_by: peer`: the reference peer's alone (a script sends it, `expect: files` compares
  // with it); never put in the program's folder.
  bool peer_only = false;
  // `roles: [...]`: put only in the folder of these roles' cases (empty: every role's).
  std::vector<std::string> roles = {};
};

// Which letters `replies: upper` grades. A beginners' networking course teaches sockets, not
// Unicode: by default a case whose messages hold letters outside ASCII (é, ß -> SS) is worth
// 0 points, so a server that upper-cases bytes (bytes.upper(), toupper()) loses nothing; it
// still runs and explains. kUnicode grades those cases with their points.
enum class Letters { kAscii, kUnicode };

// A listening program that listens on another port than the one it was given (a textbook
// server with port 13001 written in it) is graded on that port all the same. kFail (the
// default): the case fails with wrong_port whatever else it did. kCredit: a case that is right
// on that port passes, and a note says that the port was wrong and credited.
enum class WrongPort { kFail, kCredit };

// Whether the case expects upper-case answers to a message holding a letter whose upper case
// is not its ASCII upper case (é, ß): upper-casing bytes one by one does not pass it.
bool ChecksLettersOutsideAscii(const Case& c);

// The build step (`build:`): a command run once per submission, in its copy and contained like
// its programs, before any of its cases; a failed build fails every case (build_failed).
struct Build {
  std::string command;  // "make", "g++ -o server server.cpp": words, or a shell line (build.h)
  int timeout_ms = 60000;
  Mark mark;
};

// A value of `draws:` (named_draws.h): drawn once per run, the same in every case and file.
struct NamedDraw {
  std::string name;
  Draw draw;
  Mark mark;
};

struct Spec {
  std::string file;  // path it was loaded from, for messages
  std::string exercise;
  std::string title;
  Protocol protocol = Protocol::kTcp;
  Letters letters = Letters::kAscii;
  WrongPort wrong_port = WrongPort::kFail;
  std::vector<Role> roles;
  std::vector<Case> cases;
  std::optional<Build> build;
  std::vector<GivenFile> files;
  // `draws:`: values drawn once per run from its seed, named in texts as {draw:NAME}
  // (named_draws.h); replaced by their values when the run's seed draws them.
  std::vector<NamedDraw> named_draws;
  // `connection_names:`: what the lab calls the other end of each script connection (a:
  // browser, o: origin), by the label its steps give it; the words a student reads use these,
  // never the labels. A label not named here is its side's reference peer.
  std::map<std::string, std::string> connection_names;
  // A lab kind's own part of the spec (a transport lab's `packet:`); nullptr when none.
  std::shared_ptr<const KindPart> kind_part;

  const Role* FindRole(const std::string& name) const;
  // The roles' names, in the spec's order: "receiver, sender".
  std::string RoleNames() const;
};

// The command line a case gives its program: the case's own `argv`, else its role's.
const std::vector<std::string>& CaseArgv(const Role& role, const Case& c);

// Which argument holds {port}: 1 for ["{port}"], 2 for ["{host}", "{port}"]; 0 when none does.
size_t PortArgument(const std::vector<std::string>& argv);
// Which argument is the host: 1 for ["{host}", "{port}"] and ["{host}", "4"]; 0 when none is.
size_t HostArgument(const std::vector<std::string>& argv);

}  // namespace netgrade::spec
