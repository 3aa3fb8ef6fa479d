// Reading /proc: the processes below a process.
#pragma once

#include <sys/types.h>

#include <vector>

namespace netgrade {

// Every live descendant of root (children, grandchildren, ...), root included when alive.
std::vector<pid_t> DescendantsOf(pid_t root);

}  // namespace netgrade
