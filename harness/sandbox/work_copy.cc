#include "harness/sandbox/work_copy.h"

#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>

#include "harness/base/error.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;

void RemoveStaleTempFiles() {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    std::string name = e.path().filename().string();
    if (name.rfind("netgrade-", 0) != 0) continue;
    char* end = nullptr;
    long owner = std::strtol(name.c_str() + 9, &end, 10);
    if (owner <= 0 || *end != '-' || ::kill(static_cast<pid_t>(owner), 0) == 0 || errno != ESRCH)
      continue;
    struct stat st;
    if (::lstat(e.path().c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
    fs::remove_all(e.path(), ec);
  }
}

std::string TempTemplate(const std::string& what) {
  static std::once_flag cleaned;
  std::call_once(cleaned, RemoveStaleTempFiles);
  return (fs::temp_directory_path() / fmt::format("netgrade-{}-{}XXXXXX", ::getpid(), what))
      .string();
}

WorkCopy::WorkCopy(const fs::path& source) {
  std::string tmpl = TempTemplate("");
  if (::mkdtemp(tmpl.data()) == nullptr) throw SystemError("mkdtemp " + tmpl, errno);
  root_ = tmpl;
  dir_ = root_ / "submission";
  fs::copy(source, dir_, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
}

void WorkCopy::GiveTo(int uid, int gid) {
  // The root stays the grader's (so the program cannot remove the copy's parent), but the
  // program may enter it and owns its own files.
  ::chmod(root_.c_str(), 0711);
  ::lchown(dir_.c_str(), uid, gid);
  for (const auto& e : fs::recursive_directory_iterator(dir_)) ::lchown(e.path().c_str(), uid, gid);
}

WorkCopy::~WorkCopy() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

plan::Program WorkCopy::Relocate(const plan::Program& program, const fs::path& source) const {
  plan::Program p = program;
  std::error_code ec;
  fs::path rel = fs::relative(program.path, fs::absolute(source), ec);
  if (!ec && !rel.empty() && rel.begin()->string() != "..") p.path = dir_ / rel;
  return p;
}

}  // namespace netgrade::sandbox
