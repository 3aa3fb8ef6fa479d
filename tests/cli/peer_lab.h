// A transport lab kept outside the repository whose cases play the instructor's own programs
// (transfer: {peer: {folder: instructor}}): its receiver against a student's sender, its
// sender against a student's receiver. For the tests that grade it with the netgrade binary.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace netgrade::testing_cli {

constexpr const char* kPeerLab = R"(exercise: rt
protocol: transport
packet:
  fields:
    type: {offset: 0, size: 1}
    flags: {offset: 1, size: 1}
    checksum: {offset: 2, size: 2}
    seq: {offset: 4, size: 4}
    len: {offset: 8, size: 2}
roles:
  sender: {names: [sender], listens: false, argv: ["{host}", "{port}", "photo.bin", "8"]}
  receiver: {names: [receiver], listens: true, argv: ["{port}", "out.bin"]}
files:
  - {path: photo.bin, draw: bytes, size: 30000, roles: [sender]}
  - {path: incoming.bin, draw: bytes, size: 20000, held_by: peer}
cases:
  - name: against-instructor
    role: sender
    timeout: 10s
    transfer: {file: photo.bin, window: 8, peer: {folder: instructor}}
    link: {rate: 10Mbit, delay: 10ms, loss: 5%}
    expect: {delivered: true, well_formed: true, in_flight: {at_most: 8}, exit_status: 0}
  - name: from-instructor
    role: receiver
    timeout: 10s
    transfer:
      file: incoming.bin
      peer: {folder: instructor, argv: ["{host}", "{port}", "incoming.bin", "4"]}
    link: {delay: 5ms, loss: 5%}
    expect:
      files: [{path: out.bin, same_as: incoming.bin}]
      acks: cumulative
      exit_status: 0
)";

// A file of the source tree, as text.
inline std::string SourceText(const std::string& path) {
  std::ifstream in(std::string(NETGRADE_SOURCE_DIR) + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes the lab into `dir` (readable by every user): rt.yaml, instructor/ holding the
// instructor's programs (`files`: name and text; none when empty), and alice/ holding the
// Python references of both roles as the student's submission.
inline void WritePeerLab(const std::filesystem::path& dir,
                         const std::vector<std::pair<std::string, std::string>>& files) {
  namespace fs = std::filesystem;
  const auto open = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                    fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(dir, open);
  std::ofstream(dir / "rt.yaml") << kPeerLab;
  fs::create_directory(dir / "instructor");
  fs::permissions(dir / "instructor", open);
  for (const auto& [name, text] : files) std::ofstream(dir / "instructor" / name) << text;
  fs::create_directory(dir / "alice");
  fs::permissions(dir / "alice", open);
  for (const char* role : {"sender", "receiver"})
    std::ofstream(dir / "alice" / (std::string(role) + ".py"))
        << SourceText(std::string("reference/reliable-transfer/python/") + role + ".py");
}

}  // namespace netgrade::testing_cli
