// `path:` and `expect: echo_requests` as the loader reads them, and the errors it gives at
// their place.
#include "harness/kinds/icmp/spec_keys.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "harness/spec/expect.h"
#include "harness/spec/load.h"
#include "tests/spec/read_node.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

read_node::Read<IcmpPath> PathOf(const std::string& yaml) {
  return read_node::ReadNode<IcmpPath>(yaml, LoadIcmpPath);
}

TEST(IcmpPathSpec, ReadsRoutersFaultsAndDelays) {
  auto r = PathOf(
      "{routers: 3, silent: [2], delay: 20ms, jitter: 10ms, lose: [2], duplicate: [1], late: [3], "
      "other_identifier: [4], hop_loss: 30%}");
  ASSERT_TRUE(r.errors.empty()) << read_node::All(r.errors);
  EXPECT_EQ(r.value.routers, 3);
  EXPECT_TRUE(r.value.addresses.empty()) << "drawn from the seed";
  EXPECT_EQ(r.value.silent, std::vector<int>{2});
  EXPECT_EQ(r.value.delay_ms, 20);
  EXPECT_EQ(r.value.jitter_ms, 10);
  EXPECT_EQ(r.value.lose, std::vector<int>{2});
  EXPECT_EQ(r.value.duplicate, std::vector<int>{1});
  EXPECT_EQ(r.value.late, std::vector<int>{3});
  EXPECT_EQ(r.value.other_identifier, std::vector<int>{4});
  EXPECT_DOUBLE_EQ(r.value.hop_loss, 0.3);
}

TEST(IcmpPathSpec, TakesGivenAddressesAndAnUnreachableDestination) {
  auto r = PathOf("{routers: [10.1.0.1, 172.16.0.1], destination: 192.0.2.9, unreachable: true}");
  ASSERT_TRUE(r.errors.empty()) << read_node::All(r.errors);
  EXPECT_EQ(r.value.routers, 2);
  EXPECT_EQ(r.value.addresses, (std::vector<std::string>{"10.1.0.1", "172.16.0.1"}));
  EXPECT_EQ(r.value.destination, "192.0.2.9");
  EXPECT_TRUE(r.value.unreachable);
}

TEST(IcmpPathSpec, SaysWhereAPathIsWrongAndWhatToWrite) {
  auto r = PathOf("{routers: [10.1.0.1, router2]}");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].ToString(),
            "node.yaml:1:22: 'router2' is no IPv4 address; write a router's address such as "
            "10.0.1.1");
  r = PathOf("{routers: 9}");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("routers: 9", r.errors[0].message);
  r = PathOf("{routers: 2, silent: [3]}");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("silent: [3]", r.errors[0].message);
  r = PathOf("{delay: 800ms, jitter: 200ms}");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("delay: 800ms, jitter: 200ms", r.errors[0].message);
  r = PathOf("{route: 2}");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("route: 2", r.errors[0].message);  // with a suggestion
}

TEST(IcmpPathSpec, TtlProbesIsTrueOrAMap) {
  auto t = read_node::ReadNode<TtlProbes>("true", LoadTtlProbes);
  ASSERT_TRUE(t.errors.empty());
  EXPECT_EQ(t.value.most_per_ttl, 3);
  auto m = read_node::ReadNode<TtlProbes>("{most_per_ttl: 2}", LoadTtlProbes);
  ASSERT_TRUE(m.errors.empty());
  EXPECT_EQ(m.value.most_per_ttl, 2);
  EXPECT_FALSE(m.value.more_traces);
  auto more = read_node::ReadNode<TtlProbes>("{most_per_ttl: 2, more_traces: true}", LoadTtlProbes);
  ASSERT_TRUE(more.errors.empty());
  EXPECT_TRUE(more.value.more_traces);
  EXPECT_FALSE(more.value.any_identifier);
  auto any = read_node::ReadNode<TtlProbes>("{identifier: any}", LoadTtlProbes);
  ASSERT_TRUE(any.errors.empty());
  EXPECT_TRUE(any.value.any_identifier);
  EXPECT_TRUE(read_node::ReadNode<TtlProbes>("{identifier: one}", LoadTtlProbes).errors.empty());
  auto typo = read_node::ReadNode<TtlProbes>("{identifier: each}", LoadTtlProbes);
  ASSERT_EQ(typo.errors.size(), 1u);
  ExpectWordsOf("identifier: each", typo.errors[0].message);
  auto no = read_node::ReadNode<TtlProbes>("false", LoadTtlProbes);
  ASSERT_EQ(no.errors.size(), 1u);
  ExpectWordsOf("false", no.errors[0].message);
}

TEST(IcmpPathSpec, EchoRequestsIsACountOrAMap) {
  auto n = read_node::ReadNode<EchoRequests>("4", LoadEchoRequests);
  ASSERT_TRUE(n.errors.empty());
  EXPECT_EQ(n.value.count, 4);
  EXPECT_FALSE(n.value.round_trips);
  auto m = read_node::ReadNode<EchoRequests>("{count: 3, round_trips: true}", LoadEchoRequests);
  ASSERT_TRUE(m.errors.empty());
  EXPECT_EQ(m.value.count, 3);
  EXPECT_TRUE(m.value.round_trips);
  auto bad = read_node::ReadNode<EchoRequests>("{round_trips: true}", LoadEchoRequests);
  EXPECT_EQ(bad.errors.size(), 1u);
}

TEST(IcmpPathSpec, TheTextbooksPingerIsAnyDestinationAnySequenceKeepsPingingFreeForm) {
  auto p = read_node::ReadNode<IcmpPath>("{destination: any}", LoadIcmpPath);
  ASSERT_TRUE(p.errors.empty());
  EXPECT_TRUE(p.value.any_destination);
  EXPECT_TRUE(p.value.destination.empty()) << "its own address is still drawn from the seed";
  auto e = read_node::ReadNode<EchoRequests>(
      "{count: 4, sequence: any, keeps_pinging: true, pause: 1s, round_trips: free_form}",
      LoadEchoRequests);
  ASSERT_TRUE(e.errors.empty());
  EXPECT_TRUE(e.value.any_sequence);
  EXPECT_TRUE(e.value.keeps_pinging);
  EXPECT_EQ(e.value.pause_ms, 1000);
  EXPECT_TRUE(e.value.round_trips);
  EXPECT_TRUE(e.value.free_form);
  auto counting =
      read_node::ReadNode<EchoRequests>("{count: 4, sequence: counting}", LoadEchoRequests);
  ASSERT_TRUE(counting.errors.empty());
  EXPECT_FALSE(counting.value.any_sequence);
  auto bad = read_node::ReadNode<EchoRequests>("{count: 4, sequence: constant}", LoadEchoRequests);
  ASSERT_EQ(bad.errors.size(), 1u);
  ExpectWordsOf("sequence: constant", bad.errors[0].message);
  auto where = read_node::ReadNode<IcmpPath>("{destination: anywhere}", LoadIcmpPath);
  ASSERT_EQ(where.errors.size(), 1u);
  ExpectWordsOf("destination: anywhere", where.errors[0].message);
}

const char* kSpec = R"(exercise: pinger
protocol: icmp
roles:
  pinger: {names: [pinger], listens: false, argv: ["{host}", "2"]}
cases:
  - name: plain
    role: pinger
    expect: {echo_requests: 2}
  - name: lossy
    role: pinger
    path: {routers: 2, lose: [1]}
    expect: {echo_requests: 2}
)";

TEST(IcmpPathSpec, AnIcmpSpecsCaseWithoutAPathRunsOverOneRouter) {
  LoadResult r = LoadSpecString(kSpec, "pinger.yaml");
  ASSERT_TRUE(r.spec) << read_node::All(r);
  EXPECT_EQ(r.spec->protocol, Protocol::kIcmp);
  ASSERT_TRUE(icmp::PathOf(r.spec->cases[0]));
  EXPECT_EQ(icmp::PathOf(r.spec->cases[0])->routers, 1);
  ASSERT_TRUE(icmp::PathOf(r.spec->cases[1]));
  EXPECT_EQ(icmp::PathOf(r.spec->cases[1])->routers, 2);
  ASSERT_TRUE(icmp::EchoRequestsOf(r.spec->cases[1].expect));
  EXPECT_EQ(icmp::EchoRequestsOf(r.spec->cases[1].expect)->count, 2);
  EXPECT_FALSE(icmp::TtlProbesOf(r.spec->cases[1].expect));
}

// The spec holds the kind's parts without knowing them (spec::KindPart): an `expect` with only
// ICMP keys still expects something, and one without them holds no part.
TEST(IcmpPathSpec, AnExpectWithOnlyIcmpKeysExpectsSomething) {
  LoadResult r = LoadSpecString(kSpec, "pinger.yaml");
  ASSERT_TRUE(r.spec) << read_node::All(r);
  EXPECT_FALSE(ExpectsNothing(r.spec->cases[1].expect));
  Expect e;
  EXPECT_EQ(icmp::ExpectOf(e), nullptr);
  auto probes = std::make_shared<IcmpExpect>();
  probes->ttl_probes.emplace();
  e.kind_part = probes;
  EXPECT_FALSE(ExpectsNothing(e));
  ASSERT_TRUE(icmp::TtlProbesOf(e));
  EXPECT_FALSE(icmp::EchoRequestsOf(e));
}

TEST(IcmpPathSpec, APathInATcpSpecIsAnErrorAtItsPlace) {
  std::string yaml = kSpec;
  yaml.replace(yaml.find("protocol: icmp"), 14, "protocol: tcp");
  LoadResult r = LoadSpecString(yaml, "pinger.yaml");
  EXPECT_FALSE(r.spec);
  // The one error at the path's line (11), which names the protocol the key is for.
  std::vector<const SpecError*> at_path;
  for (const SpecError& e : r.errors)
    if (e.mark.line == 11) at_path.push_back(&e);
  ASSERT_EQ(at_path.size(), 1u) << read_node::All(r);
  ExpectWordsOf("path", at_path[0]->message);
}

}  // namespace
}  // namespace netgrade::spec
