// Where a case has no root of its own, its programs run beside the machine's Unix sockets
// (tmux's, the D-Bus session bus, ssh-agent, docker.sock), as the grader's user. Their filter
// hands every connect() to the grader (syscall_filter.h), and the guard here makes it itself,
// on the program's own socket (pidfd_getfd), so that what it checked is what connects:
//   - a TCP or UDP socket (any socket that is not AF_UNIX) connects as asked;
//   - a Unix socket connects only to a socket file beneath the program's own folders (its
//     work folder and temporary folder), reached through a descriptor of the grader's to that
//     very file (unix_address.h); elsewhere, or to an abstract name, connect() fails with
//     EACCES, as if the socket's permissions forbade it.
// A connect() that would wait (a blocking socket) waits on a thread of the guard's, so that
// one program's never holds up another's; when every process of a program is gone, the
// connects still under way for it are ended (shutdown()).
//
// What a program notices: nothing for TCP and UDP; its own Unix sockets work; the listening
// side of a Unix connection sees the grader's process as its peer (SO_PEERCRED).
//
// Given a hosts file, the guard also sees every open() (syscall_filter.h's answer_hosts): an
// open of /etc/hosts to read (by its absolute path, or relative to the working directory) is
// answered with a descriptor of that file (SECCOMP_ADDFD_FLAG_SEND), so that the names a
// case defines (the textbook's 'servername') resolve without a mount namespace; every other
// open goes on as the program made it (Landlock still judges it). A program that changes the
// path between the grader's look and the kernel's gets the machine's /etc/hosts or the case's
// hosts file, nothing more.
#pragma once

#include <string>
#include <vector>

#include "harness/base/fd.h"

namespace netgrade::sandbox {

// Whether the guard works as this grader runs (user_notify.h's CanGuardCalls), asked once;
// otherwise `why` (when given) says what is missing.
bool ConnectGuardAvailable(std::string* why = nullptr);

// Serves the connect() calls that reach `listener` (a program's filter's) until every process
// using that filter is gone, allowing Unix sockets beneath `folders` (absolute; links in
// them are resolved here), and its open() calls with `hosts_file` ("" when its filter hands
// none over). Thread-safe; returns at once.
void GuardConnects(Fd listener, const std::vector<std::string>& folders,
                   const std::string& hosts_file = "");

// Whether an open() of `path` with `flags`, by a program whose working directory is `cwd`, is
// a read of /etc/hosts that the case's hosts file answers.
bool OpensHostsFile(const std::string& path, const std::string& cwd, int flags);

// How many programs' listeners the guard serves now: for tests that prove it lets go of them.
int GuardedPrograms();

}  // namespace netgrade::sandbox
