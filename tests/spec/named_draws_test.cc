#include "harness/spec/named_draws.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <set>

#include "harness/spec/draw.h"
#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

const char* const kSpec = R"(exercise: x
protocol: udp
draws:
  www: {draw: host}
  www_ip: {draw: ipv4}
  mail: {draw: host}
  mail_ip: {draw: ipv4}
roles: {server: {listens: true, argv: ["{port}"]}}
files:
  - path: hosts.txt
    text: "# table\n{draw:www} {draw:www_ip}\n\n  {draw:mail}\t{draw:mail_ip}"
cases:
  - name: found
    role: server
    script:
      - connect: a
      - send: "1 {draw:www|upper}"
        on: a
      - expect: {text: "1 {draw:www|upper} {draw:www_ip}"}
        on: a
      - send: "2 {draw:mail|mixed}"
        on: a
      - expect: {matches: '^2 {draw:mail|mixed} {draw:mail_ip}$'}
        on: a
    expect: {exit: running}
)";

Spec Loaded(const std::string& yaml) {
  LoadResult r = LoadSpecString(yaml, "x.yaml");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front().ToString());
  return r.spec.value_or(Spec{});
}

TEST(NamedDraws, TheFileAndTheStepsHoldTheSameValuesDrawnForTheSeed) {
  Spec drawn = DrawMessages(Loaded(kSpec), 7);
  DrawnValues v = DrawNamedValues(drawn.named_draws, 7);
  const std::string& table = drawn.files[0].content;
  EXPECT_EQ(table, "# table\n" + v["www"] + " " + v["www_ip"] + "\n\n  " + v["mail"] + "\t" +
                       v["mail_ip"]);
  const Step& send = drawn.cases[0].script[1];
  // |upper is the same name in upper case, and the answer's address is the file's.
  std::string upper = v["www"];
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(send.text, "1 " + upper);
  EXPECT_EQ(drawn.cases[0].script[2].answer.text, "1 " + upper + " " + v["www_ip"]);
  // In a pattern the value is quoted: its dots match dots only, and the mixed case differs
  // from the name as written and matches the right answer.
  const std::string& pattern = drawn.cases[0].script[4].answer.text;
  std::string mixed = drawn.cases[0].script[3].text.substr(2);
  EXPECT_NE(mixed, v["mail"]);
  EXPECT_TRUE(RE2::FullMatch("2 " + mixed + " " + v["mail_ip"], pattern)) << pattern;
  std::string dotless = mixed;
  dotless[dotless.find('.')] = 'x';
  EXPECT_FALSE(RE2::FullMatch("2 " + dotless + " " + v["mail_ip"], pattern)) << pattern;
}

TEST(NamedDraws, TheSameSeedTheSameValuesAnotherSeedOthers) {
  Spec spec = Loaded(kSpec);
  EXPECT_EQ(DrawNamedValues(spec.named_draws, 3), DrawNamedValues(spec.named_draws, 3));
  std::set<std::string> hosts;
  for (uint64_t seed = 1; seed <= 20; ++seed)
    hosts.insert(DrawNamedValues(spec.named_draws, seed)["www"]);
  EXPECT_GE(hosts.size(), 18u);
  EXPECT_NE(DrawMessages(spec, 1).files[0].content, DrawMessages(spec, 2).files[0].content);
}

TEST(NamedDraws, HostsAreLowerCaseLabelsAndAddressesNeverRepeatNorAreRealOnes) {
  std::vector<NamedDraw> draws;
  for (int i = 0; i < 100; ++i) {
    NamedDraw d;
    d.name = "a" + std::to_string(i);
    d.draw.kind = Draw::Kind::kIpv4;
    draws.push_back(d);
    d.name = "h" + std::to_string(i);
    d.draw.kind = Draw::Kind::kHost;
    draws.push_back(d);
  }
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    std::set<std::string> seen;
    for (const auto& [name, value] : DrawNamedValues(draws, seed)) {
      EXPECT_TRUE(seen.insert(value).second) << name << " repeats " << value;
      if (name[0] == 'a')
        EXPECT_TRUE(RE2::FullMatch(value, R"((192\.0\.2|198\.51\.100|203\.0\.113)\.\d+)")) << value;
      else
        EXPECT_TRUE(RE2::FullMatch(value, R"([a-z]+-[a-z]+\.(example\.(org|com|net)|test))"))
            << value;
    }
  }
}

TEST(NamedDraws, AnUnknownNameOrLetterCaseIsAnErrorAtItsStep) {
  std::string yaml = kSpec;
  yaml.replace(yaml.find("{draw:www|upper} {draw:www_ip}"), 16, "{draw:ww|upper}");
  LoadResult r = LoadSpecString(yaml, "x.yaml");
  ASSERT_FALSE(r.ok());
  std::string first = r.errors.front().ToString();
  EXPECT_NE(first.find("x.yaml:19:9: '{draw:ww}' names no value of 'draws'"), std::string::npos)
      << first;
  EXPECT_NE(first.find("did you mean {draw:www}?"), std::string::npos) << first;

  yaml = kSpec;
  yaml.replace(yaml.find("{draw:mail|mixed} {draw"), 17, "{draw:mail|title}");
  r = LoadSpecString(yaml, "x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors.front().ToString().find("x.yaml:23:9: '{draw:mail|title}': 'title' is no "
                                             "letter case"),
            std::string::npos)
      << r.errors.front().ToString();

  // Without a 'draws:' at all, and in a file's text.
  r = LoadSpecString(
      "exercise: x\nprotocol: udp\nroles: {server: {listens: true}}\nfiles:\n"
      "  - {path: t.txt, text: \"{draw:nope}\"}\ncases:\n"
      "  - {name: a, role: server, peer: {connections: [{send: [a]}]}}\n",
      "x.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.errors.front().ToString().find("x.yaml:5:5: '{draw:nope}' names no value of "
                                             "'draws' (the spec has no 'draws:')"),
            std::string::npos)
      << r.errors.front().ToString();
}

TEST(NamedDraws, AHostOrAnAddressTakesNoOtherKeyAndANameMustBeAName) {
  LoadResult r = LoadSpecString(
      "exercise: x\nprotocol: udp\ndraws:\n  www: {draw: host, count: 2}\n"
      "  'a b': {draw: ipv4}\nroles: {server: {listens: true}}\ncases:\n"
      "  - {name: a, role: server, peer: {connections: [{send: [a]}]}, expect: {replies: upper}}\n",
      "x.yaml");
  ASSERT_EQ(r.errors.size(), 2u) << (r.errors.empty() ? "" : r.errors.front().ToString());
  EXPECT_NE(r.errors[0].ToString().find("x.yaml:4:28: 'count' is not a key of a drawn host"),
            std::string::npos)
      << r.errors[0].ToString();
  EXPECT_NE(r.errors[1].ToString().find("x.yaml:5:3: a name of 'draws' may hold only letters"),
            std::string::npos)
      << r.errors[1].ToString();
}

TEST(NamedDraws, AReplyTemplateAndStdinTakeThemToo) {
  Spec spec = Loaded(R"(exercise: x
protocol: udp
draws: {addr: {draw: ipv4}, who: {draw: host}}
roles: {client: {listens: false, argv: ["{host}", "{port}"]}}
cases:
  - name: a
    role: client
    stdin: ["{draw:who}"]
    peer: {matches: '^(?P<id>\d+) (?P<name>\S+)$', reply: "{id} {name} {draw:addr}"}
    expect:
      stdout_matches: ['^{draw:who} {draw:addr}$']
)");
  Spec drawn = DrawMessages(spec, 11);
  DrawnValues v = DrawNamedValues(spec.named_draws, 11);
  EXPECT_EQ(drawn.cases[0].stdin_lines[0], v["who"]);
  EXPECT_EQ(*drawn.cases[0].peer.reply, "{id} {name} " + v["addr"]);
  EXPECT_TRUE(
      RE2::PartialMatch(v["who"] + " " + v["addr"], drawn.cases[0].expect.stdout_rules[0].pattern));
}

// Every template the peer fills takes them too: a frame and an await, never sent as written.
TEST(NamedDraws, APeersFrameAndAwaitAreFilledIn) {
  Spec spec;
  spec.named_draws.push_back({"tag", Draw{}, Mark{}});
  spec.named_draws.back().draw.kind = Draw::Kind::kHost;
  Case c;
  c.peer.frame = "{draw:tag}:{line}";
  c.peer.await = "ACK {draw:tag|upper}";
  spec.cases.push_back(c);
  FillNamedDraws(&spec, 5);
  const std::string tag = DrawNamedValues(spec.named_draws, 5)["tag"];
  EXPECT_EQ(spec.cases[0].peer.frame, tag + ":{line}");
  std::string upper = tag;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(*spec.cases[0].peer.await, "ACK " + upper);
}

// A case's own command line and the spec's hints take them too: a URL of a drawn host, a hint
// that names the drawn name.
TEST(NamedDraws, ACasesArgvAndItsHintsAreFilledIn) {
  Spec spec = Loaded(R"(exercise: x
protocol: udp
draws: {who: {draw: host}}
roles: {client: {listens: false, argv: ["{host}", "{port}"]}}
cases:
  - name: a
    role: client
    argv: ["{host}", "{port}", "{draw:who}"]
    peer: {reply: "hi"}
    expect:
      stdout: [{line: "{draw:who} 1", hint: "print {draw:who}"}]
      exit: required
      hints: {exit: "{draw:who|upper} is the last name"}
)");
  Spec drawn = DrawMessages(spec, 3);
  DrawnValues v = DrawNamedValues(spec.named_draws, 3);
  EXPECT_EQ((*drawn.cases[0].argv)[2], v["who"]);
  EXPECT_EQ(drawn.cases[0].expect.stdout_lines[0], v["who"] + " 1");
  EXPECT_EQ(drawn.cases[0].expect.stdout_line_hints[0], "print " + v["who"]);
  EXPECT_EQ(drawn.cases[0].expect.hints.at("exit").find("{draw:"), std::string::npos);
}

}  // namespace
}  // namespace netgrade::spec
