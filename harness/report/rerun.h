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

// How netgrade was run, for the command of each case: one that runs as pasted, from anywhere
// (`netgrade check`: the program and the paths made absolute) or from the folder `where` says
// (a batch's reports name the spec and the student's folder only: the student runs it beside
// them).
struct Rerun {
  std::string program = "netgrade";  // as found on the PATH, or a path
  // Options every rerun needs besides the spec and the folder (--program ROLE=PATH ...).
  std::vector<std::string> options;
  bool absolute_paths = false;  // the spec and the folder as absolute paths (from the cwd)
  std::string where;            // "in the folder that holds ...", or "" (from anywhere)
};

// How netgrade, run as `argv0`, is named in a command that runs from anywhere: as it is when
// the shell found it on the PATH ("netgrade"), else its absolute path ("build/netgrade" ->
// "/home/ana/netgrade/build/netgrade").
std::string RerunProgram(const std::string& argv0);

// The Rerun for a submission graded in a batch: `spec` and the folder `name` as the batch's
// reports show them, run from the folder that holds both.
Rerun BatchRerun(const std::string& spec, const std::string& name);

// program check SPEC --submission DIR [options] --case NAME --seed N, each word ShellQuote'd.
std::string RerunCommand(const Rerun& how, const std::string& spec, const std::string& submission,
                         const std::string& case_name, uint64_t seed);

// "Rerun it: " or "Rerun it, in the folder that holds ...: ", before the command.
std::string RerunIntro(const Rerun& how);

}  // namespace netgrade::report
