// A grading result with one passing and one failing case, for the report writers' tests.
#pragma once

#include "harness/check/result.h"

namespace netgrade::testing_report {

inline check::GradeResult Sample() {
  check::GradeResult r;
  r.exercise = "tcp-capitalize";
  r.spec_file = "specs/tcp-capitalize.yaml";
  r.submission = "sub";
  r.seed = 7;
  check::CaseResult pass;
  pass.name = "server-one-line";
  pass.role = "server";
  pass.score = pass.max_score = 1;
  check::CaseResult fail;
  fail.name = "server-conversation";
  fail.role = "server";
  fail.max_score = 2;
  fail.verdict = check::Verdict::kFail;
  fail.code = check::Code::kEcho;
  fail.cause = "This looks like an echo.";
  fail.evidence = "\nSecond line.";
  fail.message = check::RenderedMessage(fail);
  r.cases = {pass, fail};
  r.score = 1;
  r.max_score = 3;
  return r;
}

}  // namespace netgrade::testing_report
