// A transport lab's spec as text, and what its tests ask of the loader's answer to it
// (spec_keys_test.cc, spec_checks_test.cc).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "harness/spec/load.h"

namespace netgrade::spec::testing_text {

// A sender's case and a receiver's; each test changes one piece of it.
inline const std::string kSpec =
    "exercise: rt\n"
    "protocol: transport\n"
    "packet:\n"
    "  byte_order: big\n"
    "  fields:\n"
    "    type: {offset: 0, size: 1}\n"
    "    flags: {offset: 1, size: 1}\n"
    "    checksum: {offset: 2, size: 2}\n"
    "    seq: {offset: 4, size: 4}\n"
    "    len: {offset: 8, size: 2}\n"
    "  payload: {offset: 10, max: 1000}\n"
    "  types: {data: 0, ack: 1, fin: 2}\n"
    "roles:\n"
    "  sender: {listens: false, argv: [\"{host}\", \"{port}\", photo.bin, \"20\"]}\n"
    "  receiver: {listens: true, argv: [\"{port}\", out.bin]}\n"
    "files:\n"
    "  - {path: photo.bin, draw: bytes, size: 3000, roles: [sender]}\n"
    "  - {path: incoming.bin, draw: bytes, size: 3000, held_by: peer}\n"
    "cases:\n"
    "  - name: s\n"
    "    role: sender\n"
    "    transfer: {file: photo.bin, window: 20}\n"
    "    link: {rate: 10Mbit, delay: 50ms, queue: 100}\n"
    "    expect: {delivered: true, well_formed: true}\n"
    "  - name: r\n"
    "    role: receiver\n"
    "    transfer: {file: incoming.bin, window: 8}\n"
    "    link: {delay: 5ms, back: {corrupt_at: [2, 5]}}\n"
    "    expect: {acks: cumulative}\n";

inline std::string All(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += "\n  " + e.ToString();
  return out;
}

// `text` with its one `from` replaced by `to` (a test's premise: `from` is there once).
inline std::string Replaced(const std::string& text, const std::string& from,
                            const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << from << " is there twice";
  if (at == std::string::npos) return text;
  return text.substr(0, at) + to + text.substr(at + from.size());
}

// "f.yaml:LINE:COL" of the first `needle` in `text`, counted here by hand.
inline std::string Where(const std::string& text, const std::string& needle,
                         const std::string& file = "f.yaml") {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < at && i < text.size(); ++i)
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  return file + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

// The spec `yaml` gives one error, at `needle`'s place, holding `phrase`.
inline void OneErrorAt(const std::string& yaml, const std::string& needle,
                       const std::string& phrase) {
  LoadResult r = LoadSpecString(yaml, "f.yaml");
  ASSERT_EQ(r.errors.size(), 1u) << All(r);
  const std::string e = r.errors[0].ToString();
  const std::string at = Where(yaml, needle) + ": ";
  EXPECT_EQ(e.rfind(at, 0), 0u) << "expected at " << at << ": " << e;
  EXPECT_NE(e.find(phrase), std::string::npos) << "no \"" << phrase << "\" in " << e;
}

}  // namespace netgrade::spec::testing_text
