// Which cases need a network of their own, and what a case that cannot have one here is told:
// the remedy for the platform it ran on, never a switch that turns a protection off for the
// whole machine where a narrower one exists.
#include "harness/run/own_network.h"

#include <gtest/gtest.h>

#include "harness/spec/load.h"

namespace netgrade::run {
namespace {

spec::Spec Load(const std::string& name) {
  spec::LoadResult loaded =
      spec::LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/" + name + ".yaml");
  EXPECT_TRUE(loaded.ok()) << name;
  return *loaded.spec;
}

TEST(NeedsOwnNetwork, AnIcmpLabAndAProgramInTheMiddleDoATcpLabDoesNot) {
  spec::Spec icmp = Load("icmp-pinger");
  EXPECT_NE(NeedsOwnNetwork(icmp, icmp.cases[0]).find("is an ICMP lab"), std::string::npos);
  spec::Spec proxy = Load("web-proxy");
  EXPECT_NE(NeedsOwnNetwork(proxy, proxy.cases[0]).find("a name server of the case's own"),
            std::string::npos);
  spec::Spec tcp = Load("tcp-capitalize");
  for (const spec::Case& c : tcp.cases) EXPECT_EQ(NeedsOwnNetwork(tcp, c), "") << c.name;
  EXPECT_EQ(NotRunHere(tcp, tcp.cases[0], "refused", Platform{}), "");
  EXPECT_EQ(SpecNotRunHere(tcp, RunOptions{}), "");
}

TEST(OwnNetworkRemedy, NamesTheRemedyOfEachPlatform) {
  Platform apparmor;
  apparmor.apparmor_remedy = "Run sudo netgrade apparmor --install";
  EXPECT_EQ(OwnNetworkRemedy(apparmor), "Run sudo netgrade apparmor --install");
  Platform gitlab;
  gitlab.root = gitlab.gitlab = true;
  EXPECT_NE(OwnNetworkRemedy(gitlab).find("privileged = true under [runners.docker]"),
            std::string::npos);
  Platform container;
  container.root = true;
  EXPECT_NE(OwnNetworkRemedy(container).find("docker run --privileged"), std::string::npos);
  Platform github;
  github.github = true;
  EXPECT_NE(OwnNetworkRemedy(github).find("with sudo"), std::string::npos);
  Platform user;
  EXPECT_NE(OwnNetworkRemedy(user).find("sudo netgrade check"), std::string::npos);
  // The AppArmor restriction's own switch is never the advice.
  for (const Platform& p : {apparmor, gitlab, container, github, user})
    EXPECT_EQ(OwnNetworkRemedy(p).find("apparmor_restrict_unprivileged_userns"), std::string::npos);
}

TEST(NotRunHere, SaysWhatWasRefusedWhoseFaultItIsNotAndTheRemedy) {
  spec::Spec icmp = Load("icmp-pinger");
  Platform container;
  container.root = true;
  std::string said =
      NotRunHere(icmp, icmp.cases[0], "cannot create a network namespace: EPERM", container);
  EXPECT_EQ(said.rfind("Not run on this machine: icmp-pinger is an ICMP lab", 0), 0u) << said;
  EXPECT_NE(said.find("(cannot create a network namespace: EPERM)"), std::string::npos) << said;
  EXPECT_NE(said.find("This is not your program's fault"), std::string::npos) << said;
  EXPECT_NE(said.find("docker run --privileged"), std::string::npos) << said;
  RunOptions shared;
  shared.isolate = false;
  EXPECT_EQ(SpecNotRunHere(icmp, shared).rfind("case '" + icmp.cases[0].name + "': Not run", 0),
            0u);
}

}  // namespace
}  // namespace netgrade::run
