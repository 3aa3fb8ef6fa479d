// `files:` as the loader reads it: inline or from a file beside the spec, read-only or not,
// and the paths that could leave the program's folder refused at file:line:col.
#include "harness/spec/given_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/file.h"
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

}  // namespace
}  // namespace netgrade::spec
