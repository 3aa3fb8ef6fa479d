// The ICMP kind in `netgrade explain`'s words: a role that sends ICMP itself, a case's path
// with each fault the wire plays.
#include "harness/kinds/icmp/words.h"

#include <gtest/gtest.h>

#include <memory>

#include "harness/kinds/icmp/spec_parts.h"

namespace netgrade::icmp {
namespace {

TEST(IcmpWords, ARoleSaysItSendsIcmpItselfAndHowItIsRun) {
  spec::Role r{.name = "pinger",
               .names = {"pinger", "ping"},
               .listens = false,
               .argv = {"{host}", "4"},
               .port_env = {},
               .mark = {}};
  std::string text = RoleWords(r);
  EXPECT_NE(text.find("role pinger: the program pinger or ping"), std::string::npos) << text;
  EXPECT_NE(text.find("arguments {host} 4"), std::string::npos) << text;
  EXPECT_NE(text.find("raw socket"), std::string::npos) << text;
}

TEST(IcmpWords, ACaseNamesItsRoutersAndEveryFault) {
  spec::Case c;
  EXPECT_EQ(CaseWords(c), "") << "no path, nothing to say";
  auto part = std::make_shared<spec::IcmpCasePart>();
  spec::IcmpPath& p = part->path;
  c.kind_part = part;
  p.routers = 2;
  p.lose = {3};
  p.silent = {1};
  std::string text = CaseWords(c);
  EXPECT_NE(text.find("2 routers"), std::string::npos) << text;
  EXPECT_NE(text.find("request(s) 3 lost"), std::string::npos) << text;
  EXPECT_NE(text.find("router(s) 1 silent"), std::string::npos) << text;
}

}  // namespace
}  // namespace netgrade::icmp
