// A UDP server that drops datagrams on purpose, judged on observations built by hand.
#include "harness/kinds/sockets/random_drop.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/spec/load.h"
#include "tests/check/socket_judge.h"
#include "tests/support/temp_dir.h"
#include "tests/support/words_golden.h"

namespace netgrade::sockets {
namespace {
using namespace netgrade::check;
using observed_test::Judge;
using observed_test::Notes;
namespace fs = std::filesystem;
using testing_support::ExpectWords;

constexpr const char* kSpec = R"(exercise: drop-test
protocol: udp
roles:
  server:
    listens: true
cases:
  - name: several
    role: server
    peer:
      connections:
        - send: ["one", "two", "three", "four"]
    expect:
      replies: upper
      exit: running
  - name: several-with-drops
    role: server
    peer:
      connections:
        - send: ["one", "two", "three", "four"]
    faults:
      to_student:
        drop: [3]
    expect:
      replies: upper
      exit: running
)";

spec::Spec Load() {
  spec::LoadResult r = spec::LoadSpecString(kSpec, "drop-test.yaml");
  EXPECT_TRUE(r.ok());
  return *r.spec;
}

// The peer sent `sent` and got `answers` back; the server waits in recvfrom() for more.
observe::Observation Saw(const spec::Spec& s, const std::string& case_name,
                         std::vector<std::string> sent, std::vector<std::string> answers) {
  observe::Observation o;
  o.spec = &s;
  for (const spec::Case& c : s.cases)
    if (c.name == case_name) o.test = &c;
  o.role = s.FindRole("server");
  o.program.display_name = "server.py";
  o.ready = true;
  o.at_rest_in = "recvfrom";
  peers::ConnectionLog log;
  log.connected = true;
  log.sent = std::move(sent);
  log.datagrams = std::move(answers);
  o.connections.push_back(log);
  return o;
}

TEST(DropsAtRandom, NamesTheAnsweredAndTheUnansweredDatagrams) {
  spec::Spec s = Load();
  observe::Observation o = Saw(s, "several", {"one", "two", "three"}, {"ONE", "TWO"});
  Finding f = CheckDropsAtRandom(o, std::nullopt);
  EXPECT_EQ(f.code, Code::kDropsAtRandom);
  EXPECT_FALSE(f.fix.empty());
  ASSERT_EQ(f.notes.size(), 1u) << f.Text();
  ExpectWords(f);
}

TEST(DropsAtRandom, ListsAGapWhenLaterDatagramsWereAnswered) {
  spec::Spec s = Load();
  observe::Observation o =
      Saw(s, "several", {"one", "two", "three", "four"}, {"ONE", "TWO", "FOUR"});
  Finding f = CheckDropsAtRandom(o, std::nullopt);
  EXPECT_EQ(f.code, Code::kDropsAtRandom);
  ExpectWords(f);
}

TEST(DropsAtRandom, IsNotSaidWhenNetgradeDroppedOnTheWay) {
  spec::Spec s = Load();
  observe::Observation o = Saw(s, "several-with-drops", {"one", "two", "three"}, {"ONE", "TWO"});
  EXPECT_TRUE(CheckDropsAtRandom(o, std::nullopt).ok());
}

TEST(DropsAtRandom, IsNotSaidWithoutEvidenceThatTheDatagramWasRead) {
  spec::Spec s = Load();
  observe::Observation busy = Saw(s, "several", {"one", "two", "three"}, {"ONE", "TWO"});
  busy.at_rest_in.clear();  // not seen waiting for more: still busy with it, perhaps
  EXPECT_TRUE(CheckDropsAtRandom(busy, std::nullopt).ok());
  // Never answered at all: a server that cannot answer, unless it draws random numbers.
  observe::Observation none = Saw(s, "several", {"one"}, {});
  EXPECT_TRUE(CheckDropsAtRandom(none, std::nullopt).ok());
  Finding f = CheckDropsAtRandom(none, "line 9 of server.py: 'if random.random() < 0.4:'");
  EXPECT_EQ(f.code, Code::kDropsAtRandom);
  // Where it draws, right after the fix: the block's first note.
  ASSERT_GE(f.notes.size(), 1u) << f.Text();
  ExpectWords(f);
}

TEST(DropsAtRandom, IsNotSaidForWrongAnswersOrAProgramThatEnded) {
  spec::Spec s = Load();
  observe::Observation wrong = Saw(s, "several", {"one", "two"}, {"one"});
  EXPECT_TRUE(CheckDropsAtRandom(wrong, std::nullopt).ok());
  observe::Observation ended = Saw(s, "several", {"one", "two"}, {"ONE"});
  ended.program.exited = true;
  EXPECT_TRUE(CheckDropsAtRandom(ended, std::nullopt).ok());
}

TEST(DropsAtRandom, JudgeGivesItForAMissingAnswer) {
  spec::Spec s = Load();
  observe::Observation o = Saw(s, "several", {"one", "two", "three"}, {"ONE", "TWO"});
  EXPECT_EQ(Judge(o).code, Code::kDropsAtRandom) << Judge(o).Text();
}

TEST(RandomCallInSource, FindsTheDrawNotTheImportOrTheSeed) {
  fs::path dir = fs::temp_directory_path() / ("random_drop_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "server.py") << "import random\n# random.random() in a comment\n"
                                      "random.seed()\nwhile True:\n"
                                      "    if random.random() < 0.4:\n        continue\n";
  EXPECT_EQ(RandomCallInSource((dir / "server.py").string()),
            "line 5 of server.py: 'if random.random() < 0.4:'");
  std::ofstream(dir / "server.c") << "#include <stdlib.h>\nint main() {\n  srand(time(0));\n"
                                     "  if (rand() % 10 < 4) return 0;\n}\n";
  EXPECT_EQ(RandomCallInSource((dir / "server").string()),
            "line 4 of server.c: 'if (rand() % 10 < 4) return 0;'");
  std::ofstream(dir / "plain.py") << "data = sock.recvfrom(2048)\nprint(operand)\n";
  // Braces in the quoted line are text, not a format: {x} in a student's source is harmless.
  std::ofstream(dir / "braces.py") << "if random.random() < {0}:\n";
  EXPECT_EQ(RandomCallInSource((dir / "braces.py").string()),
            "line 1 of braces.py: 'if random.random() < {0}:'");
  EXPECT_EQ(RandomCallInSource((dir / "plain.py").string()), std::nullopt);
  fs::remove_all(dir);
}

// A UDP server whose source draws random numbers, and passed: flagged as a possibly lucky run;
// not when it failed (the diagnosis says it), nor a TCP server or a client.
TEST(RandomDrawNotes, ALuckyPassOfAServerThatDrawsRandomNumbersIsFlagged) {
  testing_support::UniqueTempDir dir("netgrade-notes-random");
  std::ofstream(dir.path() / "server.py") << "import random\nwhile True:\n"
                                             "    if random.random() < 0.4:\n        continue\n";
  spec::Spec udp;
  udp.protocol = spec::Protocol::kUdp;
  spec::Role server;
  server.listens = true;
  observe::Observation o;
  o.program.display_name = "server.py";
  o.spec = &udp;
  o.role = &server;
  o.program.program_path = (dir.path() / "server.py").string();
  std::vector<std::string> notes = Notes(o);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("server.py draws random numbers (line 3 of server.py"), std::string::npos)
      << notes[0];
  EXPECT_NE(notes[0].find("this case passed by luck"), std::string::npos);
  EXPECT_TRUE(Notes(o, Code::kDropsAtRandom).empty());
  spec::Spec tcp;
  o.spec = &tcp;
  EXPECT_TRUE(Notes(o).empty());
  o.spec = &udp;
  server.listens = false;
  EXPECT_TRUE(Notes(o).empty());
}

}  // namespace
}  // namespace netgrade::sockets
