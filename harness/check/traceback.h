// What a beginner's Python traceback means: the exception on its last line, recognised for the
// mistakes real student programs make (a syntax error such as a '(' never closed or quotes
// pasted from a PDF, a module no course needs, AF_INET without 'socket.', an assert or an
// input() that refuses the command line netgrade gives, the host taken for the port, a
// privileged port, a port still held, listen() on a UDP socket, input() at the end of input,
// str sent as bytes, a method used without its parentheses), said with the fix; and where:
// the line of the student's file the traceback points at.
#pragma once

#include <string>

#include "harness/check/say.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// What the traceback is read against: what the exercise's kind says of a listen() on a UDP
// socket (another mistake in a TCP exercise than in a UDP one) and which argument holds the
// port.
struct TracebackContext {
  // SocketTerms::listen_on_udp_socket; "": what it means of any UDP socket.
  std::string listen_on_udp_socket;
  size_t port_argument = 0;  // sys.argv[N] holds the port; 0: not known
  size_t host_argument = 0;  // sys.argv[N] holds the host; 0: not known
  // The port the program's bind() asked for, where its source says it (a name assigned a
  // number: serverPort = 331); 0: not known (a number written in the bind() line is read there).
  int bound_port = 0;
  // The case types nothing at all into the program (no stdin lines, no script): an input()
  // that meets the end of input asked a question nobody answers, not a loop that read it all.
  bool nothing_typed = false;
  // The lab kind's evidence and the program, for the habits of the kind's own programs
  // (observe::KindEvidence::TracebackHabit); unset: none. Pointers into the observation
  // (TracebackContextOf), which outlives the context.
  const observe::KindEvidence* kind = nullptr;
  const observe::ProgramRun* run = nullptr;
};

// One or two sentences naming what the program did and the fix, or "" when the traceback's
// last line is none of the known mistakes; with their shape (the quoted line, the module's and
// the socket's names, the port as "{}"). `stderr_text` is the student's (hostile): what is
// quoted from it is escaped.
Phrase ExplainTraceback(const std::string& stderr_text, const TracebackContext& context = {});

// The program's accept() failed on a listening socket it had closed itself (Python's EBADF in
// accept(), C's perror, Java's "Socket is closed"): a server that closes its listening socket
// after each client, where the connection's belongs.
bool AcceptOnClosedSocket(const std::string& stderr_text);

// The listening socket's name in the student's `conn, addr = server.accept()` ("server"), or
// "" when the traceback shows no such line. Not escaped.
std::string ListeningSocketName(const std::string& stderr_text);

// The exception is about a method used as a value (`data.upper` for `data.upper()`): Python
// notices it on a later line than the one to fix.
bool MethodNotCalled(const std::string& stderr_text);

// The last frame of the student's own file as Python printed it (`  File "server.py", line 9,
// in <module>` and its line of code, each ending in a newline), or "". Not escaped.
std::string TracebackFrame(const std::string& stderr_text);

// A Python traceback's exception where it was raised in the student's file, as a sentence to
// lead with: "server.py, line 13 raised AttributeError: 'str' object has no attribute
// 'endswit'. Did you mean: 'endswith'?, and the program ended there."; "" without a
// traceback that names the student's file. Java's uncaught exception likewise:
// "DNS_Server.java, line 35 threw java.lang.ArrayIndexOutOfBoundsException: Index 1 out of
// bounds for length 1, and the program ended there." Escaped.
Phrase RaisedAt(const std::string& stderr_text);

// Where the traceback points in the student's own file: "server.py, line 21" (the last frame
// outside Python's own library; a syntax error's line), or "" when it names none. Escaped.
Phrase TracebackPlace(const std::string& stderr_text);

}  // namespace netgrade::check
