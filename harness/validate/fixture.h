// The catalogue of programs an exercise is proven against, found and read: the reference
// solutions (which must pass every case) and the fixtures under tests/submissions/ (good and
// buggy student programs, each with the verdicts and diagnoses its expected.yaml says it must
// get: for each failing case the diagnosis code and the key sentence its message must contain).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "harness/check/diagnosis.h"

namespace netgrade::validate {

struct Fixture {
  std::string name;                         // "reference/cpp", "tcp-capitalize/echo-server"
  std::filesystem::path dir;                // the directory to grade
  std::string spec;                         // exercise name: "tcp-capitalize"
  std::vector<std::string> roles;           // graded roles; empty: all
  std::vector<std::string> cases;           // graded cases; empty: all of those roles
  std::map<std::string, check::Code> fail;  // case -> diagnosis it must get; other cases pass
  // case -> the key sentence its diagnosis message must contain (exact, case-sensitive
  // substring); a failing case without one has its code checked only.
  std::map<std::string, std::string> says;
  std::string about;
  // The key sentence a note of every graded case must contain (notes:); empty: not checked.
  std::string note;
  // The program draws random numbers of its own (`random: true`): what crosses the proxy
  // differs from run to run whatever the seed, so only its verdicts must repeat.
  bool random = false;
  // `settles: true`: its program's outcome is settled long before its timeout (asleep past
  // the case's end, blocked where nothing will come): every graded case must end before its
  // timeout, failing or not.
  bool settles = false;
  // Why it cannot be graded at all ("not built: ..."); empty when it can.
  std::string unavailable;
  // `needs: namespaces`: its program dials a host that is not this machine (a LAN address, a
  // PC's name), which only a case's own namespaces lead to the peer; without them it would
  // send to the real network, so it is not run at all (SkipReason).
  bool needs_namespaces = false;

  // A reference solution (reference/<lab>/<language>), not a fixture of a mistake.
  bool reference() const { return name.rfind("reference/", 0) == 0; }
};

// Why the fixture must not be graded on this machine ("" when it may be).
std::string SkipReason(const Fixture& fixture);

// Reference solutions of the exercise (C++ from the build tree, Python from the source tree;
// a C++ one whose sources exist but that is not built comes back `unavailable`; one with a
// Makefile, which the spec's build step builds, from the source tree) and every fixture whose
// expected.yaml names it, under tests/submissions/<exercise>/ or anywhere under spec_dir (the
// folder of a spec kept beside its fixtures, such as tests/submissions/build/). A fixture with
// C/C++ sources is graded from the build tree, where CMake put its executables, unless it has
// a Makefile. Throws UsageError for a malformed expected.yaml (naming the file).
//
// expected.yaml's fail: maps each case that must fail to its diagnosis, in the short form
// `case: code` or the long form `case: {code: CODE, says: "key sentence"}`; the long form must
// have says: unless the fixture gives one for all its cases at the top level (`says: "..."`).
std::vector<Fixture> LoadCatalogue(const std::filesystem::path& source_root,
                                   const std::filesystem::path& build_root,
                                   const std::string& exercise,
                                   const std::filesystem::path& spec_dir = {});

// One fixture from its expected.yaml (for fixtures kept outside the catalogue, such as
// tests/submissions/hostile/).
Fixture LoadFixture(const std::filesystem::path& expected_file,
                    const std::filesystem::path& source_root,
                    const std::filesystem::path& build_root);

}  // namespace netgrade::validate
