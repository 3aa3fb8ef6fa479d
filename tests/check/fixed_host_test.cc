#include "harness/check/fixed_host.h"

#include <gtest/gtest.h>

#include "tests/support/words_golden.h"

namespace netgrade::check {
namespace {
using testing_support::ExpectWords;

HostUse Client(bool host_given) {
  HostUse use;
  use.program = "client.py";
  use.host_given = host_given;
  use.peer_host = "127.0.0.1";
  return use;
}

TEST(FixedHostNote, NamesTheAddressWrittenInTheProgram) {
  HostUse use = Client(true);
  use.dialled = {"192.168.0.123"};
  EXPECT_EQ(FixedHostNote(use),
            "client.py connected to 192.168.0.123 (written in the program?); netgrade led it to "
            "the server. On the real network it must use the HOST it is given.");
  use.datagrams = true;
  use.host_given = false;  // the exercise gives no host: the address was the student's to choose
  EXPECT_EQ(FixedHostNote(use),
            "client.py sent to 192.168.0.123 (written in the program?); netgrade led it to the "
            "server.");
}

TEST(FixedHostNote, NamesTheNameItLookedUp) {
  HostUse use = Client(true);
  use.names = {"DESKTOP-7QK2"};
  use.dialled = {"127.0.0.1"};  // the name server's answer
  EXPECT_NE(FixedHostNote(use).find("looked up the name 'DESKTOP-7QK2' (written in the program?)"),
            std::string::npos)
      << FixedHostNote(use);
}

TEST(FixedHostNote, SaysNothingOfThePeersAddressOrLoopback) {
  HostUse use = Client(true);
  use.peer_host = "192.0.2.1";
  use.dialled = {"192.0.2.1", "127.0.0.1", "127.0.1.1", ""};
  EXPECT_EQ(FixedHostNote(use), "");
}

// A name or address the case itself handed the program (a URL among its arguments, a line of
// its input) is the case's: a proxy or fetcher that looked it up wrote nothing in.
TEST(FixedHostNote, SaysNothingOfANameOrAddressTheCaseGaveIt) {
  HostUse use = Client(true);
  use.names = {"www.example.com"};
  use.dialled = {"203.0.113.5"};
  use.given = {"http://WWW.Example.com/index.html", "203.0.113.5:80\n"};
  EXPECT_EQ(FixedHostNote(use), "");
  use.given = {"http://other.test/"};
  EXPECT_NE(FixedHostNote(use).find("looked up the name 'www.example.com'"), std::string::npos);
}

TEST(FixedHostNote, EscapesWhatTheProgramChose) {
  HostUse use = Client(true);
  use.names = {"evil\x1b[2Jname"};
  EXPECT_EQ(FixedHostNote(use).find('\x1b'), std::string::npos);
}

TEST(HostInSource, FindsAQuotedAddressOrAHostVariable) {
  EXPECT_EQ(HostInSource("serverName = '192.168.0.123'\nserverPort = 12000\n"), "192.168.0.123");
  EXPECT_EQ(HostInSource("server.sin_addr.s_addr = inet_addr(\"10.0.0.5\");"), "10.0.0.5");
  EXPECT_EQ(HostInSource("serverName = 'DESKTOP-7QK2'  # my PC"), "DESKTOP-7QK2");
  EXPECT_EQ(HostInSource("HOST = \"my-laptop.local\""), "my-laptop.local");
}

TEST(HostInSource, LeavesLoopbackThePlaceholdersAndTheArgumentAlone) {
  EXPECT_EQ(HostInSource("serverName = 'localhost'"), std::nullopt);
  EXPECT_EQ(HostInSource("serverName = 'servername'\nhost = '127.0.0.1'"), std::nullopt);
  EXPECT_EQ(HostInSource("bind(('0.0.0.0', port))"), std::nullopt);
  EXPECT_EQ(HostInSource("serverName = sys.argv[1]"), std::nullopt);
  EXPECT_EQ(HostInSource("# serverName = '192.168.1.5'  (the lab PC)\nserverName = sys.argv[1]"),
            std::nullopt);
  EXPECT_EQ(HostInSource("    // addr.sin_addr.s_addr = inet_addr(\"10.0.0.5\");"), std::nullopt);
}

TEST(NoteHostUse, APassingCaseGetsANoteAFailingOneAParagraph) {
  HostUse use = Client(true);
  use.dialled = {"10.0.0.5"};
  auto never = [] { return std::optional<std::string>(); };
  CaseResult pass;
  NoteHostUse(use, true, true, never, &pass);
  ASSERT_EQ(pass.notes.size(), 1u);
  EXPECT_NE(pass.notes[0].find("connected to 10.0.0.5"), std::string::npos);
  EXPECT_EQ(pass.message, "");
  CaseResult fail;
  fail.verdict = Verdict::kFail;
  fail.cause = fail.message =
      "The reference server received nothing.";  // as MakeCaseResult makes it
  NoteHostUse(use, true, true, never, &fail);
  // Its own words first, the host after them, and the message made of the parts.
  EXPECT_EQ(fail.cause, "The reference server received nothing.");
  ASSERT_EQ(fail.finding_notes.size(), 1u) << fail.message;
  EXPECT_NE(fail.finding_notes[0].find("10.0.0.5"), std::string::npos) << fail.finding_notes[0];
  EXPECT_EQ(fail.message, RenderedMessage(fail));
  EXPECT_TRUE(fail.notes.empty());
}

TEST(NoteHostUse, WithoutNamespacesExplainsTheUnreachableHostFirst) {
  HostUse use = Client(true);
  CaseResult r;
  r.verdict = Verdict::kFail;
  r.cause = r.message =
      "client.py crashed: OSError: [Errno 101] Network is unreachable";  // as MakeCaseResult makes
                                                                         // it
  r.shape = "{} crashed: {}";
  NoteHostUse(
      use, false, false, [] { return std::optional<std::string>("serverName = '192.168.0.123'"); },
      &r);
  // The host is the cause; the crash it led to follows it.
  ASSERT_EQ(r.finding_notes.size(), 1u) << r.message;
  ExpectWords(r);
  // The class page's row is the host's words' shape, not the crash's they replaced.
  EXPECT_NE(r.shape, "{} crashed: {}");
  EXPECT_NE(r.shape.find("{}, which is not this machine: "), std::string::npos) << r.shape;
  EXPECT_EQ(r.message, RenderedMessage(r));
  CaseResult reached;  // it reached the peer: whatever failed, the host was not it
  reached.verdict = Verdict::kFail;
  reached.cause = reached.message = "wrong answer";  // as MakeCaseResult makes it
  NoteHostUse(
      use, false, true, [] { return std::optional<std::string>("host = '10.0.0.5'"); }, &reached);
  EXPECT_EQ(reached.message, "wrong answer");
}

// The textbook's client, as printed: it connects to the placeholder 'servername'.
constexpr char kTextbookClient[] =
    "from socket import *\n"
    "serverName = 'servername'\n"
    "serverPort = 12000\n"
    "clientSocket = socket(AF_INET, SOCK_STREAM)\n"
    "clientSocket.connect((serverName,serverPort))\n";

TEST(NamesInHostsFile, ReadsEveryNameAfterAnAddressInLowerCase) {
  EXPECT_EQ(NamesInHostsFile("127.0.0.1 localhost\n"
                             "::1\tlocalhost ip6-localhost\n"
                             "127.0.0.1 ServerName hostname  # the textbook's # server\n"
                             "# 127.0.0.1 server\n"
                             "\n"
                             "10.0.0.5\n"),
            (std::set<std::string>{"localhost", "ip6-localhost", "servername", "hostname"}));
  EXPECT_TRUE(NamesInHostsFile("").empty());
}

TEST(PlaceholderHostInSource, FindsTheTextbooksPlaceholderWhereTheHostGoes) {
  EXPECT_EQ(PlaceholderHostInSource(kTextbookClient), "servername");
  EXPECT_EQ(PlaceholderHostInSource("serverName = 'hostname'"), "hostname");
  EXPECT_EQ(PlaceholderHostInSource("s.connect(('ServerName', 12000))"), "ServerName");
  EXPECT_EQ(PlaceholderHostInSource("host = \"server\""), "server");
  EXPECT_EQ(PlaceholderHostInSource("struct hostent *h = gethostbyname(\"servername\");"),
            "servername");
}

TEST(PlaceholderHostInSource, LeavesOtherNamesAndCommentsAlone) {
  EXPECT_EQ(PlaceholderHostInSource("serverName = 'localhost'"), std::nullopt);
  EXPECT_EQ(PlaceholderHostInSource("serverName = '127.0.0.1'"), std::nullopt);
  EXPECT_EQ(PlaceholderHostInSource("print('server', reply)"), std::nullopt);
  EXPECT_EQ(PlaceholderHostInSource("# serverName = 'servername'\nserverName = 'localhost'"),
            std::nullopt);
}

// A failed client that never reached the peer, without namespaces.
CaseResult Crashed() {
  CaseResult r;
  r.verdict = Verdict::kFail;
  r.cause = r.message =
      "TCPClient.py exited with status 1 before the case was over.";  // as MakeCaseResult makes it
  return r;
}

TEST(NoteHostUse, WithoutNamespacesAnUnmappedPlaceholderIsTheFirstSentence) {
  HostUse use = Client(false);
  use.program = "TCPClient.py";
  use.hosts_names = {"localhost", "runsc"};
  CaseResult r = Crashed();
  NoteHostUse(use, false, false, [] { return std::optional<std::string>(kTextbookClient); }, &r);
  EXPECT_EQ(r.message,
            "TCPClient.py connects to 'servername', a name this computer does not know: netgrade "
            "could not give your program a network of its own here (in one, that name leads to "
            "the server). Write 'localhost' there, or add the line '127.0.0.1 servername' to "
            "/etc/hosts.\nTCPClient.py exited with status 1 before the case was over.");
}

TEST(NoteHostUse, AClientGivenAHostIsToldToUseIt) {
  HostUse use = Client(true);
  use.datagrams = true;
  CaseResult r = Crashed();
  NoteHostUse(
      use, false, false, [] { return std::optional<std::string>("serverName = 'hostname'"); }, &r);
  // The fix names the argument to use (HOST); the block, the whole text, has no /etc/hosts.
  ExpectWords(r);
}

TEST(NoteHostUse, APlaceholderThisMachinesHostsFileMapsIsNotTheCause) {
  HostUse use = Client(false);
  use.hosts_names = NamesInHostsFile("127.0.0.1 localhost\n127.0.0.1 servername hostname\n");
  CaseResult r = Crashed();
  NoteHostUse(use, false, false, [] { return std::optional<std::string>(kTextbookClient); }, &r);
  EXPECT_EQ(r.message, Crashed().message);
  // Inside a namespace of its own the name leads to the peer: nothing to say either.
  HostUse isolated = Client(false);
  CaseResult in_ns = Crashed();
  NoteHostUse(
      isolated, true, false, [] { return std::optional<std::string>(kTextbookClient); }, &in_ns);
  EXPECT_EQ(in_ns.message, Crashed().message);
}

}  // namespace
}  // namespace netgrade::check
