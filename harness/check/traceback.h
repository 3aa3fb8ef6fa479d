// What a beginner's Python traceback means: the exception on its last line, recognised for the
// mistakes real student programs make (the host taken for the port, a privileged port,
// listen() on a UDP socket, input() at the end of input, str sent as bytes, a method used
// without its parentheses), said with the fix.
#pragma once

#include <string>

namespace netgrade::check {

// One or two sentences naming what the program did and the fix, or "" when the traceback's
// last line is none of the known mistakes. `stderr_text` is the student's (hostile): what is
// quoted from it is escaped.
std::string ExplainTraceback(const std::string& stderr_text);

}  // namespace netgrade::check
