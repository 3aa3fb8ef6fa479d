// A JVM's own threads (its collector, compilers, periodic tasks), which wake on timers of their
// own all the time and never print or send: they are not the program's, and whether a Java
// program waits or rests (waiting.h, thread_waits.h) is read without those of them that sleep.
#pragma once

#include <sys/types.h>

#include <set>
#include <string>

namespace netgrade::observe {

// Whether the thread at `task_dir` (/proc/PID/task/TID) bears the name of one of a JVM's own
// threads. Told by their names, which the JVM gives them; a thread of the program's (its main,
// a "Thread-0", a timer of its own) keeps its timers counted.
bool JvmHousekeeping(const std::string& task_dir);

// Whether `pid` is a process the java launcher started (its first thread is named "java").
bool IsJvm(pid_t pid);

// The threads of the JVM `pid` that the waits of its program leave out (their task folders):
// its own that sleep, and only while a thread of the program's waits in a call other than
// futex() (a socket, its input). A JVM thread that runs is activity: a thread of the
// program's may wait in futex() for it (a safepoint, a compiler, the VM thread), and was seen
// called at rest so. Nor is a program whose every thread waits in futex() at rest: it may
// wait on the JVM. Empty then.
std::set<std::string> JvmThreadsAside(pid_t pid);

}  // namespace netgrade::observe
