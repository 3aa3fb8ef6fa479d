#include "harness/sandbox/hosts_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace netgrade::sandbox {
namespace {

// name -> address, as a resolver reads the file (the first address naming a name wins).
std::map<std::string, std::string> Names(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string address, name;
    words >> address;
    while (words >> name) out.emplace(name, address);
  }
  return out;
}

TEST(HostsFile, ThePlaceholdersOfTheTextbookNameThePeer) {
  std::string path = WriteHostsFile("192.0.2.1", "192.0.2.2");
  std::map<std::string, std::string> names = Names(path);
  for (const char* n : {"hostname", "servername", "server", "netgrade-peer"})
    EXPECT_EQ(names[n], "192.0.2.1") << n;
  EXPECT_EQ(names["netgrade-student"], "192.0.2.2");
  EXPECT_EQ(names["localhost"], "127.0.0.1");
  ::unlink(path.c_str());
}

// Without a root of its own the program's reads of /etc/hosts get the machine's file with the
// textbook's placeholders added after it: the machine's own names come first and win (a
// machine whose file names "server" keeps it), and nothing of the machine's is lost.
TEST(SharedHostsFile, IsTheMachinesFileAndThenThePlaceholders) {
  std::string path = WriteSharedHostsFile(
      "127.0.0.1 localhost\n127.0.1.1 my-laptop\n10.1.2.3 server", "127.0.0.1");
  std::map<std::string, std::string> names = Names(path);
  EXPECT_EQ(names["my-laptop"], "127.0.1.1");
  EXPECT_EQ(names["server"], "10.1.2.3");
  EXPECT_EQ(names["servername"], "127.0.0.1");
  EXPECT_EQ(names["hostname"], "127.0.0.1");
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  ::unlink(path.c_str());
}

TEST(HostsFile, IsReadableByTheStudentAndNamedForThisGrader) {
  std::string path = WriteHostsFile("127.0.0.1", "127.0.0.1");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u) << "a student running as nobody must read it";
  std::string name = std::filesystem::path(path).filename();
  EXPECT_EQ(name.rfind("netgrade-" + std::to_string(::getpid()) + "-hosts-", 0), 0u) << name;
  std::string other = WriteHostsFile("127.0.0.1", "127.0.0.1");
  EXPECT_NE(other, path) << "two cases at once need two files";
  ::unlink(path.c_str());
  ::unlink(other.c_str());
}

TEST(HostsFile, MapsTheCasesOwnHostNameToTheProgramsAddress) {
  std::string path = WriteHostsFile("192.0.2.1", "192.0.2.2", "lab-pc-7");
  std::map<std::string, std::string> names = Names(path);
  EXPECT_EQ(names["lab-pc-7"], "192.0.2.2");
  EXPECT_EQ(names.count("netgrade-student"), 0u) << "no fixed name of the grader's";
  ::unlink(path.c_str());
}

TEST(CaseHostName, IsTheSameForASeedDiffersAcrossSeedsAndIsAValidHostName) {
  EXPECT_EQ(CaseHostName(42), CaseHostName(42));
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    std::string name = CaseHostName(seed);
    seen.insert(name);
    EXPECT_FALSE(name.empty());
    EXPECT_LE(name.size(), 63u);
    for (char c : name)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-') << name;
    EXPECT_EQ(name.find("netgrade"), std::string::npos) << name;
  }
  EXPECT_GE(seen.size(), 30u);
}

TEST(CasePidAfter, IsTheSameForASeedDiffersAcrossSeedsAndLooksLikeABusyComputers) {
  EXPECT_EQ(CasePidAfter(42), CasePidAfter(42));
  std::set<int> seen;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    int pid = CasePidAfter(seed);
    EXPECT_GE(pid, 300) << seed;
    EXPECT_LT(pid, 40300) << seed;
    seen.insert(pid);
  }
  EXPECT_GE(seen.size(), 45u) << "fifty seeds, almost as many PIDs";
}

}  // namespace
}  // namespace netgrade::sandbox
