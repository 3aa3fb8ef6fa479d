#include "harness/peers/script_expect.h"

#include <re2/re2.h>

#include <memory>

#include "harness/base/text.h"
#include "harness/peers/reply.h"
#include "harness/spec/regex_cache.h"

namespace netgrade::peers {

std::optional<std::string> ExpectedText(const spec::Answer& answer, const std::string& last_sent,
                                        int n) {
  using Kind = spec::Answer::Kind;
  switch (answer.kind) {
    case Kind::kUpper:
      return Upper(last_sent);
    case Kind::kSame:
      return last_sent;
    case Kind::kExact:
      return answer.text;
    case Kind::kTemplate:
      return ApplyReplyTemplate(answer.text, last_sent, n);
    case Kind::kMatches:
    case Kind::kNothing:
      break;
  }
  return std::nullopt;
}

bool AnswerMatches(const spec::Answer& answer, const std::string& last_sent, int n,
                   const std::string& got) {
  if (answer.kind == spec::Answer::Kind::kNothing) return false;
  if (answer.kind == spec::Answer::Kind::kMatches) {
    std::shared_ptr<const RE2> re = spec::Compiled(answer.text);
    return re->ok() && RE2::PartialMatch(got, *re);
  }
  return ExpectedText(answer, last_sent, n) == got;
}

std::string DescribeExpected(const spec::Answer& answer, const std::string& last_sent, int n) {
  if (answer.kind == spec::Answer::Kind::kNothing) return "nothing";
  if (answer.kind == spec::Answer::Kind::kMatches)
    return "a line matching /" + EscapeText(answer.text, 80) + "/";
  return Quote(*ExpectedText(answer, last_sent, n));
}

}  // namespace netgrade::peers
