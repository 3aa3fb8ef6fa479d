#include "harness/plan/case_plan.h"

#include <utility>

namespace netgrade::plan {

std::vector<std::string> Argv(const Program& program, const spec::Role& role,
                              const std::string& host, uint16_t port) {
  std::vector<std::string> argv = program.command_prefix;
  argv.push_back(program.path.string());
  for (std::string arg : role.argv) {
    for (auto [key, value] :
         {std::pair<std::string, std::string>{"{host}", host}, {"{port}", std::to_string(port)}}) {
      for (size_t at = arg.find(key); at != std::string::npos;
           at = arg.find(key, at + value.size()))
        arg.replace(at, key.size(), value);
    }
    argv.push_back(arg);
  }
  return argv;
}

std::string StdinData(const spec::Case& test) {
  std::string data;
  for (const std::string& line : test.stdin_lines) data += line + "\n";
  return data;
}

}  // namespace netgrade::plan
