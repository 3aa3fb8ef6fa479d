// The table of the keys each lab kind of its own adds to a spec (spec/kind_keys.h): the rest
// of spec/ reads a kind's keys through it alone, so a kind's keys are accepted, loaded and
// suggested only as its entry says.
#include "harness/spec/kind_keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness/kinds/icmp/spec_parts.h"
#include "harness/spec/load.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(KindKeys, EachKindHasItsOwnProtocolNameAndLoaders) {
  std::set<std::string> names;
  std::set<Protocol> protocols;
  for (const KindKeys* kind : AllKindKeys()) {
    EXPECT_TRUE(names.insert(kind->name).second) << kind->name << " twice";
    EXPECT_TRUE(protocols.insert(kind->protocol).second) << kind->name;
    EXPECT_TRUE(kind->load_case || kind->load_expect || kind->load_spec) << kind->name;
  }
  EXPECT_EQ(names, (std::set<std::string>{"icmp", "transport"}));
}

TEST(KindKeys, AKindsKeysAndTheKeysOfItsMapsAreAcceptedWhereItSaysAndNowhereElse) {
  std::vector<KeyGroup> groups = AcceptedKeys();
  auto group = [&](const std::string& name) {
    for (const KeyGroup& g : groups)
      if (g.map == name) return g.keys;
    return std::vector<std::string>{};
  };
  for (const KindKeys* kind : AllKindKeys()) {
    for (const std::string& k : kind->case_keys) EXPECT_TRUE(Has(group("case"), k)) << k;
    for (const std::string& k : kind->expect_keys) EXPECT_TRUE(Has(group("expect"), k)) << k;
    for (const std::string& k : kind->top_keys) EXPECT_TRUE(Has(group("top level"), k)) << k;
    for (const auto& [name, keys] : kind->maps) EXPECT_EQ(group(name), keys) << name;
  }
  EXPECT_FALSE(Has(group("expect"), "path")) << "a case's key, not expect's";
}

const char* kIcmp = R"(exercise: pinger
protocol: icmp
roles:
  pinger: {names: [pinger], listens: false, argv: ["{host}", "2"]}
cases:
  - name: over-two
    role: pinger
    path: {routers: 2}
    expect: {echo_requests: 2}
  - name: default-path
    role: pinger
    expect: {ttl_probes: true}
)";

TEST(KindKeys, TheIcmpKindsKeysAreLoadedThroughItsEntry) {
  LoadResult r = LoadSpecString(kIcmp, "pinger.yaml");
  ASSERT_TRUE(r.errors.empty()) << r.errors[0].message;
  const Spec& s = *r.spec;
  EXPECT_EQ(s.protocol, Protocol::kIcmp);
  ASSERT_TRUE(icmp::PathOf(s.cases[0]));
  EXPECT_EQ(icmp::PathOf(s.cases[0])->routers, 2);
  ASSERT_TRUE(icmp::EchoRequestsOf(s.cases[0].expect));
  EXPECT_EQ(icmp::EchoRequestsOf(s.cases[0].expect)->count, 2);
  ASSERT_TRUE(icmp::PathOf(s.cases[1])) << "an ICMP case with no path runs over one router";
  EXPECT_EQ(icmp::PathOf(s.cases[1])->routers, 1);
  EXPECT_TRUE(icmp::TtlProbesOf(s.cases[1].expect));
}

TEST(KindKeys, AKindsCaseKeyInAnotherKindsSpecIsAnErrorAtItsPlace) {
  std::string udp = kIcmp;
  udp.replace(udp.find("protocol: icmp"), 14, "protocol: udp ");
  LoadResult r = LoadSpecString(udp, "pinger.yaml");
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].mark.line, 8);
  ExpectWordsOf("path", r.errors[0].message);
}

}  // namespace
}  // namespace netgrade::spec
