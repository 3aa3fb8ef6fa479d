#include "harness/run/peer_programs.h"

#include <fmt/core.h>

#include <set>

#include "harness/base/error.h"
#include "harness/base/file.h"
#include "harness/spec/given_files.h"

namespace netgrade::run {
namespace fs = std::filesystem;

namespace {

// Whether `options` grades case `c` (its role and its name chosen, or all).
bool Graded(const GradeOptions& options, const spec::Case& c) {
  return (options.roles.empty() || options.roles.count(c.role)) &&
         (options.cases.empty() || options.cases.count(c.name));
}

// The folder of `peer` made ready for `roles` (every role the graded cases play from it).
std::shared_ptr<const PreparedSubmission> Prepare(const spec::Spec& spec,
                                                  const GradeOptions& options, const spec::Case& c,
                                                  const std::set<std::string>& roles) {
  const spec::PeerProgram& peer = *c.peer_program;
  GradeOptions as_peer;
  as_peer.run = options.run;
  as_peer.roles = roles;
  as_peer.keep_copy = true;
  const std::string where =
      fmt::format("the peer's folder '{}' (case '{}', {})", peer.written, c.name, spec.file);
  std::unique_ptr<PreparedSubmission> p;
  try {
    p = PrepareSubmission(spec, as_peer, peer.folder);
  } catch (const UsageError& e) {
    throw UsageError(fmt::format("{}: {}", where, e.what()));
  }
  if (!p->build_error.empty() || !p->checked)
    throw std::runtime_error(
        fmt::format("{} could not be made ready: {}{}", where, p->build_error, p->copy_failure));
  for (const std::string& role : roles) {
    const check::Finding& failed = !p->build_failure.ok() ? p->build_failure
                                   : p->role_build_failure.count(role)
                                       ? p->role_build_failure.at(role)
                                       : check::Finding{};
    if (!failed.ok())
      throw UsageError(fmt::format("{}: the instructor's {} did not build: {} {}", where, role,
                                   failed.cause, failed.evidence));
    if (!p->programs.count(role))
      throw UsageError(fmt::format("{} has no program for the role '{}'", where, role));
  }
  return p;
}

}  // namespace

std::map<std::string, std::shared_ptr<const PreparedSubmission>> PreparePeerPrograms(
    const spec::Spec& spec, const GradeOptions& options) {
  // Each folder once, with every role a graded case plays from it.
  std::map<std::string, std::set<std::string>> roles;
  std::map<std::string, const spec::Case*> first;
  for (const spec::Case& c : spec.cases)
    if (c.peer_program && Graded(options, c)) {
      roles[c.peer_program->folder].insert(c.peer_program->role);
      first.try_emplace(c.peer_program->folder, &c);
    }
  std::map<std::string, std::shared_ptr<const PreparedSubmission>> out;
  for (const auto& [folder, its_roles] : roles)
    out[folder] = Prepare(spec, options, *first.at(folder), its_roles);
  return out;
}

std::string PutPeerProgramFiles(const spec::Spec& spec, const spec::PeerProgram& peer,
                                const fs::path& dir) {
  for (const spec::GivenFile& f : spec.files) {
    if (!f.peer_only && (f.roles.empty() || !spec::GoesTo(f, peer.role))) continue;
    std::error_code ec;
    fs::create_directories((dir / f.path).parent_path(), ec);
    if (!WriteFile((dir / f.path).string(), f.content, 0644))
      return fmt::format("could not write the spec's file {} into the peer's folder", f.path);
  }
  return "";
}

}  // namespace netgrade::run
