#include "harness/cli/gradescope_bundle.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <optional>
#include <set>
#include <string_view>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/base/run_command.h"
#include "harness/kinds/transport/spec_parts.h"
#include "harness/spec/load.h"

namespace netgrade::cli {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxSourceFile = 64 << 20;

// `git -C source ls-files -z`, or nullopt when git is missing or says this is no checkout.
std::optional<std::vector<std::string>> GitFiles(const fs::path& source) {
  std::error_code ec;
  if (!fs::exists(source / ".git", ec)) return std::nullopt;  // a file in a worktree
  std::optional<CommandRan> ran = RunCommand({"git", "-C", source.string(), "ls-files", "-z"});
  // No git, or not a checkout git reads: walk the tree instead.
  if (!ran || ran->status != 0) return std::nullopt;
  const std::string& listing = ran->out;
  std::vector<std::string> files;
  for (size_t start = 0; start < listing.size();) {
    size_t end = listing.find('\0', start);
    if (end == std::string::npos) end = listing.size();
    files.push_back(listing.substr(start, end - start));
    start = end + 1;
  }
  return files;
}

std::vector<std::string> WalkFiles(const fs::path& source) {
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(source), end;
  for (; it != end; ++it) {
    const fs::directory_entry& entry = *it;
    std::string name = entry.path().filename().string();
    if (entry.is_directory() && !entry.is_symlink()) {
      if (name.front() == '.' || fs::exists(entry.path() / "CMakeCache.txt"))
        it.disable_recursion_pending();
      continue;
    }
    if (entry.is_regular_file() && !entry.is_symlink())
      files.push_back(fs::relative(entry.path(), source).string());
  }
  return files;
}

ZipMember FileMember(const fs::path& path, const std::string& name, int mode) {
  std::optional<std::string> contents = ReadFile(path.string(), kMaxSourceFile);
  if (!contents) throw UsageError(fmt::format("{}: cannot be read", path.string()));
  return {name, std::move(*contents), mode};
}

// What `spec` reads from beside it (in `dir`), as members under spec/, each once.
void BesideTheSpec(const spec::Spec& spec, const fs::path& dir, std::vector<ZipMember>* members) {
  std::set<std::string> taken;
  auto add = [&](const fs::path& path, const std::string& rel, int mode) {
    if (taken.insert(rel).second) members->push_back(FileMember(path, "spec/" + rel, mode));
  };
  for (const spec::GivenFile& f : spec.files)
    if (!f.from.empty() && taken.insert(f.from).second)
      members->push_back({"spec/" + f.from, f.content, 0644});
  for (const spec::Case& c : spec.cases) {
    if (transport::LinkOf(c))
      for (const spec::LinkDirection* d : {&transport::LinkOf(c)->out, &transport::LinkOf(c)->back})
        if (!d->trace_from.empty()) add(dir / d->trace_from, d->trace_from, 0644);
    if (!c.peer_program || !taken.insert(c.peer_program->written + "/").second) continue;
    // Its regular files (no link is followed out of it), as the instructor wrote them.
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(c.peer_program->folder, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
      struct stat st{};
      const int mode = ::stat(it->path().c_str(), &st) == 0 && (st.st_mode & 0111) ? 0755 : 0644;
      add(it->path(), it->path().lexically_relative(dir).string(), mode);
    }
  }
}

}  // namespace

std::vector<std::string> SourceFiles(const fs::path& source) {
  std::vector<std::string> files = GitFiles(source).value_or(std::vector<std::string>{});
  if (files.empty()) files = WalkFiles(source);
  // A tracked file deleted or replaced by a link in the checkout has nothing to bundle.
  std::erase_if(files, [&](const std::string& f) {
    struct stat st{};
    return ::lstat((source / f).c_str(), &st) != 0 || !S_ISREG(st.st_mode);
  });
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> BuildFiles(const std::vector<std::string>& files) {
  std::vector<std::string> kept;
  for (const std::string& f : files) {
    for (std::string_view path : kBuildPaths) {
      bool folder = path.ends_with('/');
      if (folder ? f.starts_with(path) : f == path) {
        kept.push_back(f);
        break;
      }
    }
  }
  return kept;
}

std::vector<ZipMember> GradescopeBundle(const fs::path& source, const fs::path& spec) {
  const fs::path scripts = source / "ci/templates/gradescope";
  std::vector<ZipMember> members;
  members.push_back(FileMember(scripts / "setup.sh", "setup.sh", 0755));
  members.push_back(FileMember(scripts / "run_autograder", "run_autograder", 0755));
  members.push_back(FileMember(spec, "spec/" + spec.filename().string(), 0644));
  // The files the spec reads from beside it (files: from:, a link's trace, the folder of an
  // instructor's program that plays a peer), where the bundled spec looks.
  if (spec::LoadResult loaded = spec::LoadSpecFile(spec.string()); loaded.spec)
    BesideTheSpec(*loaded.spec, spec.parent_path(), &members);
  std::vector<std::string> files = BuildFiles(SourceFiles(source));
  if (std::find(files.begin(), files.end(), "CMakeLists.txt") == files.end())
    throw UsageError(
        fmt::format("--source {}: no CMakeLists.txt: not netgrade's source tree", source.string()));
  for (const std::string& f : files) {
    struct stat st{};
    int mode = ::stat((source / f).c_str(), &st) == 0 && (st.st_mode & 0111) ? 0755 : 0644;
    members.push_back(FileMember(source / f, "netgrade/" + f, mode));
  }
  return members;
}

}  // namespace netgrade::cli
