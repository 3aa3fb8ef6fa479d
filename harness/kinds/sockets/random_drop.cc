#include "harness/kinds/sockets/random_drop.h"

#include <fmt/core.h>

#include <filesystem>
#include <regex>
#include <utility>
#include <vector>

#include "harness/base/text.h"
#include "harness/check/expected.h"
#include "harness/check/program_source.h"

namespace netgrade::sockets {

using namespace check;  // the checks every kind shares, which these build on
namespace {

namespace fs = std::filesystem;

// "1", "1 and 2", "1, 2 and 4".
std::string Numbers(const std::vector<size_t>& n) {
  std::string out;
  for (size_t i = 0; i < n.size(); ++i) {
    if (i > 0) out += i + 1 == n.size() ? " and " : ", ";
    out += std::to_string(n[i]);
  }
  return out;
}

// The line of `text` that draws a random number, quoted, with its 1-based number; comments
// skipped.
std::optional<std::pair<int, std::string>> RandomLine(const std::string& text) {
  static const std::regex kRandom(
      R"(\b(random\.|randint\s*\(|randrange\s*\(|s?rand\s*\(|random\s*\())");
  size_t start = 0;
  for (int number = 1; start < text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = std::string(TrimRight(text.substr(start, end - start)));
    start = end + 1;
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#' || line.compare(first, 2, "//") == 0 ||
        line.compare(first, 6, "import") == 0 || line.compare(first, 4, "from") == 0)
      continue;
    // srand(time(NULL)) seeds, it does not draw: the draw comes later.
    if (line.find("srand") != std::string::npos || line.find("random.seed") != std::string::npos)
      continue;
    if (std::regex_search(line, kRandom)) return std::pair(number, Quote(line.substr(first), 70));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> RandomCallInSource(const std::string& program_path) {
  for (const fs::path& source : SourcesOf(program_path)) {
    if (auto line = RandomLine(ReadSource(source)))
      return fmt::format("line {} of {}: {}", line->first, source.filename().string(),
                         line->second);
  }
  return std::nullopt;
}

Finding CheckDropsAtRandom(const observe::Observation& obs,
                           const std::optional<std::string>& source_line) {
  const spec::DirectionFaults& in = obs.test->faults.to_student;
  // Only where netgrade itself dropped nothing on the way to the program.
  if (obs.spec->protocol != spec::Protocol::kUdp || !obs.role->listens || obs.program.exited ||
      !in.drop.empty() || in.drop_rate > 0 || obs.grader_loss)
    return Finding::Ok();
  // It read what came (it waited for more with nothing on its way), or it draws random numbers.
  bool read_all = !obs.at_rest_in.empty();
  for (size_t i = 0; i < obs.connections.size(); ++i) {
    const peers::ConnectionLog& log = obs.connections[i];
    std::vector<std::string> expected = ExpectedReplies(*obs.test, log.sent);
    std::vector<size_t> answered, unanswered;  // 1-based, among the datagrams sent
    size_t next = 0;                           // the next answer to look at
    for (size_t j = 0; j < expected.size(); ++j) {
      if (next < log.datagrams.size() && log.datagrams[next] == expected[j]) {
        answered.push_back(j + 1);
        ++next;
      } else {
        unanswered.push_back(j + 1);
      }
    }
    // Every answer that came must be right: a wrong one is another story.
    if (unanswered.empty() || next != log.datagrams.size()) continue;
    // With an answer before it, the silence is not a socket that never answers this client.
    bool answered_before = !answered.empty() && answered.front() < unanswered.front();
    if (!(answered_before && read_all) && !source_line) continue;
    const std::string& name = obs.program.display_name;
    check::Phrase client =
        obs.connections.size() > 1 ? check::Say(" of client {}", i + 1) : check::Phrase("");
    size_t missing = unanswered.front();
    check::Phrase what =
        answered.empty()
            ? check::Say(
                  "{} answered none of the datagrams{}, though datagram {} ({}) reached "
                  "it intact (netgrade dropped nothing)",
                  name, client, missing, Quote(log.sent[missing - 1]))
            : check::Say(
                  "{} answered datagram{} {}{} but not {} ({}), which reached it intact "
                  "(netgrade dropped nothing)",
                  name, answered.size() == 1 ? "" : "s", Numbers(answered), client,
                  Numbers(unanswered), Quote(log.sent[missing - 1]));
    std::string evidence =
        source_line ? fmt::format("(It draws a random number at {}.)", *source_line) : "";
    Finding f{.code = Code::kDropsAtRandom,
              .cause = check::Say("{}: does it drop datagrams on purpose (random.randint, as the "
                                  "textbook's pinger server does)?",
                                  what),
              .fix = "Remove that: answer every datagram."};
    f.AddNote(evidence);
    f.AddNote(
        "A program that drops at random scores differently from run to run, whatever --seed says "
        "(the seed repeats netgrade's faults, not the program's own random numbers).");
    return f;
  }
  return Finding::Ok();
}

std::vector<std::string> RandomDrawNotes(const observe::Observation& obs, Code verdict) {
  // A lucky pass: the textbook's pinger server's `if rand < 4: continue`, copied into a server
  // that must answer everything, fails only on the runs where the dice say so.
  if (verdict != Code::kNone || obs.role == nullptr || !obs.role->listens) return {};
  std::optional<std::string> line = RandomCallInSource(obs.program.program_path);
  if (!line) return {};
  return {fmt::format(
      "{} draws random numbers ({}): if it leaves answers out at random, as the textbook's "
      "pinger server does to imitate loss, this case passed by luck and fails on other "
      "runs, whatever --seed says (the seed repeats netgrade's faults, not the program's "
      "own random choices). A server must answer every datagram that reaches it.",
      obs.program.display_name, EscapeText(*line, 120))};
}

}  // namespace netgrade::sockets
