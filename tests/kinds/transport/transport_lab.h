// A small Go-Back-N lab for the transport kind's end-to-end tests: its file's text, a spec
// loaded with it, and senders written beside it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "harness/spec/load.h"
#include "tests/support/program_case.h"

namespace netgrade::transport {

// 20 packets of a file whose bytes differ (no \0: it is written as text).
inline std::string Data() {
  std::string s;
  for (int i = 0; s.size() < 20000; ++i) s += "line " + std::to_string(i) + " of the file\n";
  s.resize(20000);
  return s;
}

// `yaml` loaded as `name`, each "DATA" in it the file's text, quoted as YAML's double quotes
// take it.
inline spec::Spec WithData(std::string yaml, const std::string& name) {
  std::string quoted;
  for (char c : Data()) quoted += c == '\n' ? std::string("\\n") : std::string(1, c);
  for (size_t at; (at = yaml.find("\"DATA\"")) != std::string::npos;)
    yaml.replace(at, 6, "\"" + quoted + "\"");
  spec::LoadResult r = spec::LoadSpecString(yaml, name);
  EXPECT_TRUE(r.spec.has_value()) << (r.errors.empty() ? "" : r.errors[0].ToString());
  return *r.spec;
}

// A file of the repository, as text.
inline std::string Read(const std::string& path) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A sender.py of `text`, with the file beside it.
inline std::filesystem::path SenderOf(const std::string& text) {
  std::filesystem::path dir = testing_support::ProgramDir("sender", "sender.py", text);
  std::ofstream(dir / "data.bin") << Data();
  return dir;
}

inline std::filesystem::path Sender(const std::string& from) { return SenderOf(Read(from)); }

}  // namespace netgrade::transport
