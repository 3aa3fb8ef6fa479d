#include "harness/run/spec_files.h"

#include <fmt/core.h>
#include <sys/stat.h>

#include "harness/base/file.h"
#include "harness/base/remove_tree.h"
#include "harness/spec/given_files.h"

namespace netgrade::run {

namespace fs = std::filesystem;

namespace {

// Makes room for `path` under `dir`: each folder on the way made, and what the student left
// where a folder or the file goes (a file named like the folder, a folder named like the
// file) removed. The copy is the grader's own: nothing the student owns is touched.
bool MakeRoom(const fs::path& dir, const fs::path& rel) {
  fs::path at = dir;
  std::error_code ec;
  for (auto part = rel.begin(); part != rel.end(); ++part) {
    at /= *part;
    bool last = std::next(part) == rel.end();
    fs::file_status st = fs::symlink_status(at, ec);
    if (ec && st.type() != fs::file_type::not_found) return false;
    bool is_dir = st.type() == fs::file_type::directory;
    if (st.type() != fs::file_type::not_found && (last || !is_dir)) {
      if (!RemoveTree(at).ok()) return false;
      is_dir = false;
    }
    if (!last && !is_dir && !fs::create_directory(at, ec)) return false;
  }
  return true;
}

std::string Put(const spec::GivenFile& f, const fs::path& dir) {
  fs::path to = dir / f.path;
  int mode = f.read_only ? 0444 : 0644;
  if (!MakeRoom(dir, f.path) || !WriteFile(to.string(), f.content, mode) ||
      ::chmod(to.c_str(), static_cast<mode_t>(mode)) != 0)
    return fmt::format("could not write the spec's file {} into the program's folder", f.path);
  return "";
}

}  // namespace

std::string PutGivenFiles(const spec::Spec& spec, const fs::path& dir) {
  for (const spec::GivenFile& f : spec.files) {
    if (f.peer_only || !f.roles.empty()) continue;  // no folder's, or some cases' only
    if (std::string failed = Put(f, dir); !failed.empty()) return failed;
  }
  return "";
}

std::string PutCaseFiles(const spec::Spec& spec, const spec::Case& test, const fs::path& dir) {
  for (const spec::GivenFile& f : spec.files)
    if (!f.roles.empty() && spec::GoesTo(f, test.role))
      if (std::string failed = Put(f, dir); !failed.empty()) return failed;
  // What the program is to write is not there before it runs, whatever the student shipped.
  for (const spec::ExpectedFile& f : test.expect.files) {
    std::error_code ec;
    if (fs::symlink_status(dir / f.path, ec).type() == fs::file_type::not_found) continue;
    if (!RemoveTree(dir / f.path).ok())
      return fmt::format(
          "could not clear {} in the program's folder, which the case expects it "
          "to write",
          f.path);
  }
  return "";
}

}  // namespace netgrade::run
