#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/check/diagnosis.h"
#include "harness/check/say.h"

namespace netgrade::check {

// The first message that differs, as data, for a report to lay out side by side (the
// explanation already says it in words).
struct Difference {
  std::optional<std::string> sent;      // what the expected message derives from, when known
  std::optional<std::string> expected;  // nullopt: a message that should not have come
  std::optional<std::string> received;  // nullopt: it never came
  // `expected` is a pattern's description, and the pattern rejects `received` from this byte
  // on (peers/pattern_reject.h): the caret goes there, not where the two texts differ.
  std::optional<size_t> rejected_at = std::nullopt;
  // `expected` says what was expected in words ("a line matching /^line \d+$/"), there being
  // no one text: shown as it is, never quoted and cut as data, and with no caret.
  bool expected_described = false;
  // The values are bytes (a script's expect of hex, base64, bytes, length_prefix or until):
  // reports show them as a hex dump with the offset of the first difference, never quoted.
  // `sent_binary`: `sent` is bytes too (a send of hex or base64).
  bool binary = false;
  bool sent_binary = false;
};

// The outcome of one check: kNone and no words when it held, otherwise the diagnosis and an
// explanation a beginner can act on, in parts a report can lay out (issue 48: a diagnosis is
// data, not prose a report parses back). Text() is the explanation as one message.
struct Finding {
  Code code = Code::kNone;
  // The first sentence: what went wrong. With its shape where its maker said it with Say
  // (check/say.h): the class page groups a class's diagnoses by it.
  Phrase cause = {};
  // What was sent, expected and came back (may span lines), and what to change ("" when there
  // is no advice): phrases, for what names the case's own port (PortAdvice, a finding's Rest()).
  Phrase evidence = {};
  Phrase fix = {};
  // Sentences a later step added (a timeout, a case not graded, an earlier finding): a
  // finding is never edited once made, a later step adds a note or makes a new one.
  std::vector<std::string> notes = {};
  std::optional<Difference> difference = std::nullopt;  // when content differs
  // The mistake behind it when a check knows it across diagnoses (check/root_cause.h), or "".
  std::string mistake = {};

  bool ok() const { return code == Code::kNone; }
  static Finding Ok() { return {}; }
  // A later step's sentence, unless it has none to add ("").
  void AddNote(std::string note) {
    if (!note.empty()) notes.push_back(std::move(note));
  }
  // cause, evidence, fix and the notes, joined by JoinParts.
  Phrase Text() const;
  // The same without the cause: what a finding made from this one keeps after its own cause.
  Phrase Rest() const;
  // Text() with the case's own port as "{port}", where a part marks it (a CasePort said with
  // Say): what two cases of one program share when their advice differs only by their ports.
  // "" when none marks it.
  std::string WithoutCasePort() const;
};

// The non-empty parts in order, one space between two unless the next starts a line or the
// one before ends one: the one way a diagnosis becomes a message. Shaped parts give the joined
// words a shape (each part's shape, or a part's text where it has none), and so does a part
// that marks the case's port.
Phrase JoinParts(const std::vector<Phrase>& parts);

}  // namespace netgrade::check
