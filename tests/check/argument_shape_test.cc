// A program that wants one HOST:PORT argument where it is given two: its exception and the
// arguments it was given lead, in Java (uncaught, or caught and printed) and in Python; left
// alone where its source splits no argument at ':' or an argument holds a ':'.
#include "harness/check/argument_shape.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/spec/load.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
namespace fs = std::filesystem;
using testing_support::ExpectWords;

constexpr const char* kSpec = R"(exercise: shape-test
title: shape test
protocol: tcp
roles:
  client:
    listens: false
    argv: ["{host}", "{port}"]
cases:
  - name: client-line
    role: client
    stdin: ["hello world"]
    peer:
      reply: "{upper}"
    expect:
      received: stdin
)";

constexpr const char* kJava =
    "public class Client {\n"
    "  public static void main(String[] args) throws Exception {\n"
    "    String[] hp = args[0].split(\":\");\n"
    "    int port = Integer.parseInt(hp[1]);\n"
    "  }\n"
    "}\n";

class ArgumentShapeTest : public testing::Test {
 protected:
  void SetUp() override {
    spec::LoadResult r = spec::LoadSpecString(kSpec, "shape-test.yaml");
    ASSERT_TRUE(r.ok());
    spec_ = std::move(*r.spec);
  }

  // The client `file` holding `source`, exited with `status`, given 127.0.0.1 and 40123.
  observe::Observation Exited(const std::string& file, const std::string& source, int status) {
    std::ofstream(tmp_.path() / file) << source;
    observe::Observation o;
    o.spec = &spec_;
    o.test = &spec_.cases[0];
    o.role = spec_.FindRole("client");
    o.port = 40123;
    o.program.display_name = file;
    o.program.program_path = (tmp_.path() / file).string();
    o.program.args = {"127.0.0.1", "40123"};
    o.program.exited = true;
    o.program.status = status;
    return o;
  }

  spec::Spec spec_;
  testing_support::UniqueTempDir tmp_{"netgrade-argument-shape-test"};
};

const Finding kCrashed{Code::kCrashed,
                       "Client.java exited with status 1 before the case was over."};

TEST_F(ArgumentShapeTest, AnUncaughtJavaExceptionAndTheArgumentsLead) {
  observe::Observation o = Exited("Client.java", kJava, 1);
  o.program.stderr_text =
      "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of "
      "bounds for length 1\n\tat Client.main(Client.java:4)\n";
  Finding f = WantsHostColonPort(o, kCrashed);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.cause,
            "Client.java stopped with ArrayIndexOutOfBoundsException (Index 1 out of bounds for "
            "length 1) at Client.java, line 4, reading its arguments: it was given two arguments, "
            "'127.0.0.1' and '40123' (the host, then the port), and it looks for the port after a "
            "':' in one argument (Client.java, line 3: 'String[] hp = args[0].split(\":\");').");
  EXPECT_EQ(f.fix,
            "Take the host from args[0] and the port from args[1], as two arguments: String host "
            "= args[0]; int port = Integer.parseInt(args[1]);");
  EXPECT_EQ(f.notes, std::vector<std::string>{"What followed: " + kCrashed.Text()});
}

TEST_F(ArgumentShapeTest, AJavaExceptionCaughtAndPrintedLeadsWithWhatItPrinted) {
  observe::Observation o = Exited("Client.java", kJava, 0);
  o.stdout_text =
      "Error: java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for "
      "length 1\n";
  Finding f = WantsHostColonPort(o, Finding{Code::kNeverConnected, "never connected"});
  EXPECT_EQ(f.code, Code::kNeverConnected);
  EXPECT_EQ(f.cause.rfind("Client.java printed 'Error: java.lang.ArrayIndexOutOfBoundsException: "
                          "Index 1 out of bounds for length 1' and exited with status 0, reading "
                          "its arguments: it was given two arguments",
                          0),
            0u)
      << f.cause;
}

TEST_F(ArgumentShapeTest, PythonUnpackingOnePartIntoTwoIsNamed) {
  observe::Observation o =
      Exited("client.py", "import sys\nhost, port = sys.argv[1].split(':')\n", 1);
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 2, in <module>\n"
      "    host, port = sys.argv[1].split(':')\nValueError: not enough values to unpack "
      "(expected 2, got 1)\n";
  Finding f = WantsHostColonPort(o, kCrashed);
  EXPECT_EQ(f.code, Code::kCrashed) << f.Text();
  // Raised at the line that splits: that line is quoted once, not named twice (the block).
  ExpectWords(f);
}

TEST_F(ArgumentShapeTest, LeftAloneWithoutTheSplitOrWithAColonGiven) {
  observe::Observation o = Exited("Client.java", "class Client { int[] a = new int[1]; }\n", 1);
  o.program.stderr_text =
      "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: "
      "Index 1 out of bounds for length 1\n\tat Client.main(Client.java:1)\n";
  EXPECT_TRUE(WantsHostColonPort(o, kCrashed).ok()) << "no argument split at ':'";
  o = Exited("Client.java", kJava, 1);
  o.program.stderr_text = "Exception in thread \"main\" java.net.ConnectException: refused\n";
  EXPECT_TRUE(WantsHostColonPort(o, kCrashed).ok()) << "another exception";
  o.program.stderr_text = "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException\n";
  o.program.args = {"127.0.0.1:40123"};
  EXPECT_TRUE(WantsHostColonPort(o, kCrashed).ok()) << "given the shape it wants";
}

// A program that reads more arguments than the handout gives (the Bar-Ilan DNS server's
// `myPort parentIP parentPort ipsFile`): the exception, the line that reads the argument and
// how many it wants lead, in Python (sys.argv counts the program) and in Java.
TEST_F(ArgumentShapeTest, APythonProgramReadingAnArgumentNotGivenIsToldHowManyItWants) {
  observe::Observation o =
      Exited("client.py", "import sys\nhost = sys.argv[1]\nzone = open(sys.argv[3])\n", 1);
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 3, in <module>\n"
      "    zone = open(sys.argv[3])\nIndexError: list index out of range\n";
  Finding f = ReadsAnArgumentNotGiven(o, kCrashed);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.cause,
            "client.py stopped with IndexError at client.py, line 3, reading sys.argv[3] ('zone = "
            "open(sys.argv[3])'): it wants at least three arguments on its command line, and was "
            "given two arguments, '127.0.0.1' and '40123' (the host, then the port).");
  EXPECT_EQ(f.fix.rfind("netgrade runs it as the handout says, 'client.py HOST PORT'", 0), 0u)
      << f.fix;
  EXPECT_EQ(f.notes, std::vector<std::string>{"What followed: " + kCrashed.Text()});
}

TEST_F(ArgumentShapeTest, AJavaProgramReadingAnArgumentNotGivenIsToldHowManyItWants) {
  observe::Observation o = Exited("Client.java",
                                  "public class Client {\n"
                                  "  public static void main(String[] args) {\n"
                                  "    String zone = args[2];\n"
                                  "  }\n"
                                  "}\n",
                                  1);
  o.program.stderr_text =
      "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: Index 2 out of "
      "bounds for length 2\n\tat Client.main(Client.java:3)\n";
  Finding f = ReadsAnArgumentNotGiven(o, kCrashed);
  EXPECT_EQ(f.cause.rfind("Client.java stopped with ArrayIndexOutOfBoundsException at Client.java, "
                          "line 3, reading args[2] ('String zone = args[2];'): it wants at least "
                          "three arguments",
                          0),
            0u)
      << f.cause;
}

// An index past its end of another array (a hosts file's line split on a space), or an
// argument that was given, is not this mistake.
TEST_F(ArgumentShapeTest, AnIndexErrorOfAnotherArrayOrAnArgumentGivenIsLeftAlone) {
  observe::Observation o =
      Exited("client.py", "import sys\nport = int(sys.argv[2])\nname = line.split()[1]\n", 1);
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 3, in <module>\n"
      "    name = line.split()[1]\nIndexError: list index out of range\n";
  EXPECT_TRUE(ReadsAnArgumentNotGiven(o, kCrashed).ok()) << "another list";
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 2, in <module>\n"
      "    port = int(sys.argv[2])\nIndexError: list index out of range\n";
  EXPECT_TRUE(ReadsAnArgumentNotGiven(o, kCrashed).ok()) << "sys.argv[2] was given";
}

// A table read with split(" ") stops at the given file's first blank line, comment or tab
// (a real dns-lite server: `columns = line.split(" ")`, then `columns[1]`): the file's lines
// that split short are named, before anything came from the network; not after.
TEST_F(ArgumentShapeTest, AGivenFilesLinesThatSplitShortAreNamed) {
  spec::GivenFile hosts;
  hosts.path = "hosts.txt";
  hosts.content = "# name address\nwww.test 192.0.2.1\n\nmail.test\t192.0.2.2\n";
  spec_.files.push_back(hosts);
  observe::Observation o = Exited("Client.java",
                                  "class Client {\n"
                                  "  void read(String line) {\n"
                                  "    String[] columns = line.split(\" \");\n"
                                  "    table.put(columns[0], columns[1]);\n"
                                  "  }\n"
                                  "}\n",
                                  1);
  o.program.stderr_text =
      "Exception in thread \"main\" java.lang.ArrayIndexOutOfBoundsException: Index 1 out of "
      "bounds for length 1\n\tat Client.main(Client.java:4)\n";
  Finding f = SplitsALineOfAGivenFile(o, kCrashed);
  EXPECT_EQ(f.cause,
            "Client.java stopped with ArrayIndexOutOfBoundsException (Index 1 out of bounds for "
            "length 1) at Client.java, line 4, splitting a line ('String[] columns = "
            "line.split(\" \");'): 'hosts.txt' holds a blank line (line 3) and a tab between its "
            "words (line 4), where the line splits into fewer parts than the program takes.");
  ExpectWords(f);
  peers::ConnectionLog log;
  log.sent = {"www.test"};
  o.connections = {log};
  EXPECT_TRUE(SplitsALineOfAGivenFile(o, kCrashed).ok()) << "a datagram came: it split that";
  o = Exited("client.py", "import sys\nhost, port = sys.argv[1].split(':')\n", 1);
  o.program.stderr_text =
      "Traceback (most recent call last):\n  File \"client.py\", line 2, in <module>\n"
      "    host, port = sys.argv[1].split(':')\nValueError: not enough values to unpack "
      "(expected 2, got 1)\n";
  EXPECT_TRUE(SplitsALineOfAGivenFile(o, kCrashed).ok()) << "an argument, not the file";
}

}  // namespace
}  // namespace netgrade::check
