// The command that grades one case again, as a student pastes it back into a shell:
// `netgrade check SPEC --submission DIR --case NAME --seed N`, every word quoted so that a
// folder named with spaces, quotes or control characters arrives unchanged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace netgrade::report {

// One word for a POSIX shell: as it is when it holds only characters no shell acts on
// ([A-Za-z0-9_@%+=:,./-]); in single quotes otherwise ('it'\''s'); and as $'...' with \xNN
// escapes when it holds bytes a terminal would act on or that are not printable (a newline,
// ESC, invalid UTF-8), so that what is shown is what is pasted (bash, zsh and ksh read $'...').
std::string ShellQuote(std::string_view word);

// How netgrade was run, for the command of each case.
struct Rerun {
  std::string program = "netgrade";  // argv[0] as invoked
  // Options every rerun needs besides the spec and the folder (--program ROLE=PATH ...).
  std::vector<std::string> options;
};

// program check SPEC --submission DIR [options] --case NAME --seed N, each word ShellQuote'd.
std::string RerunCommand(const Rerun& how, const std::string& spec, const std::string& submission,
                         const std::string& case_name, uint64_t seed);

}  // namespace netgrade::report
