// The spec of one exercise as plain data: loaded once from YAML (load.h), then only read.
// docs: specs/FORMAT.md describes every key; specs/schema.json checks them in an editor.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netgrade::spec {

// A position in the spec file, 1-based; line 0 means "not from a file".
struct Mark {
  int line = 0;
  int column = 0;
};

// kIcmp: the program speaks ICMP itself (raw or ping sockets) over a case's path of routers
// (`path:`, spec/icmp_path.h); there is no peer.
enum class Protocol { kTcp, kUdp, kIcmp };

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
};

// How the reference peer writes the messages of one connection when it is the active side.
enum class SendMode {
  kConversation,  // one message, then wait for its answer, then the next
  kOneWrite,      // all messages in a single write
  kLinePerWrite,  // one write per message without waiting for answers
};

// A message drawn from the case's seed (draw.h): words in the given letters, `min_words` to
// `max_words` of them or, with `bytes`, as many as fill a line of that length; or a number.
struct Draw {
  // kHost: a host name of lower-case labels ("kelp-river.example.org"); kIpv4: an address of
  // the documentation ranges (RFC 5737), never the machine's own.
  enum class Kind { kWords, kNumber, kHost, kIpv4 };
  enum class Letters { kLower, kUpper, kMixed, kTitle };
  Kind kind = Kind::kWords;
  int min_words = 2;
  int max_words = 5;
  int64_t bytes = 0;
  Letters letters = Letters::kMixed;
  int64_t from = 0, to = 999;  // a number
  Mark mark;
};

// The message at `at` of a list (a connection's send, a case's stdin) is drawn.
struct DrawAt {
  size_t at = 0;
  Draw draw;
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

// A file the program must have written in its folder by the end of its case (`expect:
// files:`), compared byte for byte with a given file (`same_as`, drawn ones as drawn) or with
// `text`.
struct ExpectedFile {
  std::string path;
  std::string same_as;  // a path of the spec's `files`; "" with `text`
  std::string text;
  std::string hint;
  Mark mark;
};

// `path:` of a case: the small internet an ICMP lab's case runs in (sandbox/router_path.h), and
// what the grader's wire does to the ICMP crossing it (proxy/icmp_plan.h); spec/icmp_path.h
// loads it.
struct IcmpPath {
  int routers = 1;                     // 1 to 8, when `routers` is a number
  std::vector<std::string> addresses;  // when `routers` is a list of addresses
  std::string destination;             // "" : drawn from the seed, as the routers' are
  std::vector<int> silent;             // routers (1-based) whose ICMP errors are all lost
  bool unreachable = false;            // the last router has no route to the destination
  int delay_ms = 0;                    // every answer's delay: delay_ms + up to jitter_ms,
  int jitter_ms = 0;                   // drawn from the seed per request
  // Requests (1-based, in the order the program sends them) whose answer is lost, doubled,
  // late (held until the next request), or preceded by another identifier's echo reply.
  std::vector<int> lose, duplicate, late, other_identifier;
  double hop_loss = 0;  // each router's ICMP error is lost with this chance (from the seed)
  Mark mark;
};

// `expect: echo_requests`: the program's echo requests on the wire.
struct EchoRequests {
  int count = 0;  // exactly this many, sequence numbers 1..count (either byte order)
  // `seq=<n> time=<ms> ms` lines: each time at least the delay the wire gave that reply and at
  // most kRttMarginMs more than the round trip the wire saw.
  bool round_trips = false;
  Mark mark;
};

// `expect: ttl_probes` (a traceroute's): its echo requests on the wire, TTL by TTL.
struct TtlProbes {
  int most_per_ttl = 3;  // requests with one TTL, at most
  Mark mark;
};

struct Expect {
  Transform replies = Transform::kNone;
  StdoutSource stdout_source = StdoutSource::kUnchecked;
  std::vector<std::string> stdout_lines;
  ReceivedSource received_source = ReceivedSource::kUnchecked;
  std::vector<std::string> received_lines;
  ExitRule exit = ExitRule::kAny;
  std::vector<LineRule> stdout_rules;         // stdout_matches, stdout_contains, stdout_lines
  std::vector<LineRule> received_rules;       // received_matches, received_contains, received_lines
  std::optional<int> exit_status;             // it must exit by itself with this status
  bool no_traceback = false;                  // stderr must hold no traceback / `terminate called`
  std::vector<ExpectedFile> files;            // files it must have written in its folder
  std::optional<EchoRequests> echo_requests;  // ICMP: the echo requests on the wire
  std::optional<TtlProbes> ttl_probes;        // ICMP: a traceroute's requests on the wire
  // The spec's own advice for one check (`hints: {stdout: ..., exit: ...}`, keyed as the check
  // is), appended to that check's diagnosis (check/spec_hints.h).
  std::map<std::string, std::string> hints;
  // The advice for one line of `stdout: [...]` / `received: [...]` (`{line: ..., hint: ...}`),
  // told when that line is the one that differs; "" for a line without. Parallel to the lines.
  std::vector<std::string> stdout_line_hints;
  std::vector<std::string> received_line_hints;
  Mark mark;
};

// One step of a case's script (`script:`, specs/FORMAT.md): what the reference peer and the
// grader do, one step after the other, in the order written. Connections are named ("a", "b")
// so that several are open at once and their steps interleave exactly as written: the order
// of a script never depends on scheduling.
struct Answer {
  enum class Kind {
    kUpper,     // the upper case of the last text sent on this connection (full Unicode mapping)
    kSame,      // the last text sent on this connection, unchanged
    kExact,     // `text`, exactly
    kMatches,   // a line in which the RE2 pattern `text` is found
    kTemplate,  // `text` with {line} (the last text sent), {upper} and {n} (its 1-based index)
    kNothing,   // no answer at all: the connection stays silent until the program rests
    // Bytes (`expect: {hex: ...}`, ...), read as they come, no line in them: over UDP, one
    // datagram as it came (no newline removed).
    kBytes,         // exactly the bytes `text`
    kCount,         // `count` bytes of any value
    kLengthPrefix,  // a `prefix_size`-byte length in `little_endian` order, then that many
                    // bytes (`text` when `body_given`)
    kUntil,         // bytes up to and with `delimiter` (before it: `text` when `body_given`)
  };
  Kind kind = Kind::kUpper;
  std::string text;
  int count = 0;        // kCount
  int prefix_size = 0;  // kLengthPrefix: 1, 2 or 4
  bool little_endian = false;
  std::string delimiter;  // kUntil
  bool body_given = false;
  // The binary kinds: the name under which what was read (the body, for kLengthPrefix and
  // kUntil) is kept for later steps' {name}, as a `matches` group's capture is; "" for none.
  std::string capture;
  // `file: PATH` (kBytes, or kLengthPrefix's body): `text` is the bytes of that file of the
  // spec's `files`, filled in when the run's seed draws them (draw.h).
  std::string file;

  bool binary() const {
    return kind == Kind::kBytes || kind == Kind::kCount || kind == Kind::kLengthPrefix ||
           kind == Kind::kUntil;
  }
};

// The spec's advice for one kind of failure of a step (`hint: {wrong: ..., nothing: ...}`);
// empty: Step::hint (a plain `hint:`, for any kind) is told instead.
struct StepHints {
  std::string wrong;    // a line or datagram came that is not the answer
  std::string nothing;  // nothing came: no answer, no connection, too few messages, no listener
  std::string extra;    // something came where nothing should (`expect: nothing`)
  std::string closed;   // the program closed or reset the connection
};

// How a line must end (`line_end:` of a step or of its case): HTTP and SMTP lines end with
// "\r\n", and a program that sends "\n" alone passes a check that strips the '\r'.
enum class LineEnd {
  kAny,   // "\n" or "\r\n" (the default)
  kCrlf,  // "\r\n" required; `send` ends its lines with it too
  kLf,    // "\n" alone required
};

// A block of lines (`lines:` step): lines matching `matching` (any line when empty) until a
// line matching `until`, which ends the block and is taken with it; at_least..at_most of
// them before it (at_most -1: no bound). An HTTP head: headers until the blank line.
struct LineBlock {
  std::string matching;
  std::string until;
  int at_least = 0;
  int at_most = -1;
};

// How the program must leave a connection (`end:` step): closed (FIN), reset (RST), or kept
// open until it is seen at rest.
enum class ConnEnd { kClosed, kReset, kOpen };

struct Step {
  enum class Action {
    // Connections of the reference peer.
    kConnect,  // peer as client: open connection `on` to the student's program (UDP: a socket)
    kAccept,   // peer as server: the student's next connection is `on` (TCP only)
    kSend,     // write `text` on `on`, then '\n' unless `newline` is false (UDP: one datagram)
    kExpect,   // read one line (TCP) or datagram (UDP) on `on` and check it against `answer`
    kAnswer,   // peer as server: answer the next `count` messages on `on` as Peer::reply says;
               // count -1: every message until the student closes `on` (UDP: ends the case)
    kClose,    // close `on` (TCP: FIN)
    kReset,    // reset `on` (TCP: RST, SO_LINGER 0)
    // The case itself.
    kUntilWaiting,   // until the student's program is seen waiting (at rest, nothing pending)
    kPause,          // let `ms` pass (a real pause the exercise needs, never to sequence)
    kStopStudent,    // SIGTERM, then SIGKILL after the grace; until it is gone
    kStartStudent,   // start the student's program again, as at the case's start
    kListening,      // the student's program must be listening within `ms`
    kStopPeer,       // the peer closes its connections and its listening socket (port closed)
    kStartPeer,      // the peer listens again on the same port
    kStdin,          // write `text` and '\n' to the program's standard input
    kCloseStdin,     // end of its input
    kUntilReceived,  // until the peer has received `count` messages in all, from every connection
    kLines,          // read a block of lines on `on` (`block`)
    kEnd,            // the program must have closed, reset or kept open `on` (`end`)
    // Peer as server: no connection comes to it (`on` names the one that would) until the
    // program is seen at rest: a cached answer, a program that must not connect again.
    kNoConnection,
  };
  Action action = Action::kSend;
  std::string on = "1";      // the connection's name
  std::string text;          // kSend, kStdin
  std::optional<Draw> draw;  // kSend, kStdin: `text` is drawn from the seed (draw.h)
  bool newline = true;       // kSend
  // kSend: `text` is bytes (`send: {hex: ...}` or `{base64: ...}`), sent exactly as they are:
  // no newline, no line_end, no captures filled in.
  bool binary = false;
  // kSend in hex: the bytes an earlier expect captured go into `text` at these offsets, in
  // order (`send: {hex: "00 00 00 10 {token}"}`).
  std::vector<std::pair<size_t, std::string>> captured_at;
  // kSend `{file: PATH}`: `text` is the bytes of that file of the spec's `files`, filled in
  // when the run's seed draws them (draw.h).
  std::string file;
  // kSend in hex: the files whose bytes go into `text` at these offsets, in order (`send:
  // {hex: "00 00 01 2c {file:first.bin}"}`), put in when the seed draws them (then cleared).
  std::vector<std::pair<size_t, std::string>> files_at;
  bool at_once = false;  // kSend: written in the same turn as the send before it
  Answer answer;         // kExpect
  int count = 1;         // kAnswer, kUntilReceived
  int ms = 0;            // kPause, kListening
  std::string hint;      // the spec's own advice when this step fails (kExpect, kListening)
  StepHints hints;       // the same for one kind of failure only (peers/script_hint.h)
  // kSend, kExpect, kLines: how lines end; the case's `line_end` when the step sets none.
  LineEnd line_end = LineEnd::kAny;
  bool line_end_set = false;       // the step gave its own (the case's does not replace it)
  LineBlock block;                 // kLines
  ConnEnd end = ConnEnd::kClosed;  // kEnd
  int within_ms = 0;               // kEnd with kClosed or kReset: at most this long; 0: the case's
  // A copy a `repeat` made: its round and how many, outermost `repeat` first (script_repeat.h).
  std::vector<std::pair<int, int>> rounds;
  Mark mark;
};

// "connect", "send", "stop student", ...: the step's name as the spec writes it.
const char* StepName(Step::Action action);

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
  std::optional<IcmpPath> path;  // ICMP: the routers between the program and its destination
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

  const Role* FindRole(const std::string& name) const;
  // The roles' names, in the spec's order: "receiver, sender".
  std::string RoleNames() const;
};

// The command line a case gives its program: the case's own `argv`, else its role's.
const std::vector<std::string>& CaseArgv(const Role& role, const Case& c);

// Which argument holds {port}: 1 for ["{port}"], 2 for ["{host}", "{port}"]; 0 when none does.
size_t PortArgument(const std::vector<std::string>& argv);

}  // namespace netgrade::spec
