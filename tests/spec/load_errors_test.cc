// What the loader says about specs that are wrong, huge or hostile: one error per mistake, in
// file order, with a position, never a crash or gigabytes of memory.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness/spec/load.h"
#include "harness/spec/parse.h"
#include "harness/spec/scalar.h"
#include "harness/spec/yaml_reader.h"
#include "tests/support/words_golden.h"

namespace netgrade::spec {
namespace {

using testing_support::ExpectWordsOf;

std::string All(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

// 'received' on a listening role was accepted, explained and never judged: a server that
// never answered passed. It is an error where it is written, never ignored.
TEST(LoadErrors, WhatAReferenceServerReceivedIsNoKeyForAListeningRole) {
  std::string yaml =
      "exercise: x\nprotocol: tcp\nroles:\n  server: {listens: true, argv: [\"{port}\"]}\n"
      "cases:\n  - name: c1\n    role: server\n    peer: {connections: [{send: [hi]}]}\n"
      "    expect:\n      received: [HI]\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_EQ(r.errors[0].ToString().rfind("f.yaml:10:17: role 'server' listens, so there is no "
                                         "reference server to receive anything",
                                         0),
            0u)
      << All(r);
}

// wrong_port: fail (the default) or credit; anything else is an error naming the choices.
TEST(LoadErrors, WrongPortIsFailOrCredit) {
  const std::string rest =
      "protocol: tcp\nroles:\n  server: {listens: true, argv: [\"{port}\"]}\n"
      "cases:\n  - name: c1\n    role: server\n    peer: {connections: [{send: [hi]}]}\n"
      "    expect: {replies: upper}\n";
  LoadResult r = LoadSpecString("exercise: x\n" + rest, "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  EXPECT_EQ(r.spec->wrong_port, WrongPort::kFail);
  r = LoadSpecString("exercise: x\nwrong_port: credit\n" + rest, "f.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  EXPECT_EQ(r.spec->wrong_port, WrongPort::kCredit);
  r = LoadSpecString("exercise: x\nwrong_port: yes\n" + rest, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_EQ(r.errors[0].ToString().rfind("f.yaml:2:13: ", 0), 0u) << All(r);
  EXPECT_NE(r.errors[0].ToString().find("credit"), std::string::npos) << All(r);
}

TEST(LoadErrors, AHugePlaceholderInReplyIsReportedShortNotACrash) {
  std::string yaml =
      "exercise: x\nprotocol: tcp\nroles: {client: {listens: false}}\ncases:\n"
      "  - name: a\n    role: client\n    stdin: [hi]\n    peer: {reply: \"{" +
      std::string(100000, 'b') + "}\"}\n    expect: {stdout: peer-replies}\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  EXPECT_EQ(r.errors[0].mark.line, 8);
  EXPECT_LT(r.errors[0].message.size(), 200u);
}

TEST(LoadErrors, PlaceholdersAreScannedByHand) {
  EXPECT_EQ(Placeholders("{host}:{port} {a{b} {open"),
            (std::vector<std::string>{"{host}", "{port}", "{a{b}"}));
  EXPECT_EQ(Placeholders(std::string(1 << 20, '{')), std::vector<std::string>{});
}

TEST(LoadErrors, AMisspeltRequiredKeyIsNotAlsoReportedMissing) {
  std::string yaml =
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
      "  - name: a\n    rol: server\n    peer: {connections: [{sned: [hi]}]}\n"
      "    expect: {replies: upper}\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 2u) << All(r);
  EXPECT_EQ(r.errors[0].ToString().rfind("f.yaml:6:5: ", 0), 0u) << All(r);
  EXPECT_EQ(r.errors[1].ToString().rfind("f.yaml:7:27: ", 0), 0u) << All(r);
  ExpectWordsOf("rol: server", r.errors[0].message);
  ExpectWordsOf("sned: [hi]", r.errors[1].message);
}

TEST(LoadErrors, ErrorsComeInFileOrder) {
  std::string yaml =
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
      "  - name: a\n    role: server\n    points: lots\n    peer: {connections: [{send: [hi]}]}\n"
      "    expect: {replies: upper}\n    timeout: 5\ntitle: 7\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 3u) << All(r);
  for (size_t i = 1; i < r.errors.size(); ++i)
    EXPECT_LT(r.errors[i - 1].mark.line, r.errors[i].mark.line) << All(r);
}

TEST(LoadErrors, ADirectoryIsNotAFile) {
  LoadResult r = LoadSpecFile(NETGRADE_SOURCE_DIR "/specs");
  ASSERT_EQ(r.errors.size(), 1u);
  ExpectWordsOf("specs/", r.errors[0].message);
}

TEST(LoadErrors, DeepNestingHasAPosition) {
  LoadResult r = LoadSpecString("exercise: x\ncases: " + std::string(5000, '[') + "\n", "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].mark.line, 2) << All(r);
  ExpectWordsOf("5000 [", r.errors[0].message);
}

TEST(LoadErrors, DeepBlockNestingSaysSoWithAPosition) {
  std::string yaml = "exercise: x\ncases:\n";
  for (int i = 0; i < 3000; ++i) yaml += std::string(2 * i, ' ') + "a:\n";
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_GT(r.errors[0].mark.line, 2) << All(r);
  ExpectWordsOf("3000 levels of a:", r.errors[0].message);
}

TEST(LoadErrors, AnUnclosedQuoteIsFoundWhereItOpens) {
  EXPECT_EQ(UnclosedQuote("a: 'b'\nc: \"d\ne: it's\n").value().line, 2);
  EXPECT_FALSE(UnclosedQuote("a: 'it''s'\nb: \"q\\\"\" # don't\nc: it's\n").has_value());
}

TEST(LoadErrors, MergeKeysAreMerged) {
  LoadResult r = LoadSpecFile(NETGRADE_SOURCE_DIR "/tests/spec/good/merge-key.yaml");
  ASSERT_TRUE(r.ok()) << All(r);
  ASSERT_EQ(r.spec->cases.size(), 2u);
  const Case& two = r.spec->cases[1];
  EXPECT_EQ(two.name, "two");
  EXPECT_EQ(two.role, "server");
  EXPECT_EQ(two.timeout_ms, 3000);
  EXPECT_EQ(two.expect.replies, Transform::kUpper);
  ASSERT_EQ(two.peer.connections.size(), 1u);
  EXPECT_EQ(r.spec->cases[0].timeout_ms, 2000);
}

TEST(LoadErrors, ScalarsAreTypedAsYaml12) {
  EXPECT_EQ(ClassifyPlain("0x10"), ScalarKind::kInt);
  EXPECT_EQ(ParseInt("0x10"), 16);
  EXPECT_EQ(ParseInt("0o17"), 15);
  EXPECT_EQ(ClassifyPlain(".5"), ScalarKind::kFloat);
  EXPECT_EQ(ClassifyPlain("1e-1"), ScalarKind::kFloat);
  EXPECT_EQ(ClassifyPlain("yes"), ScalarKind::kString);
  EXPECT_EQ(ClassifyPlain("True"), ScalarKind::kBool);
  EXPECT_EQ(ClassifyPlain("2024"), ScalarKind::kInt);
  EXPECT_EQ(ClassifyPlain("1.2.3"), ScalarKind::kString);
}

}  // namespace
}  // namespace netgrade::spec
