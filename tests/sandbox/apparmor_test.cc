// netgrade's own AppArmor profile (Ubuntu's user namespace restriction): what it says, how
// this machine's AppArmor is read, the one sentence a user is told, and an install that
// leaves nothing half done. The profile's parse by AppArmor 4.1's own parser is ci/matrix.sh's
// apparmor lane (this kernel has no AppArmor, and Debian 12's parser predates `userns`).
#include "harness/sandbox/apparmor.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/base/file.h"

namespace netgrade::sandbox {
namespace {
namespace fs = std::filesystem;

// A machine of the test's own: /sys, /proc and /etc/apparmor.d under a folder, and a parser
// that is a script answering as told.
struct FakeMachine {
  fs::path top = fs::temp_directory_path() / ("netgrade-apparmor-" + std::to_string(::getpid()));
  FakeMachine() {
    fs::remove_all(top);
    fs::create_directories(top / "etc/apparmor.d");
  }
  ~FakeMachine() { fs::remove_all(top); }
  void Set(const std::string& path, const std::string& text) {
    fs::create_directories((top / path).parent_path());
    std::ofstream(top / path) << text;
  }
  void AppArmorRuns(bool restricts, const std::string& current = "unconfined") {
    fs::create_directories(top / "sys/kernel/security/apparmor");
    Set("proc/sys/kernel/apparmor_restrict_unprivileged_userns", restricts ? "1\n" : "0\n");
    Set("proc/self/attr/apparmor/current", current + "\n");
  }
  // A parser that exits with `status` after printing `says`, and records that it ran.
  std::string Parser(int status, const std::string& says = "") {
    fs::path script = top / "parser";
    std::ofstream(script) << "#!/bin/sh\necho \"$@\" >" << (top / "parser-ran").string()
                          << "\necho '" << says << "' >&2\nexit " << status << "\n";
    fs::permissions(script, fs::perms::owner_all);
    return script.string();
  }
  AppArmorInstall Install(const std::string& parser) {
    AppArmorInstall i;
    i.binary = "/home/ana/netgrade/build/netgrade";
    i.profiles_dir = (top / "etc/apparmor.d").string();
    i.parser = parser;
    i.root = top.string();
    i.require_root = false;
    return i;
  }
  std::vector<std::string> Profiles() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(top / "etc/apparmor.d"))
      names.push_back(e.path().filename());
    return names;
  }
};

TEST(AppArmorProfile, LetsThisBinaryAloneMakeUserNamespaces) {
  std::string profile = AppArmorProfile("/home/ana/netgrade/build/netgrade");
  std::string name = AppArmorProfileName("/home/ana/netgrade/build/netgrade");
  EXPECT_EQ(name.rfind("netgrade-", 0), 0u) << name;
  EXPECT_EQ(name.size(), std::string("netgrade-").size() + 8);
  EXPECT_NE(profile.find("profile " + name + " /home/ana/netgrade/build/netgrade " +
                         "flags=(unconfined) {\n  userns,\n"),
            std::string::npos)
      << profile;
  EXPECT_NE(profile.find("abi <abi/4.0>,"), std::string::npos);
  // The package's binary has the plain name; another path, another profile.
  EXPECT_EQ(AppArmorProfileName("/usr/bin/netgrade"), "netgrade");
  EXPECT_NE(AppArmorProfileName("/opt/a/netgrade"), AppArmorProfileName("/opt/b/netgrade"));
}

TEST(LookAtAppArmor, ReadsTheRestrictionAndTheProfileThisProcessRunsUnder) {
  FakeMachine m;
  AppArmorHere none = LookAtAppArmor(m.top.string());
  EXPECT_FALSE(none.running);
  EXPECT_FALSE(none.restricts_userns);
  m.AppArmorRuns(true, "netgrade-1a2b3c4d (unconfined)");
  AppArmorHere here = LookAtAppArmor(m.top.string());
  EXPECT_TRUE(here.running);
  EXPECT_TRUE(here.restricts_userns);
  EXPECT_EQ(here.current, "netgrade-1a2b3c4d (unconfined)");
}

// Restricted and under no profile: one sentence, the one command; never the sysctl that
// turns the protection off for the machine. Elsewhere nothing is said.
TEST(AppArmorRemedy, NamesTheOneCommandThatInstallsTheProfile) {
  AppArmorHere here;
  here.running = here.restricts_userns = true;
  std::string said = AppArmorRemedy(here, "/home/ana/netgrade/build/netgrade");
  EXPECT_NE(said.find("sudo /home/ana/netgrade/build/netgrade apparmor --install"),
            std::string::npos)
      << said;
  EXPECT_EQ(said.find("apparmor_restrict_unprivileged_userns"), std::string::npos) << said;
  EXPECT_EQ(said.find('\n'), std::string::npos);
  here.current = "netgrade-1a2b3c4d (unconfined)";
  EXPECT_EQ(AppArmorRemedy(here, "/x/netgrade"), "") << "a profile is loaded already";
  AppArmorHere free;
  free.running = true;
  EXPECT_EQ(AppArmorRemedy(free, "/x/netgrade"), "") << "no restriction";
}

TEST(InstallAppArmorProfile, WritesAndLoadsItAndAgainChangesNothing) {
  FakeMachine m;
  m.AppArmorRuns(true);
  AppArmorInstall install = m.Install(m.Parser(0));
  EXPECT_EQ(InstallAppArmorProfile(install), "");
  const fs::path file = m.top / "etc/apparmor.d" / AppArmorProfileName(install.binary);
  EXPECT_EQ(ReadFile(file.string()).value_or(""), AppArmorProfile(install.binary));
  EXPECT_EQ(ReadFile((m.top / "parser-ran").string()).value_or(""), "-r " + file.string() + "\n");
  EXPECT_EQ(InstallAppArmorProfile(install), "") << "the same profile: loaded again";
  EXPECT_EQ(m.Profiles().size(), 1u);
}

TEST(InstallAppArmorProfile, WithoutAppArmorInstallsNothingAndSaysWhy) {
  FakeMachine m;
  std::string said = InstallAppArmorProfile(m.Install(m.Parser(0)));
  EXPECT_NE(said.find("AppArmor is not running on this machine"), std::string::npos) << said;
  EXPECT_TRUE(m.Profiles().empty());
  EXPECT_FALSE(fs::exists(m.top / "parser-ran"));
}

TEST(InstallAppArmorProfile, ADifferentProfileAlreadyThereIsLeftAsItIs) {
  FakeMachine m;
  m.AppArmorRuns(true);
  AppArmorInstall install = m.Install(m.Parser(0));
  const fs::path file = m.top / "etc/apparmor.d" / AppArmorProfileName(install.binary);
  std::ofstream(file) << "profile mine {}\n";
  std::string said = InstallAppArmorProfile(install);
  EXPECT_NE(said.find("is already there and differs"), std::string::npos) << said;
  EXPECT_EQ(ReadFile(file.string()).value_or(""), "profile mine {}\n");
  EXPECT_FALSE(fs::exists(m.top / "parser-ran"));
}

// A parser that refuses it, or none at all: the profile written for it is removed again.
TEST(InstallAppArmorProfile, ALoadThatFailsLeavesNothingHalfInstalled) {
  FakeMachine m;
  m.AppArmorRuns(true);
  std::string said =
      InstallAppArmorProfile(m.Install(m.Parser(1, "AppArmor parser error at line 8")));
  EXPECT_NE(said.find("refused the profile (AppArmor parser error at line 8)"), std::string::npos)
      << said;
  EXPECT_TRUE(m.Profiles().empty());
  said = InstallAppArmorProfile(m.Install((m.top / "no-such-parser").string()));
  EXPECT_NE(said.find("is not installed (apt-get install apparmor)"), std::string::npos) << said;
  EXPECT_TRUE(m.Profiles().empty());
}

// The portable archive runs netgrade through a loader of its own: a profile would attach to
// the loader, which runs anything. None is installed, and the sentence says what to do.
TEST(InstallAppArmorProfile, ANetgradeRunThroughItsOwnLoaderGetsNoProfile) {
  FakeMachine m;
  m.AppArmorRuns(true);
  AppArmorInstall install = m.Install(m.Parser(0));
  install.binary = "/opt/netgrade/lib/netgrade/ld-linux-x86-64.so.2";
  std::string said = InstallAppArmorProfile(install);
  EXPECT_NE(said.find("would let any program make user namespaces"), std::string::npos) << said;
  EXPECT_TRUE(m.Profiles().empty());
  AppArmorHere here;
  here.running = here.restricts_userns = true;
  said = AppArmorRemedy(here, install.binary);
  EXPECT_NE(said.find("install netgrade's .deb"), std::string::npos) << said;
  EXPECT_EQ(said.find("apparmor --install"), std::string::npos) << said;
}

TEST(InstallAppArmorProfile, APathAProfileCannotNameIsRefused) {
  FakeMachine m;
  m.AppArmorRuns(true);
  AppArmorInstall install = m.Install(m.Parser(0));
  install.binary = "/home/ana/my labs/netgrade";
  EXPECT_NE(InstallAppArmorProfile(install).find("a path an AppArmor profile cannot name"),
            std::string::npos);
  EXPECT_TRUE(m.Profiles().empty());
}

}  // namespace
}  // namespace netgrade::sandbox
