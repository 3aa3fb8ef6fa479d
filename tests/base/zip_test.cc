// The zip writer, read back by an independent reader (Python's zipfile: its directory
// parser, CRC check and the Unix modes it reports), not by code of ours.
#include "harness/base/zip.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "harness/base/file.h"

namespace netgrade {
namespace {
namespace fs = std::filesystem;

// Python's view of the archive: "name mode size" per member, then "crc ok" when every
// member's CRC matches its bytes.
std::string ReadBack(const std::string& zip) {
  fs::path dir = fs::temp_directory_path() / ("netgrade-zip-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / "a.zip";
  EXPECT_TRUE(WriteFile(path, zip));
  std::string command =
      "python3 -c 'import sys, zipfile\n"
      "z = zipfile.ZipFile(sys.argv[1])\n"
      "for i in z.infolist(): print(i.filename, oct(i.external_attr >> 16), i.file_size, "
      "repr(z.read(i)))\n"
      "print(\"crc ok\" if z.testzip() is None else \"crc bad\")' " +
      path.string() + " 2>&1";
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  char buffer[4096];
  size_t n;
  while (p != nullptr && (n = std::fread(buffer, 1, sizeof buffer, p)) > 0) out.append(buffer, n);
  if (p != nullptr) ::pclose(p);
  fs::remove_all(dir);
  return out;
}

TEST(StoreZip, ReadsBackWithNamesModesAndContents) {
  std::string zip = StoreZip({{"setup.sh", "#!/bin/sh\necho hi\n", 0755},
                              {"netgrade/specs/a b.yaml", "exercise: x\n", 0644},
                              {"empty", "", 0600}});
  EXPECT_EQ(ReadBack(zip),
            "setup.sh 0o100755 18 b'#!/bin/sh\\necho hi\\n'\n"
            "netgrade/specs/a b.yaml 0o100644 12 b'exercise: x\\n'\n"
            "empty 0o100600 0 b''\n"
            "crc ok\n");
}

TEST(StoreZip, UnicodeNamesAndBinaryContents) {
  std::string bytes("\0\xff\x01zip", 6);
  std::string zip = StoreZip({{"caf\xc3\xa9.bin", bytes, 0644}});
  EXPECT_EQ(ReadBack(zip), "caf\xc3\xa9.bin 0o100644 6 b'\\x00\\xff\\x01zip'\ncrc ok\n");
}

TEST(StoreZip, AnEmptyArchiveIsValid) { EXPECT_EQ(ReadBack(StoreZip({})), "crc ok\n"); }

// Fixed timestamps: the same members give the same bytes, so two bundles can be compared.
TEST(StoreZip, SameMembersSameBytes) {
  std::vector<ZipMember> members = {{"a", "1", 0644}, {"b/c", "2", 0755}};
  EXPECT_EQ(StoreZip(members), StoreZip(members));
  EXPECT_NE(StoreZip(members), StoreZip({{"a", "1", 0644}, {"b/c", "3", 0755}}));
}

TEST(StoreZip, RefusesNamesThatEscapeOrRepeat) {
  for (const char* name : {"", "/etc/passwd", "../x", "a/../b", "a//b", "./a", "dir/"})
    EXPECT_THROW(StoreZip({{name, "x", 0644}}), std::invalid_argument) << name;
  EXPECT_THROW(StoreZip({{"a", "x", 0644}, {"a", "y", 0644}}), std::invalid_argument);
}

}  // namespace
}  // namespace netgrade
