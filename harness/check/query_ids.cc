#include "harness/check/query_ids.h"

#include <fmt/core.h>
#include <re2/re2.h>

#include <algorithm>
#include <utility>

#include "harness/base/text.h"
#include "harness/check/peer_messages.h"
#include "harness/check/spec_hints.h"

namespace netgrade::check {
namespace {

constexpr size_t kShown = 5;

struct Query {
  std::string text;
  std::string id;
};

// The queries among `messages` (those the pattern finds an id in), a query sent again right
// after itself counted once.
std::vector<Query> QueriesOf(const RE2& re, const std::vector<std::string>& messages) {
  std::vector<Query> out;
  const int id_group = re.NamedCapturingGroups().at("id");
  std::vector<re2::StringPiece> groups(static_cast<size_t>(re.NumberOfCapturingGroups()) + 1);
  for (const std::string& m : messages) {
    if (!out.empty() && out.back().text == m) continue;
    if (!re.Match(m, 0, m.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size())))
      continue;
    out.push_back({m, std::string(groups[static_cast<size_t>(id_group)])});
  }
  return out;
}

// An id as the sentence says it: a number as it is, anything else quoted (escaped).
std::string IdWords(const std::string& id) {
  bool number = !id.empty() && id.find_first_not_of("0123456789") == std::string::npos;
  return number && id.size() <= 20 ? id : Quote(id, 40);
}

// The queries up to `last`, the last few of them, each a datagram or line (`unit`).
std::string Shown(const std::vector<Query>& queries, size_t last, const std::string& unit) {
  size_t end = std::min(queries.size(), last + 1);
  size_t first = end > kShown ? end - kShown : 0;
  std::string out = fmt::format("The queries the reference server received, one {} each:", unit);
  for (size_t i = first; i < end; ++i)
    out += fmt::format("\n    {}: {}", i + 1, Quote(queries[i].text, 80));
  return out;
}

}  // namespace

Finding CheckQueryIds(const spec::IdRule& rule, const std::vector<std::string>& messages,
                      const std::string& program, const std::string& unit) {
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(rule.pattern, options);
  if (!re.ok() || re.NamedCapturingGroups().count("id") == 0) return Finding::Ok();
  std::vector<Query> queries = QueriesOf(re, messages);
  size_t again = 1;  // the first query with the id of the one before
  while (again < queries.size() && queries[again].id != queries[again - 1].id) ++again;
  if (again >= queries.size()) return Finding::Ok();
  bool every = true;
  for (const Query& q : queries) every = every && q.id == queries[0].id;
  Phrase cause = every ? Say("{} uses the id {} for every query: {} queries the reference server "
                             "received carry it.",
                             program, IdWords(queries[0].id),
                             queries.size() == 2 ? Phrase("both") : Say("all {}", queries.size()))
                       : Say("{} used the id {} again for its next query: {} came right after {}.",
                             program, IdWords(queries[again].id), Quote(queries[again].text),
                             Quote(queries[again - 1].text));
  // The queries come after the fix, as a rule's lines do (output_checks.cc): the fix and
  // the spec's hint explain the cause; the queries show it.
  return Finding{
      .code = Code::kReusedId,
      .cause = std::move(cause),
      .fix = JoinParts(
          {"Pick a new id for each query (add 1 to it for each name), so that a late answer to "
           "an earlier query, or a copy of one, which carries the earlier id, is not taken for "
           "this one's.",
           rule.hint.empty() ? "" : HintSentence(rule.hint)}),
      .notes = {Shown(queries, every ? queries.size() - 1 : again, unit)}};
}

Finding CheckReceivedIds(const observe::Observation& obs, const SocketTerms& terms) {
  const std::optional<spec::IdRule>& rule = obs.test->expect.received_ids;
  if (!rule) return Finding::Ok();
  std::vector<std::string> messages;
  for (const peers::ConnectionLog& log : obs.connections)
    for (std::string& m : MessagesOf(log, terms)) messages.push_back(std::move(m));
  return CheckQueryIds(*rule, messages, obs.program.display_name, terms.message);
}

}  // namespace netgrade::check
