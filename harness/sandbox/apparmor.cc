#include "harness/sandbox/apparmor.h"

#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>

#include "harness/base/file.h"
#include "harness/base/run_command.h"
#include "harness/base/sha256.h"
#include "harness/base/text.h"

namespace netgrade::sandbox {
namespace fs = std::filesystem;
namespace {

constexpr const char* kPackagedBinary = "/usr/bin/netgrade";

std::string Under(const std::string& root, const std::string& path) {
  return root == "/" ? path : (fs::path(root) / path.substr(1)).string();
}

// The first line of what the parser said, for one sentence.
std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.empty() ? "it printed nothing" : line;
}

// A /proc or /sys file's one line, without its newline; "" when it cannot be read.
std::string LineOf(const std::string& file) {
  std::string text = ReadFile(file).value_or("");
  return std::string(TrimRight(text.substr(0, text.find('\n'))));
}

// The path as a profile's attachment: AppArmor's globbing characters and white space would
// make it another pattern, or no profile at all; such a path gets none.
bool PlainPath(const std::string& path) {
  if (path.empty() || path[0] != '/') return false;
  for (char c : path)
    if (std::string_view("*?[]{}^\"\\ \t\n,#@=").find(c) != std::string_view::npos) return false;
  return true;
}

// A netgrade that runs through a dynamic loader of its own (the portable archive,
// ci/portable.sh): a profile would attach to the loader, which runs any program it is given.
bool ThroughALoader(const std::string& binary) {
  return fs::path(binary).filename().string().rfind("ld-", 0) == 0;
}

constexpr const char* kNoProfileForALoader =
    "this netgrade runs through the dynamic loader of its portable archive ({}), and a profile "
    "for that would let any program make user namespaces: install netgrade's .deb, or build "
    "it on this system (ci/setup), and give that one its profile";

}  // namespace

AppArmorHere LookAtAppArmor(const std::string& root) {
  AppArmorHere here;
  std::error_code ec;
  here.running = fs::exists(Under(root, "/sys/kernel/security/apparmor"), ec);
  here.restricts_userns =
      LineOf(Under(root, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns")) == "1";
  // Linux 5.8 and later: the LSM's own file; before, the shared one.
  for (const char* attr : {"/proc/self/attr/apparmor/current", "/proc/self/attr/current"})
    if (std::string current = LineOf(Under(root, attr)); !current.empty()) {
      here.current = current;
      break;
    }
  return here;
}

std::string AppArmorProfileName(const std::string& binary) {
  if (binary == kPackagedBinary) return "netgrade";
  return "netgrade-" + Sha256Hex(binary).substr(0, 8);
}

std::string AppArmorProfile(const std::string& binary) {
  return fmt::format(
      "# netgrade's own AppArmor profile (written by `netgrade apparmor`): on systems that let\n"
      "# only programs with a profile make user namespaces (Ubuntu 23.10 and later), it lets\n"
      "# {0}, and no other program, make the namespaces it grades in.\n"
      "# Unconfined otherwise, as Ubuntu's own profiles for browsers and container tools are.\n"
      "abi <abi/4.0>,\n"
      "include <tunables/global>\n"
      "\n"
      "profile {1} {0} flags=(unconfined) {{\n"
      "  userns,\n"
      "\n"
      "  include if exists <local/{1}>\n"
      "}}\n",
      binary, AppArmorProfileName(binary));
}

std::string InstallAppArmorProfile(const AppArmorInstall& install) {
  if (ThroughALoader(install.binary))
    return fmt::format(fmt::runtime(kNoProfileForALoader), install.binary) +
           ": nothing was installed";
  if (!PlainPath(install.binary))
    return fmt::format(
        "netgrade is at {}, a path an AppArmor profile cannot name (a space, a comma or a "
        "globbing character in it): move it to a plain path first",
        install.binary);
  AppArmorHere here = LookAtAppArmor(install.root);
  if (!here.running)
    return "AppArmor is not running on this machine (no /sys/kernel/security/apparmor): "
           "netgrade needs no profile here to make user namespaces; nothing was installed";
  if (install.require_root && ::geteuid() != 0)
    return fmt::format("writing to {} takes root: sudo {} apparmor --install", install.profiles_dir,
                       install.binary);
  const std::string name = AppArmorProfileName(install.binary);
  const fs::path file = fs::path(install.profiles_dir) / name;
  const std::string profile = AppArmorProfile(install.binary);
  std::optional<std::string> present = ReadFile(file.string());
  if (present && *present != profile)
    return fmt::format(
        "{} is already there and differs from netgrade's profile for {}: nothing was changed. "
        "Compare them (diff {} <({} apparmor)), then remove it and install again",
        file.string(), install.binary, file.string(), install.binary);
  // Written whole beside it, then renamed: a reader never sees half a profile.
  const fs::path partial = fs::path(install.profiles_dir) / ("." + name + ".new");
  if (!present && !WriteFile(partial.string(), profile, 0644))
    return fmt::format("could not write {}: nothing was installed", partial.string());
  std::error_code ec;
  if (!present) {
    fs::rename(partial, file, ec);
    if (ec) {
      fs::remove(partial, ec);
      return fmt::format("could not put the profile at {}: nothing was installed", file.string());
    }
  }
  std::optional<CommandRan> ran = RunCommand({install.parser, "-r", file.string()}, true);
  if (ran && ran->status == 0) return "";
  if (!present) fs::remove(file, ec);  // nothing half installed: not loaded, not kept
  if (!ran)
    return fmt::format(
        "{} is not installed (apt-get install apparmor), so the profile could not be loaded: "
        "nothing was installed",
        install.parser);
  return fmt::format("{} refused the profile ({}): nothing was installed", install.parser,
                     FirstLine(ran->out));
}

std::string AppArmorRemedy(const AppArmorHere& here, const std::string& binary) {
  if (!here.restricts_userns || here.current != "unconfined") return "";
  if (ThroughALoader(binary))
    return "This system's AppArmor lets only programs with a profile make user namespaces "
           "(Ubuntu 23.10 and later), and " +
           fmt::format(fmt::runtime(kNoProfileForALoader), binary);
  return fmt::format(
      "This system's AppArmor lets only programs with a profile make user namespaces "
      "(Ubuntu 23.10 and later); install netgrade's own, once: sudo {} apparmor --install",
      binary);
}

}  // namespace netgrade::sandbox
