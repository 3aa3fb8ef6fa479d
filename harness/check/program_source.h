// A program's own source read to name what to fix: the files that hold it, and the line a
// mistake is on (the close() of the listening socket, a method named but not called, `void
// main`, a #! line naming no interpreter). Each reads the case's copy, bounded, never through
// a link.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness/observe/program_run.h"

namespace netgrade::check {

// The files that hold a program's source, in the case's copy of the submission: the program
// itself when it has an extension (server.py), else the sources beside the compiled program
// (server -> server.c, server.cc, server.cpp). Only regular files, never a link (a student's
// link may point anywhere, a FIFO would block the reader); none for an empty path.
std::vector<std::filesystem::path> SourcesOf(const std::string& program_path);
// A source's text, bounded (256 KiB: a program's source fits).
std::string ReadSource(const std::filesystem::path& source);

// "server.py, line 13": the first line of the program's source that closes the listening
// socket the traceback's accept() names ("serverSocket.close()"), or "".
std::string CloseOfListeningSocket(const observe::ProgramRun& run);
// "server.py, line 11 ('data = str(data).upper')": the first line of a Python source that
// names a string or socket method without calling it, or "".
std::string UncalledMethod(const observe::ProgramRun& run);
// The source beside a compiled program (server -> server.c, server.cc, server.cpp) that
// declares `void main`: its name, or "".
std::string VoidMainSource(const observe::ProgramRun& run);
// Whether the program's source beside it is C or C++ (server -> server.c, server.cc, ...).
bool WrittenInC(const observe::ProgramRun& run);
// "server.c, line 12": the first line of a C or C++ source beside the program that holds the
// whole number `number` (not inside a longer one), or "".
std::string LineWithNumber(const observe::ProgramRun& run, unsigned number);
// The port a Python program's failed bind() asked for by name (bind(('', serverPort))), where
// its source assigns that name a number (serverPort = 331): the number, else 0.
int PortAssignedForBind(const observe::ProgramRun& run);
// Why exec() said "No such file or directory" for a program that exists: the interpreter its
// #! line names does not (a Windows line ending on it, or a path this system lacks), in words
// with what to do; "" when that is not it.
std::string MissingInterpreter(const observe::ProgramRun& run);

}  // namespace netgrade::check
