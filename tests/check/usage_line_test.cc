// A program that printed its usage line and exited is told so first, with the handout's
// command line; nothing is said of one that printed none.
#include "harness/check/usage_line.h"

#include <gtest/gtest.h>

#include "harness/spec/spec.h"
#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

TEST(UsageLine, ArgparsesUsageAndItsErrorOnStderr) {
  EXPECT_EQ(UsageLine("",
                      "usage: pinger.py [-h] --server_ip SERVER_IP --server_port PORT\n"
                      "pinger.py: error: the following arguments are required: "
                      "--server_ip, --server_port\n"),
            "'usage: pinger.py [-h] --server_ip SERVER_IP --server_port PORT' and 'pinger.py: "
            "error: the following arguments are required: --server_ip, --server_port'");
}

TEST(UsageLine, APrintfOnStdoutAndNoneAtAll) {
  EXPECT_EQ(UsageLine("  Usage: ./sender <host> <port> <file>\n", ""),
            "'Usage: ./sender <host> <port> <file>'");
  EXPECT_EQ(UsageLine("The server is ready to receive\n", "Traceback ...\n"), "");
  // A word that only starts with the letters is no usage line.
  EXPECT_EQ(UsageLine("usage statistics: 3 clients\nusages\n", ""), "");
  // What the program printed is escaped.
  EXPECT_EQ(UsageLine("Usage: \x1b[2Jclient\n", "").find('\x1b'), std::string::npos);
}

TEST(HandoutCommandLine, PlaceholdersInCapitals) {
  EXPECT_EQ(HandoutCommandLine("client.py", {"{host}", "{port}"}), "client.py HOST PORT");
  EXPECT_EQ(HandoutCommandLine("sender", {"--port={port}", "out.txt"}),
            "sender --port=PORT out.txt");
}

class PrintedItsUsageTest : public testing::Test {
 protected:
  void SetUp() override {
    role_.name = "client";
    role_.argv = {"{host}", "{port}"};
    obs_.role = &role_;
    obs_.program.display_name = "client.py";
    obs_.program.exited = true;
    obs_.program.status = 1;
  }
  spec::Role role_;
  observe::Observation obs_;
  Finding judged_{Code::kNeverConnected, "client.py never connected to the server."};
};

TEST_F(PrintedItsUsageTest, LeadsWithTheUsageLineAndTheHandoutsCommandLine) {
  obs_.stdout_text = "Usage: python client.py HOST:PORT\n";
  Finding f = PrintedItsUsage(obs_, judged_);
  EXPECT_EQ(f.code, Code::kNeverConnected);
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  ExpectWords(f);
  EXPECT_NE(f.notes[0].find(judged_.cause), std::string::npos) << f.notes[0];
}

TEST_F(PrintedItsUsageTest, NothingWhenItKeptRunningOrPrintedNoUsage) {
  obs_.stdout_text = "Usage: python client.py HOST:PORT\n";
  obs_.program.exited = false;  // it printed a banner and went on: the usage is not the cause
  EXPECT_TRUE(PrintedItsUsage(obs_, judged_).ok());
  obs_.program.exited = true;
  obs_.stdout_text = "connecting...\n";
  EXPECT_TRUE(PrintedItsUsage(obs_, judged_).ok());
}

}  // namespace
}  // namespace netgrade::check
