// A program that wants its command line in another shape than the handout gives it: one
// HOST:PORT argument (`args[0].split(":")`, `sys.argv[1].split(':')`) where netgrade gives the
// host and the port as two. It stops reading its arguments (Java's
// ArrayIndexOutOfBoundsException, Python's ValueError or IndexError), uncaught or caught and
// printed; what followed (a crash, no connection) is told after the exception and the
// arguments it was given, which lead.
#pragma once

#include "harness/check/finding.h"
#include "harness/observe/observation.h"

namespace netgrade::check {

// `judged`, led by the exception and the shape of argument the program wanted, when it exited
// having reached no one, with an exception of reading its arguments, and its source splits an
// argument at ':' that holds none; Finding::Ok() otherwise.
Finding WantsHostColonPort(const observe::Observation& obs, const Finding& judged);

// `judged`, led by the exception and the argument the program read, when it exited with an
// exception of reading an argument past those it was given (Python's IndexError at a line
// that reads sys.argv[2] of one argument, Java's ArrayIndexOutOfBoundsException at one that
// reads args[1]): it wants its command line otherwise than the handout gives it (the
// Bar-Ilan DNS server's `myPort parentIP parentPort ipsFile`); Finding::Ok() otherwise.
Finding ReadsAnArgumentNotGiven(const observe::Observation& obs, const Finding& judged);

// `judged`, led by the exception and the file's lines, when the program stopped with an
// exception of too few parts (Python's IndexError or ValueError of unpacking, Java's
// ArrayIndexOutOfBoundsException) at a line that splits or just below one, before anything
// came from the network, and a file the spec gives its role holds blank lines, comments or
// tabs (dns-lite's hosts.txt read with split(" ")); Finding::Ok() otherwise.
Finding SplitsALineOfAGivenFile(const observe::Observation& obs, const Finding& judged);

}  // namespace netgrade::check
