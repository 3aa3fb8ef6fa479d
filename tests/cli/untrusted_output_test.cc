// What a student controls (what the program printed, its file names) cannot draw on the
// teacher's terminal nor break a CI system's XML: the text report shows control bytes as
// escapes, JUnit stays well-formed XML 1.0 whatever bytes came, and every other format is
// clean text too.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>

#include "harness/base/text.h"
#include "harness/report/report.h"
#include "tests/cli/netgrade_binary.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

const char kFakePass[] = "\x1b[2J\x1b[32mPASS";

// A byte a terminal acts on, or XML 1.0 forbids: C0 but tab and newline, DEL.
bool HasControlByte(const std::string& text) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) return true;
  }
  return false;
}

// Valid UTF-8 with no character Visible() would have to show (TEST(Visible, ...) says which).
bool Clean(const std::string& text) { return Visible(text) == text; }

check::GradeResult Crashed(const std::string& printed) {
  check::GradeResult r;
  r.exercise = "tcp-capitalize";
  r.spec_file = "specs/tcp-capitalize.yaml";
  r.submission = std::string("class/") + kFakePass;
  check::CaseResult c;
  c.name = "server-one-line";
  c.role = "server";
  c.max_score = 1;
  c.verdict = check::Verdict::kFail;
  c.code = check::Code::kCrashed;
  c.message = "Your server crashed. The end of its stderr:\n    " + printed;
  c.transcript = {"+0.0 ms  to the student #1 'x'" + printed};
  r.cases = {c};
  r.max_score = 1;
  return r;
}

TEST(UntrustedOutput, TheTextReportPrintsNoEscapeSequenceOfTheStudent) {
  std::string text = report::Text(Crashed(kFakePass));
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("\\x1b[2J\\x1b[32mPASS"), std::string::npos) << text;
  EXPECT_NE(text.find("submission class/\\x1b[2J"), std::string::npos) << text;
  std::string all = report::TextClass({{Crashed(kFakePass), ""}, {Crashed(""), kFakePass}});
  EXPECT_FALSE(HasControlByte(all)) << all;
}

TEST(UntrustedOutput, JunitIsWellFormedXmlWhateverBytesTheStudentPrinted) {
  std::string printed = std::string(kFakePass) + std::string("\0\x01\x7f\xff\xfe<&]]>", 11);
  for (const std::string& xml :
       {report::Junit(Crashed(printed)),
        report::JunitClass({{Crashed(printed), ""}, {Crashed(""), printed}})}) {
    EXPECT_FALSE(HasControlByte(xml)) << xml;
    EXPECT_TRUE(Clean(xml)) << xml;
    EXPECT_EQ(xml.find("&#"), std::string::npos) << "no character reference XML 1.0 forbids";
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str())) << xml;
    pugi::xml_node failure = doc.select_node("//failure").node();
    EXPECT_NE(std::string(failure.text().get())
                  .find("\\x1b[2J\\x1b[32mPASS\\x00\\x01\\x7f\\xff\\xfe<&]]>"),
              std::string::npos)
        << xml;
  }
}

// Every format a person or a CI page reads: no control byte, valid UTF-8, no character a
// terminal would act on, for one submission, a class and GitHub's job summary.
TEST(UntrustedOutput, EveryFormatIsCleanTextWhateverBytesTheStudentPrinted) {
  std::string printed = std::string(kFakePass) + std::string("\0\x01\x7f\xff\xfe\u202e<&]]>", 13);
  std::vector<run::GradeOutcome> outcomes = {{Crashed(printed), ""}, {Crashed(""), printed}};
  for (const std::string& name : report::FormatNames()) {
    // JSON is data for programs: it carries the student's text as it was (DEL and U+202E
    // included), JSON-escaped; the programs that read it show it.
    if (name == "json") continue;
    report::Format format = *report::ParseFormat(name);
    for (const std::string& out :
         {report::Write(Crashed(printed), format), report::WriteClass(outcomes, format)}) {
      EXPECT_FALSE(HasControlByte(out)) << name << ":\n" << out;
      // JSON's own escapes (\u001b) are clean too; the point is the bytes written.
      EXPECT_TRUE(Clean(out)) << name << ":\n" << out;
    }
  }
  std::string summary = report::GithubSummaryClass(outcomes);
  EXPECT_FALSE(HasControlByte(summary)) << summary;
  EXPECT_TRUE(Clean(summary)) << summary;
}

// End to end: a server that prints the sequence on stderr and crashes, in a folder whose
// other file has one in its name.
TEST(UntrustedOutput, TheBinaryShowsAStudentsEscapeSequencesEscaped) {
  std::string tmpl = (fs::temp_directory_path() / "netgrade-cli-untrusted-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  fs::path dir = tmpl;
  std::ofstream(dir / "server.py")
      << "import "
         "sys\nsys.stderr.buffer.write(b'\\x1b[2J\\x1b[32mPASS\\x00\\xff\\n')\nsys.exit(1)\n";
  std::ofstream(dir / (std::string("notes") + kFakePass + ".txt")) << "\n";
  for (const char* format : {"text", "junit", "gradescope", "tap", "github", "html"}) {
    testing_cli::Ran ran =
        testing_cli::RunNetgrade({"check", "specs/tcp-capitalize.yaml", "--submission",
                                  dir.string(), "--case", "server-one-line", "--format", format});
    EXPECT_EQ(ran.status, 1) << ran.out << ran.err;
    EXPECT_FALSE(HasControlByte(ran.out)) << ran.out;
    // Inside a JSON or YAML string the backslash of the escape is escaped in turn.
    bool quoted = std::string(format) == "gradescope" || std::string(format) == "tap";
    if (std::string(format) != "github") {  // an annotation holds the first line only
      EXPECT_NE(ran.out.find(quoted ? "\\\\x1b[2J\\\\x1b[32mPASS" : "\\x1b[2J\\x1b[32mPASS"),
                std::string::npos)
          << format << ":\n"
          << ran.out;
    }
    if (std::string(format) == "junit") {
      EXPECT_TRUE(pugi::xml_document().load_string(ran.out.c_str()));
    }
  }
  // Without its program the folder is a layout error that lists its files, on stderr.
  fs::remove(dir / "server.py");
  testing_cli::Ran ran = testing_cli::RunNetgrade(
      {"check", "specs/tcp-capitalize.yaml", "--submission", dir.string(), "--submission",
       "tests/cli/fixtures/misspelt-server", "--case", "server-one-line"});
  EXPECT_EQ(ran.status, 1) << ran.out << ran.err;
  EXPECT_FALSE(HasControlByte(ran.out)) << ran.out;
  EXPECT_FALSE(HasControlByte(ran.err)) << ran.err;
  EXPECT_NE(ran.err.find("notes\\x1b[2J"), std::string::npos) << ran.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace netgrade
