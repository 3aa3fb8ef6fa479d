// The instructors' programs a spec's cases play as their peers (spec::PeerProgram: a transport
// lab's `transfer: {peer: {folder: DIR}}`), made ready once per grading as a submission is
// (copied, checked, the spec's files put in, built), before any case; and each case's copy of
// one, with the files its role gets and those netgrade's peer holds.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "harness/run/prepared_submission.h"
#include "harness/spec/spec.h"

namespace netgrade::run {

// By folder (spec::PeerProgram::folder), for the cases `options` grades. Throws UsageError (the
// lab's layout error, exit 2) naming the folder and the case when one has no program for its
// role, or its program does not build; plan::MissingToolchain when this machine lacks its
// language's.
std::map<std::string, std::shared_ptr<const PreparedSubmission>> PreparePeerPrograms(
    const spec::Spec& spec, const GradeOptions& options);

// In the copy a case's peer program runs in: the spec's files for its role (`roles:`) and
// those netgrade's own peer would hold (`held_by: peer`): a sending peer sends one of them.
// Returns "" or what could not be written.
std::string PutPeerProgramFiles(const spec::Spec& spec, const spec::PeerProgram& peer,
                                const std::filesystem::path& dir);

}  // namespace netgrade::run
