// deny-uid-map.so, preloaded: a write to a descriptor opened on a uid_map fails with EPERM
// (what Ubuntu 24.04's AppArmor userns restriction reports), everything else as usual.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

static int map_fd = -1;

static int Track(const char* path, int fd) {
  size_t n = path ? strlen(path) : 0;
  if (fd >= 0 && n >= 7 && strcmp(path + n - 7, "uid_map") == 0) map_fd = fd;
  return fd;
}

static mode_t ModeOf(int flags, va_list args) {
  return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(args, int) : 0;
}

typedef int (*OpenFn)(const char*, int, ...);
typedef int (*OpenAtFn)(int, const char*, int, ...);
typedef ssize_t (*WriteFn)(int, const void*, size_t);
typedef int (*CloseFn)(int);

// next_NAME: libc's NAME, looked up once.
#define NEXT(name, type) \
  static type next_##name; \
  if (!next_##name) next_##name = (type)dlsym(RTLD_NEXT, #name)

int open(const char* path, int flags, ...) {
  NEXT(open, OpenFn);
  va_list args;
  va_start(args, flags);
  mode_t mode = ModeOf(flags, args);
  va_end(args);
  return Track(path, next_open(path, flags, mode));
}

int open64(const char* path, int flags, ...) {
  NEXT(open64, OpenFn);
  va_list args;
  va_start(args, flags);
  mode_t mode = ModeOf(flags, args);
  va_end(args);
  return Track(path, next_open64(path, flags, mode));
}

int openat(int dir, const char* path, int flags, ...) {
  NEXT(openat, OpenAtFn);
  va_list args;
  va_start(args, flags);
  mode_t mode = ModeOf(flags, args);
  va_end(args);
  return Track(path, next_openat(dir, path, flags, mode));
}

ssize_t write(int fd, const void* data, size_t n) {
  NEXT(write, WriteFn);
  if (fd >= 0 && fd == map_fd) {
    errno = EPERM;
    return -1;
  }
  return next_write(fd, data, n);
}

int close(int fd) {
  NEXT(close, CloseFn);
  if (fd == map_fd) map_fd = -1;
  return next_close(fd);
}
