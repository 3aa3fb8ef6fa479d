// `received_ids` on messages built by hand: a client keeping one id for every query, or
// using one id again for its next query, is told so; a query sent again keeps its id.
#include "harness/check/query_ids.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

spec::IdRule Rule(const std::string& hint = "") {
  spec::IdRule r;
  r.pattern = R"(^(?P<id>\d+) \S+$)";
  r.hint = hint;
  return r;
}

Finding Check(const std::vector<std::string>& messages, const std::string& hint = "") {
  return CheckQueryIds(Rule(hint), messages, "client.py", "datagram");
}

TEST(QueryIds, ANewIdForEachQueryPasses) {
  EXPECT_TRUE(Check({"1 www.example.com", "2 mail.example.com", "3 www.example.com"}).ok());
}

// Sent again after a loss, a query is the same datagram: its id is the same, rightly.
TEST(QueryIds, AQuerySentAgainKeepsItsId) {
  EXPECT_TRUE(
      Check({"7 www.example.com", "7 www.example.com", "7 www.example.com", "8 mail.example.com"})
          .ok());
}

TEST(QueryIds, OneIdForEveryQueryIsNamed) {
  Finding f = Check({"1 www.example.com", "1 www.example.com", "1 mail.example.com"},
                    "Compare ids, not names.");
  EXPECT_EQ(f.code, Code::kReusedId);
  ExpectWords(f);
}

TEST(QueryIds, AnIdUsedAgainForTheNextQueryIsNamed) {
  Finding f = Check({"4 a.example", "5 b.example", "5 c.example", "6 d.example"});
  EXPECT_EQ(f.code, Code::kReusedId);
  ExpectWords(f);  // the whole text: the query after the reused id, d.example, is not named
}

// Messages the pattern finds no id in are no queries; an id that is not a number is quoted.
TEST(QueryIds, OtherMessagesArePassedOverAndAnOddIdIsQuoted) {
  EXPECT_TRUE(Check({"1 a.example", "hello", "2 b.example"}).ok());
  spec::IdRule r;
  r.pattern = R"(^(?P<id>\S+) \S+$)";
  Finding f = CheckQueryIds(r, {"x\x1b a", "x\x1b b"}, "client.py", "datagram");
  EXPECT_EQ(f.code, Code::kReusedId);
  ExpectWords(f);
}

}  // namespace
}  // namespace netgrade::check
