#include <string>
#include <vector>

#include "harness/cli/cli.h"
#include "harness/cli/watchdog.h"

int main(int argc, char** argv) {
  std::vector<std::string> args = netgrade::cli::HideCommandLine(argc, argv);
  return netgrade::cli::RunWatched([&] {
    std::vector<char*> copy;
    for (std::string& a : args) copy.push_back(a.data());
    copy.push_back(nullptr);
    return netgrade::cli::Main(argc, copy.data());
  });
}
