// The first real error of each compiler's output, as the compilers print it (captured from
// rustc 1.63 and cargo on Debian 12, javac 17, go 1.19, gcc 12, node 20), and what a
// compile_error quotes of it.
#include "harness/run/first_error.h"

#include <gtest/gtest.h>

#include "harness/base/text.h"
#include "harness/run/build_step.h"

namespace netgrade::run {
namespace {

// What FirstErrorLine picks in `output`.
std::string First(const std::string& output) {
  std::vector<std::string> lines = SplitLines(output);
  size_t i = FirstErrorLine(lines);
  return i < lines.size() ? lines[i] : "<none>";
}

// cargo build with Debian's rustc 1.63 of a server using `let ... else` (Rust 1.65).
const std::string kCargoLetElse =
    "warning: unused variable: `unused`\n"
    " --> src/main.rs:2:9\n"
    "  |\n"
    "2 |     let unused = 3;\n"
    "  |         ^^^^^^ help: if this is intentional, prefix it with an underscore: `_unused`\n"
    "  |\n"
    "  = note: `#[warn(unused_variables)]` on by default\n"
    "\n"
    "error[E0658]: `let...else` statements are unstable\n"
    " --> src/main.rs:4:5\n"
    "  |\n"
    "4 |     let Some(x) = v else { return; };\n"
    "  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
    "  |\n"
    "  = note: see issue #87335 <https://github.com/rust-lang/rust/issues/87335> for more "
    "information\n"
    "\n"
    "For more information about this error, try `rustc --explain E0658`.\n"
    "error: could not compile `server` due to previous error\n";

TEST(FirstError, RustsCodedErrorNotCargosSummary) {
  EXPECT_EQ(First(kCargoLetElse), "error[E0658]: `let...else` statements are unstable");
  std::string cut = CutBuildOutput(kCargoLetElse);
  EXPECT_EQ(cut.rfind("    error[E0658]: `let...else` statements are unstable\n"
                      "     --> src/main.rs:4:5\n",
                      0),
            0u)
      << cut;
  EXPECT_EQ(cut.find("warning"), std::string::npos) << "no warning's tail before it: " << cut;
}

TEST(FirstError, RustsUncodedErrorWithItsPlace) {
  std::string out =
      "error: expected `;`, found keyword `for`\n"
      " --> server.rs:6:6\n"
      "  |\n"
      "error: aborting due to previous error\n";
  EXPECT_EQ(First(out), "error: expected `;`, found keyword `for`");
  EXPECT_EQ(First("error: aborting due to previous error\n\nerror[E0425]: cannot find value\n"),
            "error[E0425]: cannot find value");
  // A summary alone is still better than nothing.
  EXPECT_EQ(First("error: could not compile `server` due to previous error\n"),
            "error: could not compile `server` due to previous error");
}

TEST(FirstError, CargosOwnErrorWithoutAPlace) {
  EXPECT_EQ(First("error: no matching package named `tokio` found\nlocation searched: registry "
                  "`crates-io`\n"),
            "error: no matching package named `tokio` found");
}

TEST(FirstError, JavacsFileLineError) {
  std::string out =
      "Bad.java:2: warning: [serial] serializable class Bad has no definition of serialVersionUID\n"
      "Bad.java:3: error: incompatible types: String cannot be converted to int\n"
      "    int x = \"s\";\n"
      "            ^\n"
      "1 error\n"
      "1 warning\n";
  EXPECT_EQ(First(out), "Bad.java:3: error: incompatible types: String cannot be converted to int");
  EXPECT_EQ(CutBuildOutput(out, 12, 2).rfind("    Bad.java:3: error", 0), 0u)
      << "not the warning before it";
}

TEST(FirstError, GosFileLineColumn) {
  EXPECT_EQ(First("# command-line-arguments\n./server.go:3:2: x declared but not used\n"),
            "./server.go:3:2: x declared but not used");
}

TEST(FirstError, GccsErrorWithItsFunction) {
  std::string out =
      "server.c: In function 'main':\n"
      "server.c:6:3: error: expected ';' before 'return'\n"
      "    6 |   return 0\n";
  EXPECT_EQ(First(out), "server.c:6:3: error: expected ';' before 'return'");
  EXPECT_EQ(CutBuildOutput(out).rfind("    server.c: In function 'main':\n", 0), 0u);
}

// The linker's reason, not collect2's count; a mangled name as the student wrote it.
TEST(FirstError, TheLinkersUndefinedReferenceDemangled) {
  std::string out =
      "/usr/bin/ld: /tmp/ccni47cP.o: in function `main':\n"
      "l.cc:(.text+0xa): undefined reference to `_Z3fooi'\n"
      "collect2: error: ld returned 1 exit status\n";
  EXPECT_EQ(First(out), "l.cc:(.text+0xa): undefined reference to `_Z3fooi'");
  std::string cut = CutBuildOutput(out);
  EXPECT_NE(cut.find("undefined reference to `foo(int)'"), std::string::npos) << cut;
  EXPECT_EQ(Demangled("l.c:(.text+0xa): undefined reference to `foo'"),
            "l.c:(.text+0xa): undefined reference to `foo'");
  EXPECT_EQ(Demangled("x.cc:1:1: error: _Z3fooi is a name"), "x.cc:1:1: error: _Z3fooi is a name")
      << "only the linker's lines";
}

TEST(FirstError, NodesSyntaxErrorWithTheLineAndCaretAboveIt) {
  std::string out =
      "/tmp/tc-samples/s.js:1\n"
      "let x = ;\n"
      "        ^\n"
      "\n"
      "SyntaxError: Unexpected token ';'\n"
      "    at wrapSafe (node:internal/modules/cjs/loader:1464:18)\n"
      "    at checkSyntax (node:internal/main/check_syntax:78:3)\n"
      "\n"
      "Node.js v20.20.2\n";
  EXPECT_EQ(First(out), "SyntaxError: Unexpected token ';'");
  EXPECT_EQ(CutBuildOutput(out).rfind("    /tmp/tc-samples/s.js:1\n    let x = ;\n", 0), 0u);
}

TEST(LinkFailure, NamesTheMissingFunctionAndWhoseItIs) {
  // g++ on the C++ reference solution, which uses ICU: a student's build links no ICU.
  std::vector<std::string> lines = SplitLines(
      "/usr/bin/ld: /tmp/ccVJoAo5.o: in function `Serve(int)':\n"
      "server.cc:(.text+0x177): undefined reference to "
      "`_ZN6icu_726Locale7getRootEv'\n"
      "collect2: error: ld returned 1 exit status\n");
  std::string why = LinkFailure(lines, FirstErrorLine(lines));
  EXPECT_EQ(why.find("the link found no definition of 'icu_72::Locale::getRoot()'"), 0u) << why;
  EXPECT_NE(why.find("It is ICU's, a library this build does not link"), std::string::npos);
  lines = SplitLines("server.c:(.text+0x1a): undefined reference to `sendd'\n");
  why = LinkFailure(lines, 0);
  EXPECT_NE(why.find("'sendd': neither the program nor a library"), std::string::npos) << why;
  EXPECT_EQ(why.find("ICU"), std::string::npos) << why;
  lines = SplitLines("/usr/bin/ld: b.o: multiple definition of `main'; a.o: first defined here\n");
  EXPECT_NE(LinkFailure(lines, 0).find("the link found 'main' defined twice"), std::string::npos);
  // A compiler's error is not the linker's; a name of the student's is escaped.
  lines = SplitLines("server.c:3:1: error: expected ';'\n");
  EXPECT_EQ(LinkFailure(lines, 0), "");
  lines = SplitLines("s.c:(.text): undefined reference to `a\x1b[2Jb'\n");
  EXPECT_EQ(LinkFailure(lines, 0).find('\x1b'), std::string::npos);
}

// A link failure's shape: the name is a value, whose it is and what failed are the mistake.
TEST(LinkFailure, ItsShapeKeepsTheMistakeAndLeavesTheNameOut) {
  check::Phrase sendd = LinkFailure(SplitLines("s.c:(.text): undefined reference to `sendd'\n"), 0);
  check::Phrase recvv = LinkFailure(SplitLines("t.c:(.text): undefined reference to `recvv'\n"), 0);
  check::Phrase icu =
      LinkFailure(SplitLines("s.c:(.text): undefined reference to `icu_72::Locale::x()'\n"), 0);
  check::Phrase twice =
      LinkFailure(SplitLines("/usr/bin/ld: b.o: multiple definition of `main'; a.o: first\n"), 0);
  EXPECT_NE(sendd.text(), recvv.text());
  EXPECT_EQ(sendd.shape(), recvv.shape());
  EXPECT_EQ(sendd.shape().find("sendd"), std::string::npos) << sendd.shape();
  EXPECT_NE(icu.shape(), sendd.shape()) << "ICU's is another mistake";
  EXPECT_NE(icu.shape().find("It is ICU's"), std::string::npos) << icu.shape();
  EXPECT_NE(twice.shape(), sendd.shape());
}

TEST(FirstError, NoneInOutputWithoutAnError) { EXPECT_EQ(First("compiling\nlinking\n"), "<none>"); }

}  // namespace
}  // namespace netgrade::run
