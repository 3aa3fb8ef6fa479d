// Two tiers of errors. What a user or a student causes is a value carrying its explanation
// (see check/ and spec/). A failed system call in the grader itself throws SystemError,
// caught once at the top and reported as an internal error, exit status 3.
#pragma once

#include <stdexcept>
#include <string>

namespace netgrade {

// The grader itself failed: never the student's fault.
class SystemError : public std::runtime_error {
 public:
  // what: "cannot open file 'x'", errno_value: errno at the failure.
  SystemError(const std::string& what, int errno_value);
  int errno_value() const { return errno_value_; }

 private:
  int errno_value_;
};

// Throws SystemError(what, errno) when result is -1; returns result otherwise.
template <typename T>
T CheckSys(T result, const char* what);

// A usage, spec or submission-layout error: exit status 2, message on stderr.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace netgrade

#include "harness/base/error-inl.h"
