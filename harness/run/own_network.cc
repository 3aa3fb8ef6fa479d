#include "harness/run/own_network.h"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "harness/kinds/kind.h"
#include "harness/sandbox/apparmor.h"
#include "harness/sandbox/netns.h"

namespace netgrade::run {

std::string NeedsOwnNetwork(const spec::Spec& spec, const spec::Case& test) {
  const kinds::Kind& kind = kinds::KindOf(spec.protocol);
  return kind.needs_own_network ? kind.needs_own_network(spec, test) : "";
}

Platform ThisPlatform() {
  // Looked at once (AppArmor's files, the environment): the same for every case of a run.
  static const Platform platform = [] {
    Platform p;
    p.root = ::geteuid() == 0;
    std::error_code error;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    p.apparmor_remedy = sandbox::AppArmorRemedy(sandbox::LookAtAppArmor(), self.string());
    p.gitlab = std::getenv("GITLAB_CI") != nullptr;
    p.github = std::getenv("GITHUB_ACTIONS") != nullptr;
    return p;
  }();
  return platform;
}

std::string OwnNetworkRemedy(const Platform& p) {
  // Where AppArmor is what refuses (Ubuntu 23.10 and later), its remedy is netgrade's own
  // profile, never the sysctl that turns the protection off for every program.
  if (!p.apparmor_remedy.empty()) return p.apparmor_remedy;
  if (p.root && p.gitlab)
    return "Run the job on a GitLab runner whose config.toml sets privileged = true under "
           "[runners.docker] (its containers may then make network namespaces)";
  if (p.root)
    return "Run netgrade's container with docker run --privileged (or --cap-add SYS_ADMIN "
           "--security-opt seccomp=unconfined --security-opt apparmor=unconfined), where root "
           "may make network namespaces";
  if (p.github) return "Run netgrade with sudo in the job's step (sudo netgrade check ...)";
  return "Run netgrade as root (sudo netgrade check ...), or as a user the system allows user "
         "namespaces (Debian 10 and older: sysctl kernel.unprivileged_userns_clone=1)";
}

namespace {

std::string Sentence(const std::string& needs, const std::string& why, const Platform& platform) {
  return fmt::format(
      "Not run on this machine: {}, and netgrade cannot make them here ({}). This is not your "
      "program's fault, and it never runs on the machine's own network instead. {}.",
      needs, why, OwnNetworkRemedy(platform));
}

}  // namespace

std::string NotRunHere(const spec::Spec& spec, const spec::Case& test, const std::string& why,
                       const Platform& platform) {
  std::string needs = NeedsOwnNetwork(spec, test);
  return needs.empty() ? "" : Sentence(needs, why, platform);
}

std::string NotRunHere(const spec::Spec& spec, const spec::Case& test, const RunOptions& options) {
  std::string needs = NeedsOwnNetwork(spec, test);
  if (needs.empty()) return "";
  std::string why;
  if (options.isolate && sandbox::NetNamespace::Available(&why)) return "";
  if (!options.isolate) why = "cases were asked to run without isolation";
  return Sentence(needs, why, ThisPlatform());
}

std::string SpecNotRunHere(const spec::Spec& spec, const RunOptions& options) {
  for (const spec::Case& c : spec.cases)
    if (std::string why = NotRunHere(spec, c, options); !why.empty())
      return fmt::format("case '{}': {}", c.name, why);
  return "";
}

}  // namespace netgrade::run
