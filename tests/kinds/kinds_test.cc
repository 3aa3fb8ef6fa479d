// The kinds the runner knows (kinds/kinds.cc): one for each protocol a spec names.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "harness/kinds/icmp/codes.h"
#include "harness/kinds/kind.h"
#include "harness/kinds/transport/codes.h"

namespace netgrade::kinds {
namespace {

TEST(Kinds, EachProtocolIsAKindOnlyTcpAndUdpCasesAreTheRunnersOwn) {
  for (auto [protocol, name] : {std::pair{spec::Protocol::kTcp, "tcp"},
                                {spec::Protocol::kUdp, "udp"},
                                {spec::Protocol::kIcmp, "icmp"},
                                {spec::Protocol::kTransport, "transport"}}) {
    const Kind& kind = KindOf(protocol);
    EXPECT_EQ(kind.name, name);
    EXPECT_EQ(kind.protocol, protocol);
    EXPECT_TRUE(kind.checks.traffic) << name;
    EXPECT_TRUE(kind.checks.explain) << name;
    EXPECT_TRUE(kind.explain_role) << name;
    EXPECT_TRUE(kind.explain_case) << name;
    const bool sockets = protocol == spec::Protocol::kTcp || protocol == spec::Protocol::kUdp;
    EXPECT_EQ(static_cast<bool>(kind.start_case), !sockets) << name;
    EXPECT_EQ(kind.checks.files_first, sockets) << name;
  }
  EXPECT_EQ(KindOf(spec::Protocol::kTcp).socket_type, SOCK_STREAM);
  EXPECT_EQ(KindOf(spec::Protocol::kUdp).socket_type, SOCK_DGRAM);
}

TEST(Kinds, OnlyAKindWithRawSocketsGivesItsProgramsRawRights) {
  spec::Spec s;
  s.protocol = spec::Protocol::kTcp;
  EXPECT_FALSE(RawSockets(s));
  s.protocol = spec::Protocol::kIcmp;
  EXPECT_TRUE(RawSockets(s));
}

// A kind's codes are its own (its codes.h), registered with it: every code of every kind reads
// back from its name, and no two share one (a result file names a code by it alone).
TEST(Kinds, EveryCodeOfEveryKindReadsBackFromItsOneName) {
  std::set<std::string> seen;
  const std::vector<check::Code> all = AllCodes();
  for (check::Code c : all) {
    EXPECT_TRUE(seen.insert(std::string(c.name())).second) << "two codes are named " << c;
    ASSERT_TRUE(CodeFromName(c.name()).has_value()) << c;
    EXPECT_EQ(*CodeFromName(c.name()), c);
  }
  EXPECT_EQ(all.size(),
            check::SharedCodes().size() + icmp::AllCodes().size() + transport::AllCodes().size());
  EXPECT_EQ(CodeFromName("ttl_order"), check::Code(icmp::Codes::kTtlOrder));
  EXPECT_EQ(CodeFromName("stop_and_wait"), check::Code(transport::Codes::kStopAndWait));
  EXPECT_EQ(CodeFromName("echo"), check::Code(check::Code::kEcho));
  EXPECT_EQ(KindOf(spec::Protocol::kIcmp).codes.size(), icmp::AllCodes().size());
}

TEST(Kinds, AnUnknownOrMisspeltCodeNameIsNone) {
  EXPECT_EQ(CodeFromName("Echo"), std::nullopt);
  EXPECT_EQ(CodeFromName("no-output"), std::nullopt);
  EXPECT_EQ(CodeFromName(""), std::nullopt);
  EXPECT_EQ(CodeFromName("unknown"), std::nullopt);
}

// specs/FORMAT.md lists every code with its line: each code of every kind is a "- `name`: ..."
// item of its list.
TEST(Kinds, FormatMdListsEveryCode) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/specs/FORMAT.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const size_t list = doc.find("\n## Diagnosis codes\n");
  ASSERT_NE(list, std::string::npos) << "specs/FORMAT.md has no '## Diagnosis codes' section";
  const std::string section = doc.substr(list, doc.find("\n## ", list + 1) - list);
  for (check::Code c : AllCodes())
    EXPECT_NE(section.find("\n- `" + std::string(c.name()) + "`: "), std::string::npos)
        << "specs/FORMAT.md's list of diagnosis codes has no line '- `" << c << "`: ...'";
}

}  // namespace
}  // namespace netgrade::kinds
