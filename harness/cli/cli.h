#pragma once

namespace netgrade::cli {

// Parses the command line, runs the chosen command and returns the exit status (see
// command.h). Internal errors are caught here, once, and reported with status 3.
int Main(int argc, char** argv);

}  // namespace netgrade::cli
