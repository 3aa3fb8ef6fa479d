#pragma once

#include <string>
#include <vector>

namespace netgrade::cli {

// The command line as the process's own copy, and the original (the memory the kernel shows
// in /proc/PID/cmdline, readable by every user) blanked past the program and its command:
// "netgrade check", never the paths of the class, the output folder or the spec, which a
// student's program without a filesystem of its own would otherwise read there.
// `argv` must be the process's own (main's), its strings contiguous as the kernel laid them.
std::vector<std::string> HideCommandLine(int argc, char** argv);

// Parses the command line, runs the chosen command and returns the exit status (see
// command.h). Internal errors are caught here, once, and reported with status 3.
int Main(int argc, char** argv);

}  // namespace netgrade::cli
