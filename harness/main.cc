#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness/cli/cli.h"
#include "harness/cli/watchdog.h"

namespace {

// ci/bench-grade.sh measures the grader's own CPU time: the grader runs under a watchdog
// (cli/watchdog.h), so the process the benchmark starts is not the one that grades. With
// NETGRADE_BENCH_CPU set, the grader appends its own user+sys milliseconds there (its
// threads', not its children's: the students' programs are those) as it ends.
void WriteOwnCpu() {
  const char* path = std::getenv("NETGRADE_BENCH_CPU");
  if (path == nullptr || *path == '\0') return;
  rusage self{};
  if (::getrusage(RUSAGE_SELF, &self) != 0) return;
  double ms = (self.ru_utime.tv_sec + self.ru_stime.tv_sec) * 1e3 +
              (self.ru_utime.tv_usec + self.ru_stime.tv_usec) / 1e3;
  if (FILE* f = std::fopen(path, "a")) {
    std::fprintf(f, "%.3f\n", ms);
    std::fclose(f);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args = netgrade::cli::HideCommandLine(argc, argv);
  return netgrade::cli::RunWatched([&] {
    std::vector<char*> copy;
    for (std::string& a : args) copy.push_back(a.data());
    copy.push_back(nullptr);
    int status = netgrade::cli::Main(argc, copy.data());
    WriteOwnCpu();
    return status;
  });
}
