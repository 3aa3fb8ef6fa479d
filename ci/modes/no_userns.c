// no-userns COMMAND [ARG...]: runs COMMAND where creating a user namespace fails with EPERM,
// as on a kernel whose administrator turned unprivileged user namespaces off, or in a
// container whose seccomp profile refuses them. clone3 answers ENOSYS (its flags sit in
// memory a filter cannot read), so libc falls back to clone, whose flags it can.
// libseccomp rather than hand-written BPF: it checks the architecture and builds the jumps.
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: no-userns COMMAND [ARG...]\n");
    return 2;
  }
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  if (filter == NULL) {
    fprintf(stderr, "no-userns: seccomp_init failed\n");
    return 1;
  }
  int rc = seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
  const int refused[] = {SCMP_SYS(unshare), SCMP_SYS(clone)};
  for (size_t i = 0; rc == 0 && i < sizeof refused / sizeof refused[0]; ++i)
    rc = seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), refused[i], 1,
                          SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
  if (rc == 0) rc = seccomp_load(filter);  // sets no_new_privs first
  seccomp_release(filter);
  if (rc != 0) {
    fprintf(stderr, "no-userns: seccomp: %s: nothing run\n", strerror(-rc));
    return 2;
  }
  // What it imitates, checked before COMMAND runs: a user namespace is refused with EPERM.
  if (unshare(CLONE_NEWUSER) == 0 || errno != EPERM) {
    fprintf(stderr, "no-userns: a user namespace was not refused (%s): nothing run\n",
            strerror(errno));
    return 2;
  }
  execvp(argv[1], argv + 1);
  fprintf(stderr, "no-userns: %s: %s\n", argv[1], strerror(errno));
  return 127;
}
