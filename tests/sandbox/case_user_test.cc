#include "harness/sandbox/case_user.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <vector>

namespace netgrade::sandbox {
namespace {

TEST(CaseUser, NoTwoLiveClaimsShareAUid) {
  if (::geteuid() != 0) GTEST_SKIP() << "uids are handed out to root only";
  std::string why;
  std::vector<CaseUser> users;
  std::set<uid_t> uids;
  for (int i = 0; i < 50; ++i) {
    std::optional<CaseUser> u = CaseUser::Claim(&why);
    ASSERT_TRUE(u.has_value()) << why;
    EXPECT_GE(u->uid(), CaseUser::kFirst);
    EXPECT_LT(u->uid(), CaseUser::kFirst + CaseUser::kCount);
    EXPECT_NE(u->uid(), 65534u);
    uids.insert(u->uid());
    users.push_back(std::move(*u));
  }
  EXPECT_EQ(uids.size(), 50u);
}

// Another grader (a process of its own) holds a uid: this one never gets it while it lives.
TEST(CaseUser, AUidHeldByAnotherGraderIsNotHandedOut) {
  if (::geteuid() != 0) GTEST_SKIP() << "uids are handed out to root only";
  int held[2], release[2];
  ASSERT_EQ(::pipe(held), 0);
  ASSERT_EQ(::pipe(release), 0);
  pid_t other = ::fork();
  ASSERT_GE(other, 0);
  if (other == 0) {
    ::close(held[0]);
    ::close(release[1]);
    std::string why;
    std::vector<CaseUser> mine;
    for (int i = 0; i < 20; ++i)
      if (auto u = CaseUser::Claim(&why)) mine.push_back(std::move(*u));
    for (const CaseUser& u : mine) {
      uid_t id = u.uid();
      ssize_t ignored = ::write(held[1], &id, sizeof id);
      (void)ignored;
    }
    ::close(held[1]);
    char c;
    ssize_t ignored = ::read(release[0], &c, 1);  // until the test is done
    (void)ignored;
    ::_exit(0);
  }
  ::close(held[1]);
  ::close(release[0]);
  std::set<uid_t> theirs;
  for (uid_t id; ::read(held[0], &id, sizeof id) == sizeof id;) theirs.insert(id);
  ASSERT_EQ(theirs.size(), 20u);
  std::string why;
  std::vector<CaseUser> mine;
  for (int i = 0; i < 200; ++i) {
    std::optional<CaseUser> u = CaseUser::Claim(&why);
    ASSERT_TRUE(u.has_value()) << why;
    EXPECT_EQ(theirs.count(u->uid()), 0u) << "uid " << u->uid() << " is the other grader's";
    mine.push_back(std::move(*u));
  }
  ::close(release[1]);
  ::waitpid(other, nullptr, 0);
}

}  // namespace
}  // namespace netgrade::sandbox
