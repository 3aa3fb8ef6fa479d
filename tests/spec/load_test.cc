#include "harness/spec/load.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {
namespace fs = std::filesystem;
using testing_support::ExpectWordsOf;

std::vector<fs::path> Files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LoadSpec, EveryBundledSpecLoads) {
  auto specs = Files(fs::path(NETGRADE_SOURCE_DIR) / "specs");
  ASSERT_GE(specs.size(), 4u);
  for (const fs::path& p : specs) {
    LoadResult r = LoadSpecFile(p.string());
    std::string errors;
    for (const SpecError& e : r.errors) errors += "\n  " + e.ToString();
    EXPECT_TRUE(r.ok()) << p << errors;
  }
}

TEST(LoadSpec, ReadsTheCapitalizeSpecFaithfully) {
  LoadResult r = LoadSpecFile(std::string(NETGRADE_SOURCE_DIR) + "/specs/tcp-capitalize.yaml");
  ASSERT_TRUE(r.ok());
  const Spec& s = *r.spec;
  EXPECT_EQ(s.exercise, "tcp-capitalize");
  EXPECT_EQ(s.protocol, Protocol::kTcp);
  ASSERT_EQ(s.cases.size(), 13u);
  auto named = [&](const std::string& name) -> const Case& {
    for (const Case& c : s.cases)
      if (c.name == name) return c;
    ADD_FAILURE() << "no case " << name;
    return s.cases.front();
  };
  const Role* server = s.FindRole("server");
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(server->listens);
  EXPECT_EQ(server->names.front(), "server");
  EXPECT_NE(std::find(server->names.begin(), server->names.end(), "TCPServer"),
            server->names.end());
  for (const Case& c : s.cases) EXPECT_EQ(c.timeout_ms, 5000) << c.name;
  const Case& long_line = named("server-long-line");
  ASSERT_EQ(long_line.peer.connections.size(), 1u);
  // Drawn from the seed: a description until the run draws it, then 10 260 bytes of words.
  ASSERT_EQ(long_line.peer.connections[0].draws.size(), 1u);
  EXPECT_EQ(long_line.peer.connections[0].draws[0].draw.bytes, 228 * 45);
  EXPECT_EQ(named("server-one-write").peer.connections[0].mode, SendMode::kOneWrite);
  EXPECT_EQ(named("client-one-line").expect.stdout_source, StdoutSource::kPeerReplies);
  EXPECT_EQ(named("client-exits-at-end-of-input").expect.exit, ExitRule::kRequired);
  EXPECT_EQ(named("server-from-another-computer").topology, Topology::kTwoHosts);
  // letters: ascii (the default): the graded case holds ASCII only, the other is worth nothing.
  EXPECT_EQ(s.letters, Letters::kAscii);
  EXPECT_FALSE(ChecksLettersOutsideAscii(named("server-mixed-characters")));
  EXPECT_EQ(named("server-mixed-characters").points, 1);
  EXPECT_TRUE(ChecksLettersOutsideAscii(named("server-letters-outside-ascii")));
  EXPECT_EQ(named("server-letters-outside-ascii").points, 0);
}

TEST(LoadSpec, ReportsEveryErrorAtOnce) {
  LoadResult r = LoadSpecString(
      "exercise: x\nprotocol: tpc\nroles: {s: {listen: true}}\ncases: []\n", "f.yaml");
  EXPECT_FALSE(r.ok());
  EXPECT_GE(r.errors.size(), 3u);
}

TEST(LoadSpec, AMissingFileIsAnErrorNotACrash) {
  LoadResult r = LoadSpecFile("/nonexistent/spec.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].ToString().find("/nonexistent/spec.yaml: cannot read"), std::string::npos);
}

// build: in its two forms; without it there is no build step, as before.
TEST(LoadSpec, ReadsTheBuildStepInBothForms) {
  const std::string rest =
      "roles:\n  server: {listens: true}\ncases:\n  - {name: one, role: server, peer: "
      "{connections: [{send: [hi]}]}, expect: {replies: upper}}\n";
  LoadResult plain = LoadSpecString("exercise: x\nprotocol: tcp\n" + rest, "f.yaml");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain.spec->build.has_value());

  LoadResult shorthand =
      LoadSpecString("exercise: x\nprotocol: tcp\nbuild: make\n" + rest, "f.yaml");
  ASSERT_TRUE(shorthand.ok());
  ASSERT_TRUE(shorthand.spec->build.has_value());
  EXPECT_EQ(shorthand.spec->build->command, "make");
  EXPECT_EQ(shorthand.spec->build->timeout_ms, 60000);
  EXPECT_EQ(shorthand.spec->build->mark.line, 3);

  LoadResult full = LoadSpecString(
      "exercise: x\nprotocol: tcp\nbuild: {command: \"g++ -o server server.cc\", timeout: 1.5s}\n" +
          rest,
      "f.yaml");
  ASSERT_TRUE(full.ok());
  ASSERT_TRUE(full.spec->build.has_value());
  EXPECT_EQ(full.spec->build->command, "g++ -o server server.cc");
  EXPECT_EQ(full.spec->build->timeout_ms, 1500);
}

// `connection_names`: the lab's name of each script label; a name is a few words, never empty.
TEST(LoadSpec, ReadsTheConnectionNames) {
  const std::string rest =
      "roles:\n  server: {listens: true}\ncases:\n  - {name: one, role: server, peer: "
      "{connections: [{send: [hi]}]}, expect: {replies: upper}}\n";
  LoadResult named = LoadSpecString(
      "exercise: x\nprotocol: tcp\nconnection_names: {a: browser, o: origin}\n" + rest, "f.yaml");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named.spec->connection_names,
            (std::map<std::string, std::string>{{"a", "browser"}, {"o", "origin"}}));
  LoadResult empty =
      LoadSpecString("exercise: x\nprotocol: tcp\nconnection_names: {a: ' '}\n" + rest, "f.yaml");
  ASSERT_FALSE(empty.ok());
  ExpectWordsOf("connection_names: {a: ' '}", empty.errors.front().message);
  EXPECT_FALSE(
      LoadSpecString("exercise: x\nprotocol: tcp\nconnection_names: [a]\n" + rest, "f.yaml").ok());
}

// Each file in tests/spec/broken/ starts with "# expect: LINE:COL"; the loader's first error
// must be at that place, and its words are the file's block of golden/load_test.txt (labelled
// with the file's name), so that rewording a message changes that block, not the fixture.
TEST(BrokenSpecs, EachGetsAMessageAPersonCanFixInOneGo) {
  auto files = Files(fs::path(NETGRADE_SOURCE_DIR) / "tests/spec/broken");
  ASSERT_GE(files.size(), 30u);
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::string first;
    std::getline(in, first);
    ASSERT_EQ(first.rfind("# expect: ", 0), 0u) << p;
    std::string want = first.substr(10);
    int line = std::stoi(want);
    int col = std::stoi(want.substr(want.find(':') + 1));
    ASSERT_EQ(want, std::to_string(line) + ":" + std::to_string(col))
        << p << ": only the place; the words are in tests/spec/golden/load_test.txt";
    LoadResult r = LoadSpecFile(p.string());
    ASSERT_FALSE(r.ok()) << p << " loaded, but it is broken";
    ASSERT_FALSE(r.errors.empty()) << p;
    const SpecError& e = r.errors.front();
    EXPECT_EQ(e.mark.line, line) << p << ": " << e.ToString();
    EXPECT_EQ(e.mark.column, col) << p << ": " << e.ToString();
    ExpectWordsOf(p.stem().string(), e.message);
    if (line > 0) {
      EXPECT_EQ(e.ToString().rfind(p.string() + ":" + std::to_string(line) + ":", 0), 0u);
    }
  }
}

}  // namespace
}  // namespace netgrade::spec
