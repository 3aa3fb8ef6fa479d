// How `netgrade explain` begins a role, for every kind (kinds/role_words.h).
#include "harness/kinds/role_words.h"

#include <gtest/gtest.h>

namespace netgrade::kinds {
namespace {

TEST(RoleHeading, NamesTheProgramsThatPlayTheRoleAndItsCommandLine) {
  spec::Role r;
  r.name = "server";
  r.names = {"server", "server.py", "Server.java"};
  r.argv = {"{port}"};
  EXPECT_EQ(RoleHeading(r),
            "  role server: the program server, server.py or Server.java (an executable, or the "
            "same name with .py; letter case does not matter)\n    run with arguments {port}");
  r.argv.clear();
  EXPECT_NE(RoleHeading(r).find("run with no arguments"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::kinds
