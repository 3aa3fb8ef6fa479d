// `expect: files` and the `files:` it compares with (drawn bytes, held by the peer, given to
// some roles only), as the loader reads them, and each mistake at its file:line:col.
#include "harness/spec/expected_files.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "harness/spec/draw.h"
#include "harness/spec/given_files.h"
#include "harness/spec/load.h"

namespace netgrade::spec {
namespace {

const char* kRoles =
    "exercise: ft\nprotocol: tcp\n"
    "roles: {receiver: {listens: true}, sender: {listens: false, argv: ['{host}', '{port}']}}\n";

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const SpecError& e : r.errors) out += e.ToString() + "\n";
  return out;
}

TEST(ExpectedFiles, AReceiverCaseComparesWithADrawnFileThePeerHolds) {
  LoadResult r = LoadSpecString(
      std::string(kRoles) +
          "files:\n"
          "  - {path: blob.bin, draw: bytes, size: 300000, held_by: peer}\n"
          "  - {path: hello.txt, text: \"hello\\n\", roles: [sender]}\n"
          "cases:\n"
          "  - name: binary\n"
          "    role: receiver\n"
          "    script: [{connect: a}, {send: blob.bin, on: a}]\n"
          "    expect:\n"
          "      files:\n"
          "        - {path: blob.bin, same_as: blob.bin, hint: \"Open it with 'wb'.\"}\n"
          "        - {path: note.txt, text: \"hi\"}\n",
      "ft.yaml");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const Spec& spec = *r.spec;
  ASSERT_EQ(spec.files.size(), 2u);
  EXPECT_TRUE(spec.files[0].peer_only);
  EXPECT_EQ(spec.files[0].drawn_bytes, 300000u);
  EXPECT_EQ(spec.files[1].roles, std::vector<std::string>{"sender"});
  EXPECT_FALSE(GoesTo(spec.files[0], "receiver")) << "the peer holds it";
  EXPECT_FALSE(GoesTo(spec.files[1], "receiver"));
  EXPECT_TRUE(GoesTo(spec.files[1], "sender"));
  const std::vector<ExpectedFile>& files = spec.cases[0].expect.files;
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].same_as, "blob.bin");
  EXPECT_EQ(files[0].hint, "Open it with 'wb'.");
  EXPECT_EQ(files[1].text, "hi");

  // Drawn: its size, every byte value, the same for a seed and another for another seed.
  Spec one = DrawMessages(spec, 1), again = DrawMessages(spec, 1), two = DrawMessages(spec, 2);
  const std::string& bytes = ExpectedBytes(one.cases[0].expect.files[0], one);
  ASSERT_EQ(bytes.size(), 300000u);
  EXPECT_EQ(std::set<char>(bytes.begin(), bytes.end()).size(), 256u);
  EXPECT_EQ(bytes, ExpectedBytes(again.cases[0].expect.files[0], again));
  EXPECT_NE(bytes, ExpectedBytes(two.cases[0].expect.files[0], two));
  EXPECT_TRUE(DrawsMessages(spec));
}

TEST(ExpectedFiles, DrawnBytesOfFewerThan256AreAllDifferent) {
  std::string some = DrawnBytes(200, 7);
  EXPECT_EQ(some.size(), 200u);
  EXPECT_EQ(std::set<char>(some.begin(), some.end()).size(), 200u);
  EXPECT_EQ(DrawnBytes(0, 7), "");
}

// A file the program must not write (an HTTP client given a 404): `absent: true`, alone.
TEST(ExpectedFiles, AFileThatMustBeAbsentHasNoContentAndSaysTrue) {
  LoadResult r = LoadSpecString(std::string(kRoles) +
                                    "cases:\n"                                      // 4
                                    "  - name: refused\n"                           // 5
                                    "    role: receiver\n"                          // 6
                                    "    script: [{connect: a}]\n"                  // 7
                                    "    expect:\n"                                 // 8
                                    "      files:\n"                                // 9
                                    "        - {path: page.html, absent: true}\n",  // 10
                                "ft.yaml");
  ASSERT_TRUE(r.ok()) << Errors(r);
  ASSERT_EQ(r.spec->cases[0].expect.files.size(), 1u);
  EXPECT_TRUE(r.spec->cases[0].expect.files[0].absent);
  LoadResult bad = LoadSpecString(std::string(kRoles) +
                                      "cases:\n"                                            // 4
                                      "  - name: refused\n"                                 // 5
                                      "    role: receiver\n"                                // 6
                                      "    script: [{connect: a}]\n"                        // 7
                                      "    expect:\n"                                       // 8
                                      "      files:\n"                                      // 9
                                      "        - {path: a.html, absent: false}\n"           // 10
                                      "        - {path: b.html, absent: true, text: x}\n",  // 11
                                  "ft.yaml");
  const std::string errors = Errors(bad);
  EXPECT_NE(errors.find("ft.yaml:10:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'absent: false' says nothing"), std::string::npos) << errors;
  EXPECT_NE(errors.find("ft.yaml:11:11: a file that must be absent has no content to compare"),
            std::string::npos)
      << errors;
}

TEST(ExpectedFiles, MistakesAreErrorsAtTheirPlace) {
  LoadResult r =
      LoadSpecString(std::string(kRoles) +
                         "files:\n"                                                      // 4
                         "  - {path: a.bin, draw: bytes}\n"                              // 5
                         "  - {path: b.bin, text: x, size: 3}\n"                         // 6
                         "  - {path: c.bin, draw: bytes, size: 9000000}\n"               // 7
                         "  - {path: d.bin, draw: words, size: 3}\n"                     // 8
                         "  - {path: e.bin, text: x, held_by: peer, roles: [sender]}\n"  // 9
                         "  - {path: f.bin, text: x, roles: [client]}\n"                 // 10
                         "  - {path: g.bin, text: x}\n"                                  // 11
                         "  - {path: h.bin, text: x, held_by: nobody}\n"                 // 12
                         "cases:\n"                                                      // 13
                         "  - name: one\n"                                               // 14
                         "    role: receiver\n"                                          // 15
                         "    script: [{connect: a}]\n"                                  // 16
                         "    expect:\n"                                                 // 17
                         "      files:\n"                                                // 18
                         "        - {path: x.bin, same_as: nowhere.bin}\n"               // 19
                         "        - {path: y.bin, same_as: g.bin, text: x}\n"            // 20
                         "        - {path: g.bin, same_as: g.bin}\n"                     // 21
                         "        - {path: ../z.bin, text: x}\n",                        // 22
                     "ft.yaml");
  const std::string errors = Errors(r);
  EXPECT_NE(errors.find("ft.yaml:5:5: a drawn file needs its 'size'"), std::string::npos) << errors;
  EXPECT_NE(errors.find("ft.yaml:6:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("'size' is the size of a drawn file"), std::string::npos) << errors;
  EXPECT_NE(errors.find("ft.yaml:7:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("ft.yaml:8:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("a file held by the peer goes into no program's folder"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("ft.yaml:10:5: the file 'f.bin' is for the role 'client', which the spec "
                        "does not have (its roles: receiver, sender)"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("ft.yaml:12:"), std::string::npos) << errors;
  EXPECT_NE(errors.find("ft.yaml:19:11: 'same_as: nowhere.bin' names no file of 'files'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("ft.yaml:20:11: a file the program writes is compared with 'same_as'"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("ft.yaml:21:11: the spec itself puts 'g.bin' in the folder of the "
                        "receiver's cases"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("ft.yaml:22:"), std::string::npos) << errors;
}

}  // namespace
}  // namespace netgrade::spec
