// `files:` as the loader reads it: inline or from a file beside the spec, read-only or not,
// and the paths that could leave the program's folder refused at file:line:col.
#include "harness/spec/given_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "harness/base/file.h"
#include "harness/spec/draw.h"
#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

const char* kHead =
    "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
    "  - {name: a, role: server, peer: {connections: [{send: [a]}]}, expect: {replies: upper}}\n"
    "files:\n";

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += e.ToString() + "\n";
  return out;
}

TEST(GivenFiles, InlineAndBesideTheSpec) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("given-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "pages");
  ASSERT_TRUE(WriteFile((dir / "pages/logo.txt").string(), "LOGO\n"));
  ASSERT_TRUE(WriteFile((dir / "x.yaml").string(),
                        std::string(kHead) +
                            "  - {path: HelloWorld.html, text: \"<html>hi</html>\\n\", "
                            "read_only: true}\n"
                            "  - {path: img/logo.txt, from: pages/logo.txt}\n"));
  LoadResult r = LoadSpecFile((dir / "x.yaml").string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.ok()) << Errors(r);
  ASSERT_EQ(r.spec->files.size(), 2u);
  EXPECT_EQ(r.spec->files[0].path, "HelloWorld.html");
  EXPECT_EQ(r.spec->files[0].content, "<html>hi</html>\n");
  EXPECT_TRUE(r.spec->files[0].read_only);
  EXPECT_EQ(r.spec->files[1].content, "LOGO\n");
  EXPECT_EQ(r.spec->files[1].from, "pages/logo.txt");
  EXPECT_EQ(r.spec->files[0].from, "");
  EXPECT_FALSE(r.spec->files[1].read_only);
}

TEST(GivenFiles, PathsThatLeaveTheFolderAndMissingSourcesAreErrors) {
  LoadResult r = LoadSpecString(std::string(kHead) +
                                    "  - {path: ../escape, text: x}\n"        // line 7
                                    "  - {path: /etc/passwd, text: x}\n"      // line 8
                                    "  - {path: a.txt, from: nowhere.txt}\n"  // line 9
                                    "  - {path: b.txt}\n"                     // line 10
                                    "  - {path: c.txt, text: x}\n"
                                    "  - {path: c.txt, text: y}\n",  // line 12: twice
                                "/nonexistent/x.yaml");
  std::string e = Errors(r);
  for (const char* at : {"x.yaml:7:", "x.yaml:8:", "x.yaml:9:", "x.yaml:10:", "x.yaml:12:"})
    EXPECT_NE(e.find(at), std::string::npos) << at << "\n" << e;
  EXPECT_NE(e.find("cannot read 'nowhere.txt'"), std::string::npos) << e;
}

TEST(GivenFiles, PathRules) {
  EXPECT_TRUE(IsGivenFilePath("HelloWorld.html"));
  EXPECT_TRUE(IsGivenFilePath("www/a-b_c.txt"));
  EXPECT_FALSE(IsGivenFilePath(""));
  EXPECT_FALSE(IsGivenFilePath("a/../b"));
  EXPECT_FALSE(IsGivenFilePath("/abs"));
  EXPECT_FALSE(IsGivenFilePath("a//b"));
  EXPECT_FALSE(IsGivenFilePath("sp ace"));
}

// A file drawn from the run's seed, named by `{file:PATH}` in a script's expected text: the
// same seed gives the same line in the file and in the expectation, another seed another.
const char* kDrawnSpec =
    "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
    "  - name: a\n    role: server\n    script:\n      - connect: c\n"
    "      - send: \"GET /today.txt\"\n        on: c\n"
    "      - expect: {text: \"{file:today.txt}\"}\n        on: c\n"
    "files:\n  - {path: today.txt, text: {draw: words, count: 4, letters: lower}}\n";

TEST(GivenFiles, ADrawnFileAndTheExpectationNamingItGetTheSameLineFromTheSeed) {
  LoadResult r = LoadSpecString(kDrawnSpec, "x.yaml");
  ASSERT_TRUE(r.ok()) << Errors(r);
  ASSERT_TRUE(r.spec->files[0].draw.has_value());
  Spec one = DrawMessages(*r.spec, 1), again = DrawMessages(*r.spec, 1),
       two = DrawMessages(*r.spec, 2);
  const std::string& line = one.files[0].content;
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(std::count(line.begin(), line.end(), ' '), 3) << line;  // four words
  EXPECT_EQ(one.cases[0].script[2].answer.text + "\n", line);
  EXPECT_EQ(again.files[0].content, line);
  EXPECT_NE(two.files[0].content, line);
  EXPECT_EQ(two.cases[0].script[2].answer.text + "\n", two.files[0].content);
  EXPECT_TRUE(DrawsMessages(*r.spec));
}

// `{file:PATH}` must name a given file of one line: at the step's file:line:col.
TEST(GivenFiles, AReferenceToNoFileOrToSeveralLinesIsAnError) {
  std::string spec = kDrawnSpec;
  std::string none = spec;
  none.replace(none.find("{file:today.txt}"), 16, "{file:nope.txt}");
  std::string e = Errors(LoadSpecString(none, "x.yaml"));
  EXPECT_NE(e.find("x.yaml:11:"), std::string::npos) << e;  // the expect step
  EXPECT_NE(e.find("'{file:nope.txt}' names no file of 'files' (the spec gives 'today.txt')"),
            std::string::npos)
      << e;
  std::string lines = spec;
  lines.replace(lines.find("text: {draw: words, count: 4, letters: lower}"), 45,
                "text: \"one\\ntwo\\n\"");
  e = Errors(LoadSpecString(lines, "x.yaml"));
  EXPECT_NE(e.find("'{file:today.txt}' stands for one line, and 'today.txt' holds several"),
            std::string::npos)
      << e;
}

// `{file:PATH}` in a send's text sends the file's line, drawn as the run draws it: a client
// case can hand the program what a server case expects it to have read. Before, it went out
// as the eleven characters '{file:x.txt}', and no error said so.
TEST(GivenFiles, ASendNamingAFileSendsItsLineAndAnUnknownOneIsAnError) {
  const std::string spec =
      "exercise: x\nprotocol: tcp\nroles: {server: {listens: true}}\ncases:\n"
      "  - name: a\n    role: server\n    script:\n      - connect: c\n"
      "      - send: \"LOOKUP {file:name.txt}\"\n        on: c\n"
      "      - expect: {text: \"FOUND {file:name.txt}\"}\n        on: c\n"
      "files:\n  - {path: name.txt, text: {draw: words, count: 2, letters: lower}}\n";
  LoadResult r = LoadSpecString(spec, "x.yaml");
  ASSERT_TRUE(r.ok()) << Errors(r);
  Spec drawn = DrawMessages(*r.spec, 3);
  std::string line = drawn.files[0].content;
  line.pop_back();
  EXPECT_EQ(drawn.cases[0].script[1].text, "LOOKUP " + line);
  EXPECT_EQ(drawn.cases[0].script[2].answer.text, "FOUND " + line);

  std::string unknown = spec;
  unknown.replace(unknown.find("LOOKUP {file:name.txt}"), 22, "LOOKUP {file:other.txt}");
  std::string e = Errors(LoadSpecString(unknown, "x.yaml"));
  EXPECT_NE(e.find("x.yaml:9:9: '{file:other.txt}' names no file of 'files'"), std::string::npos)
      << e;
}

}  // namespace
}  // namespace netgrade::spec
