#include "harness/spec/draw.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

Draw Words(int lo, int hi, Draw::Letters letters = Draw::Letters::kMixed) {
  Draw d;
  d.min_words = lo, d.max_words = hi, d.letters = letters;
  return d;
}

size_t WordCount(const std::string& s) {
  std::istringstream in(s);
  size_t n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}

TEST(DrawText, TheSameSeedGivesTheSameMessageAndOthersOthers) {
  Draw d = Words(2, 5);
  EXPECT_EQ(DrawText(d, 42), DrawText(d, 42));
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 50; ++seed) seen.insert(DrawText(d, seed));
  // 2 to 5 words of ~180 in mixed letters: 50 seeds give 50 messages but for a rare clash.
  EXPECT_GE(seen.size(), 48u);
}

TEST(DrawText, WordsComeInTheCountAndLettersAsked) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    size_t n = WordCount(DrawText(Words(2, 4), seed));
    EXPECT_GE(n, 2u);
    EXPECT_LE(n, 4u);
    std::string lower = DrawText(Words(3, 3, Draw::Letters::kLower), seed);
    EXPECT_EQ(WordCount(lower), 3u);
    EXPECT_TRUE(std::none_of(lower.begin(), lower.end(), ::isupper)) << lower;
    std::string upper = DrawText(Words(3, 3, Draw::Letters::kUpper), seed);
    EXPECT_TRUE(std::none_of(upper.begin(), upper.end(), ::islower)) << upper;
    std::string title = DrawText(Words(1, 1, Draw::Letters::kTitle), seed);
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(title[0]))) << title;
    // Mixed letters always keep one lower-case letter: upper-casing must change the message.
    std::string mixed = DrawText(Words(1, 1), seed);
    EXPECT_TRUE(std::any_of(mixed.begin(), mixed.end(), ::islower)) << mixed;
  }
}

TEST(DrawText, ALongLineHasExactlyItsBytesAndNumbersStayInTheirRange) {
  Draw line = Words(1, 1);
  line.bytes = 10000;
  std::string text = DrawText(line, 7);
  EXPECT_EQ(text.size(), 10000u);
  EXPECT_NE(text.back(), ' ');
  EXPECT_EQ(text.find('\n'), std::string::npos);
  Draw number;
  number.kind = Draw::Kind::kNumber;
  number.from = 5, number.to = 9;
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 200; ++seed) seen.insert(DrawText(number, seed));
  EXPECT_EQ(seen, (std::set<std::string>{"5", "6", "7", "8", "9"}));
}

const char kSpec[] = R"(exercise: t
title: t
protocol: tcp
roles:
  server: {names: [server], listens: true, argv: ["{port}"]}
  client: {names: [client], listens: false, argv: ["{host}", "{port}"]}
cases:
  - name: a
    role: server
    peer:
      connections:
        - send: ["constant", {draw: words, count: [2, 4]}]
    expect: {replies: upper}
  - name: b
    role: client
    stdin: [{draw: words, count: 3, letters: lower}, {draw: number, from: 1, to: 6}]
    peer: {reply: "{upper}"}
    expect: {stdout: peer-replies}
)";

TEST(DrawMessages, DrawsOnlyTheDrawnMessagesEachCaseFromItsOwnSeed) {
  LoadResult r = LoadSpecString(kSpec, "t.yaml");
  ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  EXPECT_TRUE(DrawsMessages(*r.spec));
  // As loaded: the description stands in for the message.
  EXPECT_EQ(r.spec->cases[0].peer.connections[0].send[1],
            "<2 to 4 words in mixed letters, drawn from the seed>");
  Spec one = DrawMessages(*r.spec, 1), again = DrawMessages(*r.spec, 1),
       other = DrawMessages(*r.spec, 2);
  const auto& sent = one.cases[0].peer.connections[0].send;
  EXPECT_EQ(sent[0], "constant");
  EXPECT_NE(sent[1].front(), '<');
  EXPECT_EQ(sent, again.cases[0].peer.connections[0].send);
  EXPECT_NE(sent[1], other.cases[0].peer.connections[0].send[1]);
  EXPECT_EQ(WordCount(one.cases[1].stdin_lines[0]), 3u);
  int n = std::stoi(one.cases[1].stdin_lines[1]);
  EXPECT_GE(n, 1);
  EXPECT_LE(n, 6);
  // A case added before another moves none of its messages.
  Spec more = *r.spec;
  more.cases.insert(more.cases.begin(), more.cases[1]);
  more.cases[0].name = "new";
  EXPECT_EQ(DrawMessages(more, 1).cases[1].peer.connections[0].send, sent);
}

TEST(LoadDraw, ReportsWhatIsWrongWithItsPlace) {
  auto error_of = [](const std::string& item) {
    std::string yaml = kSpec;
    yaml.replace(yaml.find("{draw: words, count: [2, 4]}"), 28, item);
    LoadResult r = LoadSpecString(yaml, "t.yaml");
    return r.errors.empty() ? std::string("no error") : r.errors[0].ToString();
  };
  EXPECT_NE(error_of("{draw: word}").find("t.yaml:12:"), std::string::npos);
  EXPECT_NE(error_of("{draw: word}").find("words"), std::string::npos);
  EXPECT_NE(error_of("{draw: words, count: [4, 2]}").find("not below the first"),
            std::string::npos);
  EXPECT_NE(error_of("{draw: words, count: 2, bytes: 100}").find("not both"), std::string::npos);
  EXPECT_NE(error_of("{draw: number, letters: upper}").find("not a key of a drawn number"),
            std::string::npos);
  EXPECT_NE(error_of("{draw: number, from: 9, to: 1}").find("below 'from'"), std::string::npos);
  EXPECT_EQ(error_of("{draw: words, bytes: 100, letters: title}"), "no error");
}

}  // namespace
}  // namespace netgrade::spec
