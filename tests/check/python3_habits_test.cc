// Tracebacks of the textbook's ICMP labs named for their cause (check/python3_habits.h), and
// any other traceback's exception leading a crash's diagnosis where it was raised.
#include "harness/check/python3_habits.h"

#include <gtest/gtest.h>

#include "harness/check/program.h"

namespace netgrade::check {
namespace {

const char* kOrd =
    "Traceback (most recent call last):\n"
    "  File \"ICMPPinger.py\", line 120, in <module>\n"
    "    ping(\"google.com\")\n"
    "  File \"ICMPPinger.py\", line 17, in checksum\n"
    "    thisVal = ord(str[count + 1]) * 256 + ord(str[count])\n"
    "              ^^^^^^^^^^^^^^^^^^^\n"
    "TypeError: ord() expected string of length 1, but int found\n";

TEST(Python3Habits, OrdOfAnItemOfBytesIsThePython2Checksum) {
  std::string why = ExplainTraceback(kOrd);
  EXPECT_NE(why.find("ord() was given an item of bytes, which in Python 3 is already a number"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("Leave out ord()"), std::string::npos) << why;
  EXPECT_EQ(ExplainOrdOfBytes("TypeError: ord() expected a character, but string of length 2 "
                              "found",
                              ""),
            "")
      << "another ord() mistake is not this one";
}

const char* kNotFound =
    "Traceback (most recent call last):\n"
    "  File \"ICMPPinger.py\", line 105, in <module>\n"
    "    ping(\"google.com\")\n"
    "  File \"ICMPPinger.py\", line 93, in ping\n"
    "    dest = gethostbyname(host)\n"
    "socket.gaierror: [Errno -3] Temporary failure in name resolution\n";

TEST(Python3Habits, AHostNameWrittenInTheProgramIsNamedWithWhereTheLabGivesIt) {
  TracebackContext context;
  context.host_argument = 1;
  std::string why = ExplainTraceback(kNotFound, context);
  EXPECT_NE(why.find("the host 'google.com', written in the program, could not be found"),
            std::string::npos)
      << why;
  EXPECT_NE(why.find("take it from sys.argv[1]"), std::string::npos) << why;
  // The name not in the traceback's lines: said as a question, and no argument named unknown.
  std::string bare = ExplainHostNotFound(
      "Traceback (most recent call last):\n  File \"p.py\", line 9, in <module>\n"
      "    dest = gethostbyname(host)\n"
      "socket.gaierror: [Errno -2] Name or service not known\n",
      "socket.gaierror: [Errno -2] Name or service not known", {});
  EXPECT_NE(bare.find("is the host written in the program?"), std::string::npos) << bare;
  EXPECT_EQ(bare.find("sys.argv"), std::string::npos) << bare;
}

TEST(CrashLead, AnExceptionNoKnownMistakeExplainsLeadsWhereItWasRaised) {
  observe::ProgramRun run;
  run.display_name = "ICMPPinger.py";
  run.exited = true;
  run.status = 1;
  run.stderr_text =
      "Traceback (most recent call last):\n"
      "  File \"ICMPPinger.py\", line 51, in receiveOnePing\n"
      "    type, code, checksum, receiveID, sequence = struct.unpack(\"bbHHh\", icmpHeader)\n"
      "NameError: name 'icmpHeader' is not defined. Did you mean: 'icmpheader'?\n";
  Finding f = CheckCrash(run);
  EXPECT_EQ(f.code, Code::kCrashed);
  EXPECT_EQ(f.cause.rfind("ICMPPinger.py, line 51 raised NameError: name 'icmpHeader' is not "
                          "defined. Did you mean: 'icmpheader'?",
                          0),
            0u)
      << f.cause;
  EXPECT_NE(f.Text().find("exited with status 1 before the case was over"), std::string::npos)
      << "how it ended still follows";
  // Without a traceback, how it ended is the cause, as before.
  run.stderr_text = "segfault\n";
  EXPECT_EQ(CheckCrash(run).cause, "ICMPPinger.py exited with status 1 before the case was over.");
}

}  // namespace
}  // namespace netgrade::check
